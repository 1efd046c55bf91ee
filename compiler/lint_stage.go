package compiler

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// lint runs the lint rules. Its stage is onlyValid: it runs only over a
// module that parsed and compiled without errors (see stages). Each rule is
// a small function in its own lint_*.go file; docs/lint.md documents them.
func lint(s *state) {
	for _, rule := range lintRules() {
		rule(s)
	}
}

// lintRules lists the rules in the order they run.
func lintRules() []func(*state) {
	return []func(*state){
		lintUnusedFeatures,
		lintShadowedNames,
		lintConstantConditions,
		lintDuplicateSegments,
		lintNotRealTime,
		lintRetention,
	}
}

// report records a lint finding of any severity.
func (s *state) report(sev diag.Severity, f *source.File, code diag.Code, span source.Span, msg string, related ...diag.Related) {
	s.diags = append(s.diags, diag.Diagnostic{Severity: sev, Code: code, Message: msg, File: f, Span: span, Related: related})
}

// segmentNameSpan is the span of a segment's dotted name.
func segmentNameSpan(d *ast.SegmentDecl) source.Span {
	return source.Span{Start: d.Path[0].Sp.Start, End: d.Path[len(d.Path)-1].Sp.End}
}

// segmentExprs returns a segment's lowered clauses that are set.
func segmentExprs(seg *segmentSym) []plan.Expr {
	var out []plan.Expr
	for _, e := range []plan.Expr{seg.where, seg.require} {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}
