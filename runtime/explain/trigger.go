package explain

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/timeline"
)

// trigger explains membership of a trigger's segment: every firing's
// interval, the one containing as-of, or why there is none.
func (b *builder) trigger(t *plan.Trigger) *Node {
	on, unless, exit := b.matches[t.On], b.matches[t.Unless], b.matches[t.ExitOn]
	rule := timeline.Rule{Wait: t.Wait, For: t.For, SameLog: t.ExitOn != nil && t.ExitOn.Log == t.On.Log}
	tr := &Trigger{Name: t.Name, Segment: t.Segment, Rule: ruleText(b.p, t), Firings: []Firing{}}
	member, since := timeline.MemberAt(rule, on, unless, exit, b.asOf)
	for _, iv := range timeline.Firings(rule, on, unless, exit, b.asOf) {
		f := Firing{Start: timeText(iv.Start), Contains: iv.Start <= b.asOf && b.asOf < iv.End}
		f.On = timeText(iv.Start - t.Wait)
		if iv.End != timeline.Open {
			f.End, f.EndedBy = timeText(iv.End), endedBy(t, iv, exit)
		}
		tr.Firings = append(tr.Firings, f)
	}
	tr.Cancelled = cancelled(t, on, unless, b.asOf)
	if member {
		tr.Since = timeText(since)
	} else {
		tr.Reason = b.notMemberReason(t, tr, on)
	}
	return &Node{Kind: KindTrigger, Expr: t.Segment, Segment: t.Segment, Verdict: boolVerdict(member), Trigger: tr}
}

// endedBy says what closed a firing: its duration or an exit event.
func endedBy(t *plan.Trigger, iv timeline.Interval, exit []timeline.Stamp) string {
	for _, e := range exit {
		if e.Time == iv.End {
			return "exit"
		}
	}
	if t.For > 0 && iv.End == iv.Start+t.For {
		return "for"
	}
	return "exit"
}

// cancelled lists the on events whose wait an unless event cut short.
func cancelled(t *plan.Trigger, on, unless []timeline.Stamp, asOf int64) []Cancel {
	if t.Wait <= 0 {
		return nil
	}
	var out []Cancel
	for _, o := range on {
		for _, u := range unless {
			if u.Time > o.Time && u.Time <= o.Time+t.Wait && u.Time <= asOf {
				out = append(out, Cancel{On: timeText(o.Time), Unless: timeText(u.Time)})
				break
			}
		}
	}
	return out
}

// notMemberReason says why as-of is in no firing's interval.
func (b *builder) notMemberReason(t *plan.Trigger, tr *Trigger, on []timeline.Stamp) string {
	switch {
	case len(on) == 0:
		return "no " + matchText(b.p, t.On) + " event at or before as-of"
	case len(tr.Firings) == 0 && len(tr.Cancelled) > 0:
		c := tr.Cancelled[len(tr.Cancelled)-1]
		return fmt.Sprintf("the latest %s event (%s) was cancelled by an unless event at %s", b.p.Logs[t.On.Log].Name, c.On, c.Unless)
	case len(tr.Firings) == 0:
		last := on[len(on)-1].Time
		return fmt.Sprintf("the latest %s event (%s) enters only at %s, after as-of", b.p.Logs[t.On.Log].Name, timeText(last), timeText(last+t.Wait))
	}
	f := tr.Firings[len(tr.Firings)-1]
	if f.EndedBy == "for" {
		return fmt.Sprintf("the latest firing (entered %s) expired at %s (entry + %s)", f.Start, f.End, plan.FormatDuration(t.For))
	}
	return fmt.Sprintf("the latest firing (entered %s) was ended by an exit event at %s", f.Start, f.End)
}

// ruleText renders the trigger's clauses.
func ruleText(p *plan.Plan, t *plan.Trigger) string {
	s := "on " + matchText(p, t.On)
	if t.Wait > 0 {
		s += "; wait " + plan.FormatDuration(t.Wait)
		if t.Unless != nil {
			s += " unless " + matchText(p, t.Unless)
		}
	}
	if t.For > 0 {
		s += "; for " + plan.FormatDuration(t.For)
	}
	if t.ExitOn != nil {
		s += "; exit on " + matchText(p, t.ExitOn)
	}
	return s
}
