package eval

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// TimeInputs is implemented by entity-level inputs that know lifecycle
// states and trigger membership. Inputs without it read those references
// as false (states, triggers) and null (time_in).
type TimeInputs interface {
	// InState is true where the entity's current state of lifecycle l is
	// s; never null.
	InState(l, s int) Vec
	// TimeIn is the duration (seconds) each entity has been in its current
	// state of lifecycle l.
	TimeIn(l int) Vec
	// Trigger is true while the entity is a member of trigger t.
	Trigger(t int) Vec
}

// compileTimeRef builds the kernel of a lifecycle or trigger reference;
// ok is false for any other node.
func compileTimeRef(e plan.Expr) (Kernel, bool) {
	switch x := e.(type) {
	case *plan.StateRef:
		l, s := x.Lifecycle, x.State
		return func(in Inputs) Vec { return fetchTime(in, srcState, l, s) }, true
	case *plan.TimeInRef:
		l := x.Lifecycle
		return func(in Inputs) Vec { return fetchTime(in, srcTimeIn, l, 0) }, true
	case *plan.TriggerRef:
		t := x.Trigger
		return func(in Inputs) Vec { return fetchTime(in, srcTrigger, t, 0) }, true
	}
	return nil, false
}

// fetchTime reads a lifecycle or trigger input, with the defaults above
// when in does not implement TimeInputs.
func fetchTime(in Inputs, src, a, b int) Vec {
	ti, ok := in.(TimeInputs)
	switch {
	case src == srcTimeIn && ok:
		return ti.TimeIn(a)
	case src == srcTimeIn:
		return Nulls(types.Duration, in.Len())
	case !ok:
		return Bools(make([]bool, in.Len()))
	case src == srcState:
		return ti.InState(a, b)
	}
	return ti.Trigger(a)
}

// lowerTimeRef writes the row-engine input of a lifecycle or trigger
// reference; ok is false for any other node.
func (l *lowering) lowerTimeRef(e plan.Expr) bool {
	switch x := e.(type) {
	case *plan.StateRef:
		l.input(srcState, x.Lifecycle, x.State)
	case *plan.TimeInRef:
		l.input(srcTimeIn, x.Lifecycle, 0)
	case *plan.TriggerRef:
		l.input(srcTrigger, x.Trigger, 0)
	default:
		return false
	}
	return true
}
