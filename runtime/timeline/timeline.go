// Package timeline computes trigger membership and "did X then Y" from
// per-entity event times. Everything here is a pure function of the
// events and the instant asked about, so a batch run at T gives the same
// answer however often earlier runs happened.
package timeline

import (
	"cmp"
	"math"
	"slices"
)

// Stamp is one matched event: its time (Unix seconds) and its position in
// its table (rowid), which identifies it within its log.
type Stamp struct {
	Time int64
	Row  int64
}

// Open is the end of an interval no exit closes.
const Open = math.MaxInt64

// Interval is the half-open [Start, End); End is Open when unbounded.
type Interval struct {
	Start, End int64
}

// Rule is a trigger's timing: each On event at t fires; with Wait > 0 the
// entry is at t+Wait unless an Unless event falls in (t, t+Wait]; the
// interval lasts For seconds (0: until an exit) or until the first Exit
// event at or after the entry, whichever is first. The firing event
// itself never ends its own interval (SameLog says whether On and Exit
// events come from one log, so that rows identify the same event).
type Rule struct {
	Wait, For int64
	SameLog   bool
}

// Sort orders stamps by (time, row), the order every function here needs.
func Sort(s []Stamp) {
	slices.SortFunc(s, func(a, b Stamp) int {
		if c := cmp.Compare(a.Time, b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Row, b.Row)
	})
}

// Firings returns the interval of each firing whose entry is at or
// before asOf, in entry order. on, unless and exit must be sorted and hold
// only events at or before asOf.
func Firings(r Rule, on, unless, exit []Stamp, asOf int64) []Interval {
	var out []Interval
	for _, e := range on {
		if e.Time+r.Wait > asOf {
			break
		}
		if iv, ok := r.firing(e, unless, exit); ok {
			out = append(out, iv)
		}
	}
	return out
}

// firing returns the interval of the firing of on event e, and false
// when an unless event cancels it.
func (r Rule) firing(e Stamp, unless, exit []Stamp) (Interval, bool) {
	entry := e.Time + r.Wait
	if r.Wait > 0 && anyIn(unless, e.Time, entry) {
		return Interval{}, false
	}
	return Interval{Start: entry, End: r.end(e, entry, exit)}, true
}

// end is where a firing's interval closes: entry+For or the first exit
// at or after entry (other than the firing event), whichever is first.
func (r Rule) end(e Stamp, entry int64, exit []Stamp) int64 {
	end := int64(Open)
	if r.For > 0 {
		end = entry + r.For
	}
	i, _ := slices.BinarySearchFunc(exit, entry, func(s Stamp, t int64) int { return cmp.Compare(s.Time, t) })
	for ; i < len(exit) && exit[i].Time < end; i++ {
		if r.Wait == 0 && r.SameLog && exit[i] == e {
			continue
		}
		return exit[i].Time
	}
	return end
}

// anyIn reports whether a sorted stamp list has a time in (lo, hi].
func anyIn(s []Stamp, lo, hi int64) bool {
	i, _ := slices.BinarySearchFunc(s, lo+1, func(x Stamp, t int64) int { return cmp.Compare(x.Time, t) })
	return i < len(s) && s[i].Time <= hi
}

// Merge unions intervals given in start order; touching intervals
// ([a,b) and [b,c)) merge, and empty ones vanish.
func Merge(in []Interval) []Interval {
	var out []Interval
	for _, iv := range in {
		if iv.End <= iv.Start {
			continue
		}
		if n := len(out); n > 0 && iv.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, iv.End)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// MemberAt reports whether T is in the union of the firings' intervals
// and, if so, the start of the merged interval containing it. It merges
// the firings as Merge(Firings(...)) would, one at a time, without
// allocating: a trigger asks it for every entity with events.
func MemberAt(r Rule, on, unless, exit []Stamp, t int64) (bool, int64) {
	var cur Interval
	held := false
	for _, e := range on {
		if e.Time+r.Wait > t {
			break
		}
		iv, ok := r.firing(e, unless, exit)
		if !ok || iv.End <= iv.Start {
			continue
		}
		if held && iv.Start <= cur.End {
			cur.End = max(cur.End, iv.End)
			continue
		}
		if held && cur.Start <= t && t < cur.End {
			return true, cur.Start
		}
		cur, held = iv, true
	}
	if held && cur.Start <= t && t < cur.End {
		return true, cur.Start
	}
	return false, 0
}

// Sequence reports whether some x event at t1 is followed by a y event at
// t2 with t1 < t2 <= t1+gap (gap 0: any t2 > t1). Both must be sorted.
func Sequence(x, y []Stamp, gap int64) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	// The earliest x gives the widest chance for every later y, except
	// that a gap bounds it: check each x against the first y after it.
	j := 0
	for _, e := range x {
		for j < len(y) && y[j].Time <= e.Time {
			j++
		}
		if j == len(y) {
			return false
		}
		if gap == 0 || y[j].Time <= e.Time+gap {
			return true
		}
	}
	return false
}
