package runtime

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
	"github.com/segc/segc/runtime/timeline"
)

// TriggerResult is one trigger's membership at as-of: Member by entity
// index, and Since, the start of the merged interval containing as-of.
type TriggerResult struct {
	Trigger *plan.Trigger
	Member  []bool
	Since   []int64
}

// trigger computes t's membership from each entity's matching events.
func (r *run) trigger(t *plan.Trigger) error {
	ix := r.time.trig[t.Index]
	rule := timeline.Rule{Wait: t.Wait, For: t.For, SameLog: t.ExitOn != nil && t.ExitOn.Log == t.On.Log}
	n := r.ev.Len()
	res := &TriggerResult{Trigger: t, Member: make([]bool, n), Since: make([]int64, n)}
	for i := 0; i < n; i++ {
		on := r.time.list(ix[0], i)
		if len(on) == 0 {
			continue
		}
		res.Member[i], res.Since[i] = timeline.MemberAt(rule, on, r.time.list(ix[1], i), r.time.list(ix[2], i), r.asOf)
	}
	r.ev.Triggers[t.Index] = res
	return nil
}

// triggerOutcome adds each trigger's segment, with each member's since.
func (r *run) triggerOutcome() {
	for _, res := range r.ev.Triggers {
		if res == nil {
			continue
		}
		seg := store.SegmentMembers{Name: res.Trigger.Segment, Members: []int32{}, Since: []int64{}}
		for i, m := range res.Member {
			if m {
				seg.Members = append(seg.Members, int32(i))
				seg.Since = append(seg.Since, res.Since[i])
			}
		}
		r.ev.Outcome.Segments = append(r.ev.Outcome.Segments, seg)
	}
}
