package compiler

import (
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// This file holds the stop-gap for syntax the parser reads but the
// compiler does not evaluate yet: cluster declarations get an E0106 error.
// Test declarations are for `segc test`, so Compile skips them silently.
// Delete each case here when its semantics land.

// reportUnsupported reports E0106 for every not-yet-evaluated construct of
// the module.
func reportUnsupported(s *state) {
	for _, f := range s.files {
		for _, d := range f.Decls {
			s.unsupportedDecl(f.Source, d)
		}
	}
}

// unsupportedDecl reports a cluster declaration at its keyword.
func (s *state) unsupportedDecl(f *source.File, d ast.Decl) {
	switch d := d.(type) {
	case *ast.ClusterDecl:
		s.notEvaluated(f, d.KeywordSp, "cluster segments")
	}
}

// notEvaluated reports one E0106.
func (s *state) notEvaluated(f *source.File, sp source.Span, what string) {
	s.errorAt(f, diag.UnsupportedDecl, sp, what+" are parsed but not evaluated by this version yet; remove this one or comment it out for now")
}

// keywordSpan is the span of the keyword that starts sp.
func keywordSpan(sp source.Span, kw string) source.Span {
	return source.Span{Start: sp.Start, End: sp.Start + len(kw)}
}
