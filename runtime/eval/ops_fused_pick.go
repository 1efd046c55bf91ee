package eval

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// arithPickKernel compiles float arithmetic with an operand that is an
// int min or max against a literal, cast to float (`clicks_30d /
// max(opens_30d, 1)`, the usual guard against dividing by zero): the
// pick is made and widened a chunk at a time inside the arithmetic, so
// its int vector is never made. ok is false for any other shape.
func (c *Compiler) arithPickKernel(x *plan.Binary) (Kernel, bool, error) {
	if !isArith(x.Op) || storage(x.Type().Kind) != types.Float {
		return nil, false, nil
	}
	operands := []plan.Expr{x.X, x.Y}
	side, call, p := -1, (*plan.Call)(nil), scalarPick{}
	for i, e := range operands {
		if cl, q, ok := castIntPick(e); ok && side < 0 {
			side, call, p = i, cl, q
		}
	}
	if side < 0 {
		return nil, false, nil
	}
	if _, err := c.callRow(call); err != nil {
		return nil, false, err
	}
	ks, err := c.compileArgs(call.Args[1-p.at])
	if err != nil {
		return nil, false, err
	}
	ko, err := c.compileNumber(operands[1-side])
	if err != nil {
		return nil, false, err
	}
	kv, op, kind, pickKind := ks[0], x.Op, x.Type().Kind, call.Type().Kind
	return func(in Inputs) Vec {
		return arithPick(op, ko(in), p.operand(kv(in), pickKind), p, side, kind)
	}, true, nil
}

// isArith reports whether op is an arithmetic operator.
func isArith(op string) bool {
	switch op {
	case "+", "-", "*", "/", "%":
		return true
	}
	return false
}

// castIntPick recognises float(min or max of an int expression and a
// literal).
func castIntPick(e plan.Expr) (*plan.Call, scalarPick, bool) {
	cast, ok := e.(*plan.Cast)
	if !ok || cast.Type().Kind != types.Float {
		return nil, scalarPick{}, false
	}
	call, ok := cast.X.(*plan.Call)
	if !ok || storage(call.Type().Kind) != types.Int {
		return nil, scalarPick{}, false
	}
	p, ok := extremumConst(call)
	return call, p, ok
}

// arithPick is arith of o and the pick of v (the pick on the given side,
// 0 for the left), with the pick read chunk by chunk. Operands of other
// storage take the unfused path.
func arithPick(op string, o, v Vec, p scalarPick, side int, kind types.Kind) Vec {
	so := storage(o.Kind)
	if storage(v.Kind) != types.Int || (so != types.Int && so != types.Float) {
		picked := pickConst(v, p.c, p.at == 0, p.sign, v.Kind)
		if side == 0 {
			return arith(op, picked, o, kind)
		}
		return arith(op, o, picked, kind)
	}
	rx, ry := vecFloats(o), pickFloats(v, p)
	if side == 0 {
		rx, ry = ry, rx
	}
	return arithChunks(op, v.N, andValid(o.Valid, v.Valid), rx, ry, kind)
}

// pickFloats reads the pick of an int Vec against p's literal as floats.
func pickFloats(v Vec, p scalarPick) floatReader {
	c := p.c.I[0]
	return func(lo, hi int, buf []float64) []float64 {
		var picked [chunk]int64
		ints := picked[:hi-lo]
		pickScalar(ints, v.I[lo:hi], c, p.at == 0, p.sign)
		f := buf[:hi-lo]
		for i, x := range ints {
			f[i] = float64(x)
		}
		return f
	}
}
