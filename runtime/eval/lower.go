package eval

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// opNames maps plan operators to the lowered function names.
func opName(op string) (string, bool) {
	switch op {
	case "and", "&&":
		return "op_and", true
	case "or", "||":
		return "op_or", true
	case "??":
		return "op_coalesce", true
	case "==":
		return "op_eq", true
	case "!=":
		return "op_ne", true
	case "<":
		return "op_lt", true
	case "<=":
		return "op_le", true
	case ">":
		return "op_gt", true
	case ">=":
		return "op_ge", true
	case "+":
		return "op_add", true
	case "-":
		return "op_sub", true
	case "*":
		return "op_mul", true
	case "/":
		return "op_div", true
	case "%":
		return "op_mod", true
	}
	return "", false
}

// lower writes e as expr-lang source: every operator becomes a function
// call, every input an In(source, a, b) call, every constant k(index).
func (l *lowering) lower(e plan.Expr) error {
	switch x := e.(type) {
	case *plan.Const:
		l.constant(x.Value, x.Type().Kind)
	case *plan.ColumnRef:
		l.input(srcColumn, x.Column, 0)
	case *plan.EventColumnRef:
		l.input(srcEventColumn, x.Log, x.Column)
	case *plan.FeatureRef:
		l.input(srcFeature, x.Feature, 0)
	case *plan.SegmentRef:
		l.input(srcSegment, x.Segment, 0)
	case *plan.AggregateRef:
		l.input(srcAggregate, x.Aggregate, 0)
	case *plan.ThresholdRef:
		l.input(srcThreshold, x.Threshold, 0)
	case *plan.Unary:
		return l.unary(x)
	case *plan.Binary:
		return l.binary(x)
	case *plan.Cast:
		return l.call("op_float", x.X)
	case *plan.In:
		return l.in(x)
	case *plan.Call:
		return l.builtin(x)
	default:
		if l.lowerTimeRef(e) || l.lowerClusterRef(e) {
			return nil
		}
		return &Error{Loc: e.Loc(), Msg: fmt.Sprintf("internal error: cannot evaluate %T", e)}
	}
	return nil
}

func (l *lowering) constant(v any, kind types.Kind) {
	if f, ok := v.(int64); ok && kind == types.Float {
		v = float64(f)
	}
	l.consts = append(l.consts, v)
	fmt.Fprintf(&l.sb, "k(%d)", len(l.consts)-1)
}

func (l *lowering) input(src, a, b int) { fmt.Fprintf(&l.sb, "In(%d, %d, %d)", src, a, b) }

// call writes name(args...).
func (l *lowering) call(name string, args ...plan.Expr) error {
	l.sb.WriteString(name + "(")
	for i, a := range args {
		if i > 0 {
			l.sb.WriteString(", ")
		}
		if err := l.lower(a); err != nil {
			return err
		}
	}
	l.sb.WriteString(")")
	return nil
}

func (l *lowering) unary(x *plan.Unary) error {
	if x.Op == "-" {
		return l.call("op_neg", x.X)
	}
	return l.call("op_not", x.X)
}

func (l *lowering) binary(x *plan.Binary) error {
	name, ok := opName(x.Op)
	if !ok {
		return &Error{Loc: x.Loc(), Msg: "internal error: unknown operator " + x.Op}
	}
	switch x.Op {
	case "+", "-", "*", "/", "%":
		if storage(x.Type().Kind) == types.Float {
			name = "op_f" + name[3:]
		}
	}
	return l.call(name, x.X, x.Y)
}

func (l *lowering) in(x *plan.In) error {
	args := []plan.Expr{x.X}
	for _, c := range x.List {
		args = append(args, c)
	}
	return l.call("op_in", args...)
}

func (l *lowering) builtin(x *plan.Call) error {
	fn, err := l.c.callRow(x)
	if err != nil {
		return err
	}
	l.calls = append(l.calls, fn)
	return l.call(fmt.Sprintf("call%d", len(l.calls)-1), x.Args...)
}
