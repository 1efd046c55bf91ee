package explain

import (
	"fmt"
	"strings"
)

// timeNode renders a lifecycle state, trigger or cluster node.
func (t *textWriter) timeNode(n *Node, depth int) {
	t.line(depth, n.Verdict, memberPhrase(n))
	in := strings.Repeat("    ", depth+1)
	switch {
	case n.State != nil:
		t.state(n.State, depth+1, in)
	case n.Trigger != nil:
		t.trigger(n.Trigger, in)
	case n.Cluster != nil:
		t.cluster(n.Cluster, in)
	}
}

func (t *textWriter) state(s *State, depth int, in string) {
	before := "state before: " + s.Before
	switch {
	case s.New:
		before += " (first seen: starts in the initial state at as-of)"
	case s.BeforeSince != "":
		before += " since " + s.BeforeSince
	}
	t.printf("%s%s\n", in, before)
	if len(s.Transitions) == 0 {
		t.printf("%sno transition leaves %s\n", in, s.Before)
	} else {
		t.printf("%stransitions out of %s (the first that holds fires):\n", in, s.Before)
	}
	for _, tr := range s.Transitions {
		text := "-> " + tr.To + " " + tr.Expr
		if tr.Guard == nil {
			last := "no matching event"
			if tr.LastEvent != "" {
				last = "latest matching event " + tr.LastEvent
			}
			text += fmt.Sprintf(" (%s; needs one after %s)", last, orUnknown(s.BeforeSince))
		}
		if tr.Fired {
			text += "  ← fired"
		}
		t.line(depth, tr.Holds, text)
		if tr.Guard != nil {
			t.expr(tr.Guard, depth+1, false)
		}
	}
	t.printf("%sstate after: %s", in, s.After)
	if s.Since != "" {
		t.printf(" since %s (time_in %s)", s.Since, s.TimeIn)
	}
	t.printf("\n")
}

func orUnknown(s string) string {
	if s == "" {
		return "its unknown entry time"
	}
	return s
}

func (t *textWriter) trigger(tr *Trigger, in string) {
	t.printf("%strigger %s: %s\n", in, tr.Name, tr.Rule)
	for _, c := range tr.Cancelled {
		t.printf("%s%s event at %s: cancelled by an unless event at %s\n", in, "on", c.On, c.Unless)
	}
	for _, f := range tr.Firings {
		end := "open"
		if f.End != "" {
			end = f.End + " (" + firingEnd(f) + ")"
		}
		mark := ""
		if f.Contains {
			mark = "  ← contains as-of"
		}
		t.printf("%sfiring: on event %s, member from %s to %s%s\n", in, f.On, f.Start, end, mark)
	}
	if tr.Since != "" {
		t.printf("%smember since %s\n", in, tr.Since)
	} else {
		t.printf("%snot a member: %s\n", in, tr.Reason)
	}
}

// firingEnd says what ends a firing: its exit event, its `for` duration
// (which, for the firing containing as-of, is still to come).
func firingEnd(f Firing) string {
	switch {
	case f.EndedBy == "exit":
		return "exit event"
	case f.Contains:
		return "when its duration ends"
	default:
		return "duration elapsed"
	}
}

func (t *textWriter) cluster(c *Cluster, in string) {
	for _, f := range c.Features {
		t.printf("%s%s = %s (transformed %s, scaled %s)\n", in, f.Expr, num(f.Value), num(f.Transformed), num(f.Scaled))
	}
	if c.Excluded != "" {
		t.printf("%sin no cluster: %s is null\n", in, c.Excluded)
		return
	}
	for _, d := range c.Distances {
		near := ""
		if d.Label == c.Nearest {
			near = "  ← nearest"
		}
		t.printf("%sdistance to %s: %s%s\n", in, d.Label, num(d.Distance), near)
	}
	if c.Assigned != "" {
		t.printf("%sassigned to %s.%s (model version %d)\n", in, c.Name, c.Assigned, c.Model)
	}
}

// num renders a float (or null) with 4 significant decimals.
func num(v any) string {
	x, ok := v.(float64)
	if !ok {
		return "null"
	}
	return valueText(x, 0, 4)
}

// timeReason is why a state, trigger or cluster node is false.
func timeReason(n *Node) string {
	switch {
	case n.State != nil:
		return "its state is " + n.State.After
	case n.Trigger != nil:
		return n.Trigger.Reason
	case n.Cluster != nil && n.Cluster.Excluded != "":
		return n.Cluster.Excluded + " is null, so it is in no cluster"
	case n.Cluster != nil:
		return "it is in " + n.Cluster.Name + "." + n.Cluster.Assigned
	}
	return ""
}
