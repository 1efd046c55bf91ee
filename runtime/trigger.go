package runtime

import (
	"slices"

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

// stampLists gives an entity's matching events of a trigger's on, unless
// and exit clauses (clause 0, 1, 2).
type stampLists func(clause, entity int) []timeline.Stamp

// trigger computes t's membership from each entity's matching events.
// The event pass reads only the events of the trigger's horizon; the few
// members whose merged interval may reach further back are recomputed
// from a longer history (see triggerHorizon).
func (r *run) trigger(t *plan.Trigger) error {
	ix := r.time.trig[t.Index]
	n := r.ev.Len()
	res := &TriggerResult{Trigger: t, Member: make([]bool, n), Since: make([]int64, n)}
	h := triggerHorizon(t)
	lists := func(c, i int) []timeline.Stamp { return r.time.list(ix[c], i) }
	firing := withEvents(r.time, ix[0], n)
	for open := r.triggerMembers(t, res, lists, firing, h); len(open) > 0; {
		h = longerHorizon(h, r.asOf)
		hist, err := r.triggerHistory(t, h, open)
		if err != nil {
			return err
		}
		open = r.triggerMembers(t, res, hist, open, h)
	}
	r.ev.Triggers[t.Index] = res
	return nil
}

// withEvents returns the entities below n that hold events in synthetic
// list k, ascending: only they can be a trigger's members (the others
// keep Member false and Since 0), a fifth of the demo's population.
func withEvents(t *timeAggs, k, n int) []int32 {
	if k < 0 {
		return nil
	}
	s := t.stamps[k]
	var out []int32
	for i := range min(s.Len(), n) {
		if s.Off[i+1] > s.Off[i] {
			out = append(out, int32(i))
		}
	}
	return out
}

// triggerMembers sets the membership of the given entities from events
// in (as_of - h, as_of] (h 0: all) and returns the members whose since
// those events cannot settle.
func (r *run) triggerMembers(t *plan.Trigger, res *TriggerResult, lists stampLists, ents []int32, h int64) []int32 {
	rule := timeline.Rule{Wait: t.Wait, For: t.For, SameLog: t.ExitOn != nil && t.ExitOn.Log == t.On.Log}
	var open []int32
	for _, e := range ents {
		i := int(e)
		on := lists(0, i)
		if len(on) == 0 {
			res.Member[i], res.Since[i] = false, 0
			continue
		}
		res.Member[i], res.Since[i] = timeline.MemberAt(rule, on, lists(1, i), lists(2, i), r.asOf)
		if res.Member[i] && h > 0 && res.Since[i] <= r.asOf-h+t.Wait+t.For {
			open = append(open, e)
		}
	}
	return open
}

// triggerHorizon is how far back the event pass reads a trigger's events:
// twice wait + for, or everything (0) for a trigger without `for`.
//
// Membership at T only needs firings whose `on` event is in
// (T - wait - for, T - wait], with their unless and exit events, all
// inside (T - wait - for, T]. Since needs more: it is the start s of the
// merged interval containing T, and an earlier firing merges into it when
// its interval reaches s. A firing whose on event is at or before T - h
// ends by T - h + wait + for, so when s is later than that, the events
// of the horizon settle since exactly; otherwise the entity is recomputed
// from a longer history, reading only its own events (see
// triggerHistory). The horizon is short because every event it adds
// reaches the shared event pass; the few entities it leaves open are
// cheap to re-read by key.
func triggerHorizon(t *plan.Trigger) int64 {
	if t.For <= 0 {
		return 0
	}
	return 2 * (t.Wait + t.For)
}

// longerHorizon quadruples h, or gives 0 (everything) once it reaches
// back before 1970.
func longerHorizon(h, asOf int64) int64 {
	if h <= 0 || 4*h >= asOf {
		return 0
	}
	return 4 * h
}

// triggerHistory reads the matching events of t's clauses in
// (as_of - h, as_of] (h 0: all) for the open entities, with one pass per
// log (key-restricted when that is cheaper, see historyPass). The pass
// indexes the open entities' keys only, so its results are sized by them,
// not by the population.
func (r *run) triggerHistory(t *plan.Trigger, h int64, open []int32) (stampLists, error) {
	aggs := &timeAggs{index: map[*plan.Aggregate]int{}, seq: map[int][2]int{}, lists: map[string]int{}}
	ix := [3]int{aggs.stampsOf(r.p, t.On, h, 0), aggs.stampsOf(r.p, t.Unless, h, 0), aggs.stampsOf(r.p, t.ExitOn, h, 0)}
	keys := newKeyIndex(r.p, r.keysOf(open))
	for _, log := range r.p.Logs {
		own := aggs.forLog(log.Index)
		if len(own) == 0 {
			continue
		}
		if err := r.historyPass(log, own, keys, aggs, open); err != nil {
			return nil, err
		}
	}
	return func(c, i int) []timeline.Stamp {
		j, ok := slices.BinarySearch(open, int32(i))
		if !ok {
			return nil
		}
		return aggs.list(ix[c], j)
	}, nil
}

// keysOf returns the keys of the given entities (ascending indexes, so
// the keys are in key order too).
func (r *run) keysOf(ents []int32) store.Keys {
	all := r.ev.Outcome.Keys
	var out store.Keys
	for _, e := range ents {
		if all.Ints != nil {
			out.Ints = append(out.Ints, all.Ints[e])
		} else {
			out.Strs = append(out.Strs, all.Strs[e])
		}
	}
	return out
}

// triggerOutcome adds each trigger's segment, with each member's since.
func (r *run) triggerOutcome() {
	for _, res := range r.ev.Triggers {
		if res == nil {
			continue
		}
		n := 0
		for _, m := range res.Member {
			if m {
				n++
			}
		}
		seg := store.SegmentMembers{Name: res.Trigger.Segment, Members: make([]int32, 0, n), Since: make([]int64, 0, n)}
		for i, m := range res.Member {
			if m {
				seg.Members = append(seg.Members, int32(i))
				seg.Since = append(seg.Since, res.Since[i])
			}
		}
		r.ev.Outcome.Segments = append(r.ev.Outcome.Segments, seg)
	}
}
