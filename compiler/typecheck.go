package compiler

import (
	"fmt"
	"math"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// invalid is the type of an expression whose error has been reported.
var invalid = types.Type{}

// typecheck gives every expression a type. See typing rules in ops.go.
func typecheck(s *state) {
	for _, l := range s.logs {
		s.checkCond(scope{file: l.file, log: l}, l.decl.Where, "the where filter of an event log")
	}
	for _, f := range s.features {
		s.typeFeature(f)
	}
	for _, seg := range s.segments {
		sc := scope{file: seg.file}
		s.checkCond(sc, seg.decl.Where, "where")
		s.checkCond(sc, seg.decl.Require, "require")
		s.checkHoldout(seg)
	}
	s.typecheckTime()
	s.typecheckClusters()
	for _, l := range s.lifecycles {
		s.lintLifecycle(l)
	}
}

// typeFeature types a feature once; a feature reached again while it is
// being typed is in a cycle, which the order stage reports.
func (s *state) typeFeature(f *featureSym) types.Type {
	switch f.typing {
	case 1:
		return invalid
	case 2:
		return f.typ
	}
	f.typing = 1
	f.typ = s.check(scope{file: f.file}, f.decl.Value)
	f.typing = 2
	if f.typ.Kind == types.Null {
		s.errorAt(f.file, diag.TypeMismatch, f.decl.Value.Span(),
			fmt.Sprintf("feature %s is always null, so it has no type; give it a value, such as `null ?? 0`, or remove it", f.decl.Name.Name))
		f.typ = invalid
	}
	return f.typ
}

// checkCond checks that a clause is a condition (bool, possibly null).
func (s *state) checkCond(sc scope, e ast.Expr, clause string) {
	if e == nil {
		return
	}
	t := s.check(sc, e)
	if !t.IsValid() || t.Kind == types.Bool {
		return
	}
	s.errorAt(sc.file, diag.NotBool, e.Span(),
		fmt.Sprintf("%s needs a condition (bool), but this expression is %s; compare it, for example `%s > 0`", clause, t, exprText(e)))
}

// checkHoldout checks that a holdout percentage is in (0, 100).
func (s *state) checkHoldout(seg *segmentSym) {
	h := seg.decl.Holdout
	if h == nil || h.Percent == nil {
		return
	}
	p := h.Percent.Float
	if h.Percent.IsInt {
		p = float64(h.Percent.Int)
	}
	if !(p > 0 && p < 100) || math.Round(p*100) < 1 {
		s.errorAt(seg.file, diag.BadHoldout, h.Sp,
			fmt.Sprintf("holdout must be a percentage above 0 and below 100 (at least 0.01), such as `holdout 10%%`, not %s%%", h.Percent.Text))
		return
	}
	seg.holdout = int(math.Round(p * 100))
}

// check types e in scope sc and records the type.
func (s *state) check(sc scope, e ast.Expr) types.Type {
	t := s.checkNode(sc, e)
	s.types[e] = t
	return t
}

// checkNode computes the type of one expression.
func (s *state) checkNode(sc scope, e ast.Expr) types.Type {
	switch e := e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return s.refType(e)
	case *ast.NumberLit:
		if e.IsInt {
			return types.Of(types.Int)
		}
		return types.Of(types.Float)
	case *ast.DurationLit:
		return types.Of(types.Duration)
	case *ast.StringLit:
		return types.Of(types.String)
	case *ast.BoolLit:
		return types.Of(types.Bool)
	case *ast.NullLit:
		return types.Of(types.Null)
	case *ast.ParenExpr:
		return s.check(sc, e.X)
	case *ast.UnaryExpr:
		return s.checkUnary(sc, e)
	case *ast.BinaryExpr:
		return s.checkBinary(sc, e)
	case *ast.CallExpr:
		return s.checkCall(sc, e)
	case *ast.ListLit:
		s.errorAt(sc.file, diag.TypeMismatch, e.Sp, "a list [...] can only follow `in`, as in `country in [\"FR\", \"DE\"]`")
	}
	return invalid
}

// refType returns the type of a resolved name.
func (s *state) refType(e ast.Expr) types.Type {
	r, ok := s.refs[e]
	if !ok {
		return invalid
	}
	switch r.kind {
	case refFeature:
		return s.typeFeature(r.feature)
	case refSegment, refState, refTrigger, refCluster:
		return types.Of(types.Bool)
	}
	return r.col.typ
}
