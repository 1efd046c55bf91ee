package compiler

import (
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// TestHandBuiltPartialTrees compiles trees with the holes a recovering
// parser might leave: it must report, not panic.
func TestHandBuiltPartialTrees(t *testing.T) {
	f := source.NewFile("h.seg", []byte("0123456789"))
	id := func(name string) *ast.Ident { return &ast.Ident{Name: name, Sp: source.Span{Start: 0, End: 1}} }
	decls := []ast.Decl{
		&ast.TableDecl{Kind: ast.EventsTable, Name: id("ev"), Key: id("k")},
		&ast.TableDecl{Kind: ast.EntitiesTable, Name: id("c"), Key: id("k"), Columns: []*ast.Column{{Name: id("x")}, nil}},
		&ast.TableDecl{Kind: ast.FeatureTable, Name: id("nokey")},
		&ast.FeatureDecl{Name: id("f")},
		&ast.FeatureDecl{Name: id("g"), Value: &ast.CallExpr{Fun: id("count"), Args: []ast.Expr{&ast.QueryExpr{Source: id("ev")}}}},
		&ast.SegmentDecl{},
		&ast.SegmentDecl{Path: []*ast.Ident{id("s")}, Holdout: &ast.Holdout{}},
		&ast.BadDecl{},
	}
	_, ds := Compile(&Module{Files: []*ast.File{{Source: f, Decls: decls}}}, builtins.Default())
	if !ds.HasErrors() {
		t.Error("no errors for a broken tree")
	}
}
