package explain

import (
	"context"
	"database/sql"
	"errors"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// timeTarget is a stored segment that is no plan.Segment: a lifecycle
// state, a trigger's segment or a cluster.
type timeTarget struct {
	name      string
	lifecycle *plan.Lifecycle
	state     int
	trigger   *plan.Trigger
	cluster   *plan.Cluster
	label     int
}

// resolveTimeTarget finds a lifecycle state, trigger segment or cluster
// by stored name; otherwise it widens the unknown-segment error with
// those names.
func resolveTimeTarget(p *plan.Plan, name string, notSegment error) (timeTarget, error) {
	var names []string
	for _, l := range p.Lifecycles {
		for s, st := range l.States {
			if l.Name+"."+st == name {
				return timeTarget{name: name, lifecycle: l, state: s}, nil
			}
			names = append(names, l.Name+"."+st)
		}
	}
	for _, t := range p.Triggers {
		if t.Segment == name {
			return timeTarget{name: name, trigger: t}, nil
		}
		names = append(names, t.Segment)
	}
	for _, c := range p.Clusters {
		if len(name) > len(c.Name)+1 && name[:len(c.Name)+1] == c.Name+"." {
			if id, ok := c.LabelID(name[len(c.Name)+1:]); ok {
				return timeTarget{name: name, cluster: c, label: id}, nil
			}
		}
		for id := range c.MaxClusters() {
			names = append(names, c.SegmentName(id))
		}
	}
	var u *UnknownSegmentError
	if errors.As(notSegment, &u) {
		u.Defined = append(u.Defined, names...)
		u.Suggestion = diag.Suggest(name, u.Defined)
	}
	return timeTarget{}, notSegment
}

// explainTime explains a lifecycle state, trigger or cluster segment.
func (x *Explanation) explainTime(ctx context.Context, db *sql.DB, b *builder, t timeTarget) error {
	var n *Node
	var err error
	switch {
	case t.lifecycle != nil:
		n, err = b.state(t.lifecycle, t.state)
	case t.trigger != nil:
		n = b.trigger(t.trigger)
	default:
		n, err = b.cluster(t.cluster, t.label)
	}
	if err != nil {
		return err
	}
	x.Tree = &Node{Kind: KindSegment, Segment: t.name, Verdict: n.Verdict, Children: []*Node{n}}
	x.Member = n.Verdict == True
	if x.Source == "stored" {
		return x.compareStoredName(ctx, db, t.name, false)
	}
	return nil
}
