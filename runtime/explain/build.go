package explain

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/holdout"
)

// builder builds the clause tree of one entity.
type builder struct {
	p  *plan.Plan
	ev *runtime.Evaluation
	i  int // the entity's index
	// recorded marks thresholds whose value came from the stored run;
	// nil when recomputing.
	recorded []bool
	// For lifecycle states, triggers and clusters: where to read the
	// stored states and models, the entity's key, the instant (Unix
	// seconds), the explained run (0 recomputing) and the entity's
	// matching events of every lifecycle and trigger clause.
	ctx     context.Context
	db      *sql.DB
	key     any
	asOf    int64
	runID   int64
	matches matchedEvents
}

// segment explains a segment's whole decision.
func (b *builder) segment(s *plan.Segment) (*Node, error) {
	n := &Node{Kind: KindSegment, Segment: s.Name, Description: s.Description, Verdict: boolVerdict(b.ev.Members[s.Index][b.i])}
	if s.Parent >= 0 {
		parent, err := b.segment(b.p.Segments[s.Parent])
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, &Node{Kind: KindPopulation, Segment: parent.Segment,
			Expr: "member of " + parent.Segment, Verdict: parent.Verdict, Children: []*Node{parent}})
	}
	for _, c := range []struct {
		kind Kind
		e    plan.Expr
	}{{KindWhere, s.Where}, {KindRequire, s.Require}} {
		if c.e == nil {
			continue
		}
		clause, err := b.clause(c.kind, c.e)
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, clause)
	}
	if s.Holdout > 0 {
		n.Children = append(n.Children, b.holdout(s, n.Children))
	}
	return n, nil
}

// clause explains a where or require clause.
func (b *builder) clause(kind Kind, e plan.Expr) (*Node, error) {
	body, err := b.expr(e)
	if err != nil {
		return nil, err
	}
	return &Node{Kind: kind, Expr: exprText(b.p, e), Verdict: body.Verdict, Children: []*Node{body}}, nil
}

// holdout explains the holdout split; it applies only when every earlier
// clause is true.
func (b *builder) holdout(s *plan.Segment, earlier []*Node) *Node {
	reached := true
	for _, c := range earlier {
		reached = reached && c.Verdict == True
	}
	bucket := holdout.Bucket(s.Name, keyText(b.ev, b.i))
	h := &Holdout{Percent: percentText(s.Holdout), Bucket: bucket, BasisPoints: s.Holdout, Reached: reached, Target: s.Name + ".holdout"}
	return &Node{Kind: KindHoldout, Expr: "holdout " + h.Percent, Verdict: boolVerdict(bucket < s.Holdout), Holdout: h}
}

// percentText renders basis points as a percentage: 1000 is "10%".
func percentText(bp int) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(bp)/100), "0"), ".") + "%"
}

// expr explains a bool expression.
func (b *builder) expr(e plan.Expr) (*Node, error) {
	switch x := e.(type) {
	case *plan.Binary:
		if x.Op == "and" || x.Op == "or" {
			return b.logic(x)
		}
		if plan.IsComparison(x.Op) {
			return b.compare(x)
		}
	case *plan.Unary:
		if x.Op == "not" {
			return b.not(x)
		}
	case *plan.In:
		return b.in(x)
	case *plan.StateRef:
		return b.state(b.p.Lifecycles[x.Lifecycle], x.State)
	case *plan.TriggerRef:
		return b.trigger(b.p.Triggers[x.Trigger]), nil
	case *plan.ClusterRef:
		return b.cluster(b.p.Clusters[x.Cluster], x.Label)
	case *plan.SegmentRef:
		if x.Segment >= 0 && x.Segment < len(b.p.Segments) {
			n, err := b.segment(b.p.Segments[x.Segment])
			if n != nil {
				n.Expr = x.Name
			}
			return n, err
		}
	}
	return b.value(e)
}

// logic explains a chain of and/or, flattened: a and b and c is one node.
func (b *builder) logic(x *plan.Binary) (*Node, error) {
	v, err := b.at(x)
	if err != nil {
		return nil, err
	}
	n := &Node{Kind: Kind(x.Op), Expr: exprText(b.p, x), Verdict: VerdictOf(v)}
	for _, op := range flatten(x.Op, x) {
		c, err := b.expr(op)
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, c)
	}
	return n, nil
}

// flatten lists the operands of a chain of one logical operator.
func flatten(op string, e plan.Expr) []plan.Expr {
	if x, ok := e.(*plan.Binary); ok && x.Op == op {
		return append(flatten(op, x.X), flatten(op, x.Y)...)
	}
	return []plan.Expr{e}
}

func (b *builder) not(x *plan.Unary) (*Node, error) {
	c, err := b.expr(x.X)
	if err != nil {
		return nil, err
	}
	return &Node{Kind: KindNot, Expr: exprText(b.p, x), Verdict: negate(c.Verdict), Children: []*Node{c}}, nil
}

