package runtime

import (
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// InState implements eval.TimeInputs: true where lifecycle l's current
// state is s (false before the lifecycle's step has run).
func (in entityInputs) InState(l, s int) eval.Vec {
	out := make([]bool, in.Len())
	if l < len(in.e.Lifecycles) && in.e.Lifecycles[l] != nil {
		for i, st := range in.e.Lifecycles[l].State {
			out[i] = st == int32(s)
		}
	}
	return eval.Bools(out)
}

// TimeIn implements eval.TimeInputs: as-of minus the entry time of the
// current state of lifecycle l.
func (in entityInputs) TimeIn(l int) eval.Vec {
	if l >= len(in.e.Lifecycles) || in.e.Lifecycles[l] == nil {
		return eval.Nulls(types.Duration, in.Len())
	}
	asOf := in.e.AsOf.Unix()
	since := in.e.Lifecycles[l].Since
	out := eval.Alloc(types.Duration, len(since))
	for i, s := range since {
		out.I[i] = asOf - s
	}
	return out
}

// Trigger implements eval.TimeInputs: membership of trigger t.
func (in entityInputs) Trigger(t int) eval.Vec {
	if t < len(in.e.Triggers) && in.e.Triggers[t] != nil {
		return eval.Bools(in.e.Triggers[t].Member)
	}
	return eval.Bools(make([]bool, in.Len()))
}
