package explain

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// threshold describes statistic idx as the entity saw it: its value (the
// entity's group's value for a `by` statistic), its short label and the
// population it is taken over.
func (b *builder) threshold(idx int) (*Threshold, error) {
	if idx < 0 || idx >= len(b.p.Thresholds) || idx >= len(b.ev.Thresholds) {
		return nil, fmt.Errorf("explain: the plan has no threshold %d", idx)
	}
	t := b.p.Thresholds[idx]
	v := b.ev.ThresholdValue(idx, b.i)
	th := &Threshold{Expr: t.Text, Label: label(b.p, t), Population: b.population(t),
		Value: jsonValue(v, types.Float), Text: valueText(v, types.Float, 2),
		Recorded: b.recorded != nil && b.recorded[idx]}
	if t.By != nil {
		key, err := b.at(t.By)
		if err != nil {
			return nil, err
		}
		th.Group = groupOf(b.p, t.By, key)
	}
	return th, nil
}

// label is a statistic's short name: p90(monetary), median(x), mean(x).
func label(p *plan.Plan, t *plan.Threshold) string {
	arg := exprText(p, t.Value)
	switch {
	case t.Kind == plan.Mean:
		return "mean(" + arg + ")"
	case t.Kind == plan.StdDev:
		return "stddev(" + arg + ")"
	case strings.HasPrefix(t.Text, "median("):
		return "median(" + arg + ")"
	}
	return "p" + strconv.FormatFloat(t.P, 'f', -1, 64) + "(" + arg + ")"
}

// population describes whom a statistic is taken over.
func (b *builder) population(t *plan.Threshold) string {
	if t.Population >= 0 && t.Population < len(b.p.Segments) {
		return "members of " + b.p.Segments[t.Population].Name
	}
	if b.p.Entities != nil {
		return "all " + b.p.Entities.Name
	}
	return "all entities"
}

// groupOf describes the entity's group of a `by` statistic.
func groupOf(p *plan.Plan, by plan.Expr, key any) *Group {
	k := by.Type().Kind
	g := &Group{By: exprText(p, by), Key: jsonValue(key, k)}
	if key == nil {
		g.Text = g.By + " is null"
	} else {
		g.Text = g.By + " = " + valueText(key, k, 2)
	}
	return g
}
