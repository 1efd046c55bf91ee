package compiler

import (
	"fmt"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// checkCall types a call according to its builtin's class.
func (s *state) checkCall(sc scope, c *ast.CallExpr) types.Type {
	if _, ok := s.timeIns[c]; ok {
		return types.Of(types.Duration)
	}
	info := s.calls[c]
	if info == nil {
		return invalid
	}
	switch info.b.Class {
	case builtins.Aggregate:
		return s.checkAggregate(sc, c, info)
	case builtins.Population:
		return s.checkPopulation(sc, c, info)
	}
	return s.checkScalar(sc, c, info)
}

// checkArgs types value arguments; ok is false when one is invalid.
func (s *state) checkArgs(sc scope, args []ast.Expr) ([]types.Type, bool) {
	ts := make([]types.Type, len(args))
	ok := true
	for i, a := range args {
		ts[i] = s.check(sc, a)
		ok = ok && ts[i].IsValid()
	}
	return ts, ok
}

// checkScalar types a scalar builtin call.
func (s *state) checkScalar(sc scope, c *ast.CallExpr, info *callInfo) types.Type {
	ts, ok := s.checkArgs(sc, info.args)
	if !ok {
		return invalid
	}
	t, ok := s.applyCheck(sc, c, info.b, ts)
	if !ok || !s.checkConsts(sc, info.b, info.args) {
		return invalid
	}
	if info.b.Widen {
		s.operands[c] = t.Kind
	}
	return t
}

// applyCheck runs a builtin's Check, reporting its error.
func (s *state) applyCheck(sc scope, c *ast.CallExpr, b *builtins.Builtin, ts []types.Type) (types.Type, bool) {
	t, err := b.Check(ts)
	if err != nil {
		s.errorAt(sc.file, diag.BadArguments, c.Sp, fmt.Sprintf("%v; the signature is %s", err, b.Signature))
		return invalid, false
	}
	return t, true
}

// checkConsts checks the arguments a builtin needs to be constants.
func (s *state) checkConsts(sc scope, b *builtins.Builtin, args []ast.Expr) bool {
	ok := true
	for _, ca := range b.Consts {
		if ca.Index >= len(args) {
			continue
		}
		a := args[ca.Index]
		v, lit := literalValue(a)
		switch {
		case !lit:
			code := diag.BadArguments
			if ca.NonConstCode {
				code = ca.Code
			}
			s.errorAt(sc.file, code, a.Span(), fmt.Sprintf("argument %d of %s must be a constant, %s; %s is not a literal", ca.Index+1, b.Name, ca.What, exprText(a)))
			ok = false
		case ca.Check(v) != nil:
			s.errorAt(sc.file, ca.Code, literalNode(a).Span(), fmt.Sprintf("argument %d of %s: %v", ca.Index+1, b.Name, ca.Check(v)))
			ok = false
		}
	}
	return ok
}

// checkPopulation types percentile, median and zscore.
func (s *state) checkPopulation(sc scope, c *ast.CallExpr, info *callInfo) types.Type {
	ts, ok := s.checkArgs(sc, info.args)
	if info.by != nil && !s.checkByKey(sc, info.by) {
		ok = false
	}
	if !ok || !s.checkConsts(sc, info.b, info.args) {
		return invalid
	}
	t, ok := s.applyCheck(sc, c, info.b, ts)
	if !ok {
		return invalid
	}
	return t
}

// checkByKey checks that a percentile's group key can group: int, string
// or bool.
func (s *state) checkByKey(sc scope, by *ast.ByArg) bool {
	t := s.check(sc, by.Key)
	switch t.Kind {
	case types.Invalid:
		return false
	case types.Int, types.String, types.Bool:
		return true
	}
	s.errorAt(sc.file, diag.BadGroupKey, by.Key.Span(),
		fmt.Sprintf("`by` groups entities by equal values of an int, string or bool; %s is %s. Group by a column such as country, or bucket it first, e.g. a feature with round(x)", exprText(by.Key), t))
	return false
}

// checkAggregate types an event aggregate: its value column, filter and
// window.
func (s *state) checkAggregate(sc scope, c *ast.CallExpr, info *callInfo) types.Type {
	if info.b.Name == "then" {
		return s.checkSequence(sc, info)
	}
	ev := scope{file: sc.file, log: info.log}
	var ts []types.Type
	ok := true
	if info.value != nil {
		t := s.check(ev, info.value)
		ts, ok = []types.Type{t}, t.IsValid()
	}
	s.checkCond(ev, info.where, "the event filter after `where`")
	s.checkWindow(sc, info.within)
	s.checkBetween(sc, info.between)
	if !ok {
		return invalid
	}
	t, ok := s.applyCheck(sc, c, info.b, ts)
	if !ok {
		return invalid
	}
	return t
}

// checkWindow checks `within D`: a positive duration literal.
func (s *state) checkWindow(sc scope, e ast.Expr) {
	if e == nil {
		return
	}
	t := s.check(sc, e)
	v, lit := literalValue(e)
	switch {
	case !t.IsValid():
	case t.Kind != types.Duration:
		s.errorAt(sc.file, diag.BadWindow, e.Span(),
			fmt.Sprintf("`within` needs a duration such as 30d, 24h or 2w, but %s is %s", exprText(e), t))
	case !lit:
		s.errorAt(sc.file, diag.BadWindow, e.Span(), "`within` needs a constant duration such as 30d")
	case v.(int64) <= 0:
		s.errorAt(sc.file, diag.NonPositiveWindow, e.Span(),
			fmt.Sprintf("the window %s is not positive; `within D` looks back D from the as-of time, so D must be above zero", exprText(e)))
	}
}
