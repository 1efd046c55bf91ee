package format

import (
	"strings"
	"testing"

	"github.com/segc/segc/dsl/ast"
)

func col(name, typ string, nullable bool) *ast.Column {
	return &ast.Column{Name: id(name), Type: &ast.TypeRef{Name: id(typ), Nullable: nullable}}
}

func TestSourceHandBuilt(t *testing.T) {
	f := &ast.File{Decls: []ast.Decl{
		&ast.TableDecl{Kind: ast.EntitiesTable, Name: id("customers"), Key: id("customer_id"),
			Columns: []*ast.Column{col("country", "string", false), col("engagement_score", "float", true)}},
		&ast.TableDecl{Kind: ast.EventsTable, Name: id("events"), Key: id("customer_id"), Time: id("ts"), ID: id("event_id"),
			From: str(`"raw_events"`), Where: bin(id("amount"), ">=", num("0")),
			Columns: []*ast.Column{col("type", "string", false), col("amount", "float", true)}},
		&ast.TableDecl{Kind: ast.FeatureTable, Name: id("extra"), Key: id("customer_id")},
		&ast.FeatureDecl{Name: id("a"), Value: num("1")},
		&ast.FeatureDecl{Name: id("longer_name"), Value: bin(id("a"), "+", num("2"))},
		&ast.SegmentDecl{Path: []*ast.Ident{id("new_users"), id("vip")},
			Holdout:     &ast.Holdout{Percent: num("10")},
			Require:     id("email_opt_in"),
			Where:       bin(id("a"), ">", num("0")),
			Description: str(`"VIPs"`)},
		&ast.SegmentDecl{Path: []*ast.Ident{id("empty")}},
	}}
	want := `entities customers key customer_id {
  country           string
  engagement_score  float?
}

events events key customer_id time ts id event_id from "raw_events" where amount >= 0 {
  type    string
  amount  float?
}

table extra key customer_id {}
feature a           = 1
feature longer_name = a + 2

segment new_users.vip {
  description "VIPs"
  where a > 0
  require email_opt_in
  holdout 10%
}

segment empty {}
`
	got, err := Source(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSourceRefusesBadDecl(t *testing.T) {
	f := &ast.File{Decls: []ast.Decl{&ast.FeatureDecl{Name: id("a"), Value: num("1")}, &ast.BadDecl{}}}
	out, err := Source(f)
	if err == nil || !strings.Contains(err.Error(), "syntax errors") {
		t.Fatalf("Source = %q, %v; want a syntax-error refusal", out, err)
	}
}

func TestSourceEmpty(t *testing.T) {
	got, err := Source(&ast.File{})
	if err != nil || len(got) != 0 {
		t.Errorf("Source(empty) = %q, %v; want empty output", got, err)
	}
	if _, err := Source(nil); err == nil {
		t.Error("Source(nil) gave no error")
	}
}