func negate(v Verdict) Verdict {
	switch v {
	case True:
		return False
	case False:
		return True
	}
	return Null
}

// compare explains X op Y with both values and the statistics involved.
func (b *builder) compare(x *plan.Binary) (*Node, error) {
	v, err := b.at(x)
	if err != nil {
		return nil, err
	}
	n := &Node{Kind: KindCompare, Expr: exprText(b.p, x), Verdict: VerdictOf(v), Op: x.Op}
	for _, side := range []plan.Expr{x.X, x.Y} {
		o, err := b.operand(side)
		if err != nil {
			return nil, err
		}
		n.Operands = append(n.Operands, o)
	}
	n.Thresholds = b.nestedThresholds(x)
	b.sharpen(n, x)
	return n, nil
}

// in explains X in [...].
func (b *builder) in(x *plan.In) (*Node, error) {
	v, err := b.at(x)
	if err != nil {
		return nil, err
	}
	o, err := b.operand(x.X)
	if err != nil {
		return nil, err
	}
	n := &Node{Kind: KindIn, Expr: exprText(b.p, x), Verdict: VerdictOf(v), Operands: []*Operand{o}}
	for _, c := range x.List {
		n.List = append(n.List, constText(c.Value, c.T.Kind))
	}
	n.Thresholds = b.nestedThresholds(x)
	return n, nil
}

// value explains any other bool expression by its value.
func (b *builder) value(e plan.Expr) (*Node, error) {
	o, err := b.operand(e)
	if err != nil {
		return nil, err
	}
	v, err := b.at(e)
	if err != nil {
		return nil, err
	}
	return &Node{Kind: KindValue, Expr: o.Expr, Verdict: VerdictOf(v), Operands: []*Operand{o},
		Thresholds: b.nestedThresholds(e)}, nil
}

// operand evaluates one side of a clause.
func (b *builder) operand(e plan.Expr) (*Operand, error) {
	for {
		c, ok := e.(*plan.Cast)
		if !ok {
			break
		}
		e = c.X
	}
	v, err := b.at(e)
	if err != nil {
		return nil, err
	}
	k := e.Type().Kind
	o := &Operand{Expr: exprText(b.p, e), Value: jsonValue(v, k), Text: valueText(v, k, 2)}
	switch x := e.(type) {
	case *plan.Const:
		o.Const, o.Text = true, constText(x.Value, k)
	case *plan.FeatureRef:
		if x.Feature >= 0 && x.Feature < len(b.p.Features) {
			o.Definition = exprText(b.p, b.p.Features[x.Feature].Value)
		}
	case *plan.ThresholdRef:
		o.Threshold, err = b.threshold(x.Threshold)
	}
	return o, err
}

// nestedThresholds lists the statistics read inside e, except those that
// are themselves a direct operand (which carry theirs inline).
func (b *builder) nestedThresholds(e plan.Expr) []*Threshold {
	direct := map[plan.Expr]bool{}
	for _, c := range plan.Children(e) {
		for {
			cast, ok := c.(*plan.Cast)
			if !ok {
				break
			}
			c = cast.X
		}
		direct[c] = true
	}
	var out []*Threshold
	seen := map[int]bool{}
	plan.Walk(e, func(x plan.Expr) {
		if t, ok := x.(*plan.ThresholdRef); ok && !direct[x] && !seen[t.Threshold] {
			seen[t.Threshold] = true
			if th, err := b.threshold(t.Threshold); err == nil {
				out = append(out, th)
			}
		}
	})
	return out
}

// sharpen widens the decimals of float operands that print alike but
// differ, so 1,187.204 ≥ 1,187.20 does not read as 1,187.20 ≥ 1,187.20.
func (b *builder) sharpen(n *Node, x *plan.Binary) {
	if len(n.Operands) != 2 {
		return
	}
	l, lok := n.Operands[0].Value.(float64)
	r, rok := n.Operands[1].Value.(float64)
	if !lok || !rok || l == r || math.IsNaN(l) || math.IsNaN(r) {
		return
	}
	for d := 3; d <= 17 && n.Operands[0].Text == n.Operands[1].Text; d++ {
		for _, o := range n.Operands {
			if !o.Const {
				o.Text = valueText(o.Value, types.Float, d)
				if o.Threshold != nil {
					o.Threshold.Text = o.Text
				}
			}
		}
	}
}

// at evaluates e for the entity.
func (b *builder) at(e plan.Expr) (any, error) {
	v, err := b.ev.EvalExpr(e)
	if err != nil {
		return nil, err
	}
	if b.i >= v.N {
		return nil, nil
	}
	return v.Value(b.i), nil
}

func boolVerdict(x bool) Verdict {
	if x {
		return True
	}
	return False
}
