package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes a readable listing of the plan: the sources with the
// columns the plan reads, one pass per event log with its aggregates, then
// the steps in evaluation order. Expressions are in .seg syntax, with $aN
// for aggregate N and $tN for threshold N; each line ends with the
// file:line:col it comes from.
func (p *Plan) WriteText(w io.Writer) {
	tw := &textWriter{w: w}
	tw.line("plan %s", p.Hash)
	tw.line("key %s", p.KeyType)
	if p.Entities != nil {
		tw.table("entities", p.Entities)
	}
	for _, t := range p.Tables {
		tw.table("table", t)
	}
	for _, l := range p.Logs {
		tw.log(p, l)
	}
	tw.line("")
	tw.line("steps")
	for i, s := range p.Steps {
		tw.step(p, i+1, s)
	}
	tw.destinations(p)
}

// textWriter writes lines with an aligned location comment.
type textWriter struct{ w io.Writer }

func (t *textWriter) line(format string, args ...any) {
	fmt.Fprintf(t.w, format+"\n", args...)
}

// located writes a line followed by its source location.
func (t *textWriter) located(loc Loc, format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if l := loc.String(); l != "" {
		s = fmt.Sprintf("%-60s  # %s", s, l)
	}
	fmt.Fprintln(t.w, s)
}

// table writes an entities or joined table with its used columns.
func (t *textWriter) table(kw string, tb *Table) {
	t.line("")
	used := 0
	for _, c := range tb.Columns {
		if c.Used {
			used++
		}
	}
	t.located(tb.Loc, "%s %s from %q key %s (%d of %d columns used)", kw, tb.Name, tb.SQLTable, tb.Key, used, len(tb.Columns))
	if pii := tb.PIIColumns(); len(pii) > 0 {
		t.line("  pii %s", strings.Join(pii, ", "))
	}
	for _, c := range tb.Columns {
		if c.Used {
			t.located(c.Loc, "  column %d: %s %s", c.Index, c.Name, c.Type)
		}
	}
}

// log writes an event log, its used columns and its aggregation pass.
func (t *textWriter) log(p *Plan, l *EventLog) {
	t.line("")
	id := ""
	if l.ID != "" {
		id = " id " + l.ID
	}
	t.located(l.Loc, "events %s from %q key %s time %s%s", l.Name, l.SQLTable, l.Key, l.Time, id)
	if l.Filter != nil {
		t.located(l.Filter.Loc(), "  where %s", FormatExpr(l.Filter))
	}
	for _, c := range l.Columns {
		if c.Used {
			t.located(c.Loc, "  column %s %s", c.Name, c.Type)
		}
	}
	t.line("  pass")
	for _, a := range p.Aggregates {
		if a.Log == l.Index {
			t.located(a.Loc, "    $a%d %s = %s", a.Index, a.Type, FormatAggregate(p, a))
		}
	}
}

// FormatAggregate renders an aggregate as an event query call, e.g.
// sum(events.amount where type == "purchase" within 365d).
func FormatAggregate(p *Plan, a *Aggregate) string {
	var b strings.Builder
	log := fmt.Sprintf("log%d", a.Log)
	if a.Log >= 0 && a.Log < len(p.Logs) {
		log = p.Logs[a.Log].Name
	}
	b.WriteString(string(a.Func) + "(")
	switch a.Value.(type) {
	case nil:
		b.WriteString(log)
	case *EventColumnRef:
		b.WriteString(log + "." + FormatExpr(a.Value))
	default:
		b.WriteString(FormatExpr(a.Value))
	}
	if a.Filter != nil {
		b.WriteString(" where " + FormatExpr(a.Filter))
	}
	switch {
	case a.Until > 0:
		b.WriteString(" between " + FormatDuration(a.Window) + " and " + FormatDuration(a.Until) + " ago")
	case a.Window > 0:
		b.WriteString(" within " + FormatDuration(a.Window))
	}
	if a.Then != nil {
		b.WriteString(", " + formatMatch(p, a.Then))
		if a.Gap > 0 {
			b.WriteString(", " + FormatDuration(a.Gap))
		}
	}
	b.WriteString(")")
	return b.String()
}

// step writes one evaluation step.
func (t *textWriter) step(p *Plan, n int, s Step) {
	switch s.Kind {
	case ComputeFeature:
		f := p.Features[s.Index]
		t.located(f.Loc, "%3d. feature %s %s = %s", n, f.Name, f.Type, FormatExpr(f.Value))
	case ComputeThreshold:
		th := p.Thresholds[s.Index]
		t.located(th.Loc, "%3d. threshold $t%d = %s", n, th.Index, formatThreshold(p, th))
	case ComputeSegment:
		t.segment(p, n, p.Segments[s.Index])
	case ComputeLifecycle:
		t.lifecycleStep(p, n, p.Lifecycles[s.Index])
	case ComputeTrigger:
		t.triggerStep(p, n, p.Triggers[s.Index])
	case ComputeCluster:
		t.clusterStep(n, p.Clusters[s.Index])
	}
}

// formatThreshold renders a threshold's statistic, group and population.
func formatThreshold(p *Plan, th *Threshold) string {
	s := fmt.Sprintf("%s(%s", th.Kind, FormatExpr(th.Value))
	if th.Kind == Percentile {
		s += ", " + strconv.FormatFloat(th.P, 'g', -1, 64)
	}
	if th.By != nil {
		s += ", by " + FormatExpr(th.By)
	}
	s += ")"
	if th.Population >= 0 && th.Population < len(p.Segments) {
		s += " over " + p.Segments[th.Population].Name
	}
	return s + fmt.Sprintf(" [owner %s]", th.Owner)
}

// segment writes a segment step and its clauses.
func (t *textWriter) segment(p *Plan, n int, s *Segment) {
	parent := ""
	if s.Parent >= 0 && s.Parent < len(p.Segments) {
		parent = " in " + p.Segments[s.Parent].Name
	}
	t.located(s.Loc, "%3d. segment %s%s", n, s.Name, parent)
	if s.Where != nil {
		t.located(s.Where.Loc(), "       where %s", FormatExpr(s.Where))
	}
	if s.Require != nil {
		t.located(s.Require.Loc(), "       require %s", FormatExpr(s.Require))
	}
	if s.Holdout > 0 {
		t.line("       holdout %d.%02d%% -> %s.holdout", s.Holdout/100, s.Holdout%100, s.Name)
	}
}
