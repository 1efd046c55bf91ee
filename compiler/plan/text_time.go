package plan

import (
	"fmt"
	"strings"
)

// writeTimeRef writes stage.active, time_in(stage) or a trigger's segment
// name; ok is false for any other node.
func writeTimeRef(b *strings.Builder, e Expr) bool {
	switch e := e.(type) {
	case *StateRef:
		b.WriteString(e.Name)
	case *TimeInRef:
		fmt.Fprintf(b, "time_in($l%d)", e.Lifecycle)
	case *TriggerRef:
		b.WriteString(e.Name)
	default:
		return false
	}
	return true
}

// formatMatch renders `LOG [where FILTER]`.
func formatMatch(p *Plan, m *EventMatch) string {
	s := fmt.Sprintf("log%d", m.Log)
	if m.Log >= 0 && m.Log < len(p.Logs) {
		s = p.Logs[m.Log].Name
	}
	if m.Filter != nil {
		s += " where " + FormatExpr(m.Filter)
	}
	return s
}

// lifecycleStep writes a lifecycle step and its transitions.
func (t *textWriter) lifecycleStep(p *Plan, n int, l *Lifecycle) {
	t.located(l.Loc, "%3d. lifecycle $l%d %s states %s initial %s", n, l.Index, l.Name, strings.Join(l.States, ", "), l.States[l.Initial])
	for _, tr := range l.Transitions {
		cond := ""
		if tr.When != nil {
			cond = "when " + FormatExpr(tr.When)
		} else if tr.On != nil {
			cond = "on " + formatMatch(p, tr.On)
		}
		t.located(tr.Loc, "       %s -> %s %s", l.States[tr.From], l.States[tr.To], cond)
	}
}

// triggerStep writes a trigger step.
func (t *textWriter) triggerStep(p *Plan, n int, tg *Trigger) {
	s := fmt.Sprintf("%3d. trigger %s on %s", n, tg.Name, formatMatch(p, tg.On))
	if tg.Wait > 0 {
		s += " wait " + FormatDuration(tg.Wait)
		if tg.Unless != nil {
			s += " unless " + formatMatch(p, tg.Unless)
		}
	}
	s += " enter " + tg.Segment
	if tg.For > 0 {
		s += " for " + FormatDuration(tg.For)
	}
	if tg.ExitOn != nil {
		s += " exit on " + formatMatch(p, tg.ExitOn)
	}
	t.located(tg.Loc, "%s", s)
}
