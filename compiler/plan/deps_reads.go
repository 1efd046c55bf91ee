package plan

// stepReads collects what one step reads directly (see Deps).
type stepReads struct {
	p                    *Plan
	d                    *Deps
	steps, logs, columns []int
	asOf                 bool
}

// step collects the reads of s.
func (r *stepReads) step(s Step) {
	p := r.p
	switch {
	case s.Kind == ComputeFeature && s.Index < len(p.Features):
		r.expr(p.Features[s.Index].Value)
	case s.Kind == ComputeThreshold && s.Index < len(p.Thresholds):
		r.expr(p.Thresholds[s.Index].By)
	case s.Kind == ComputeSegment && s.Index < len(p.Segments):
		r.segment(p.Segments[s.Index])
	case s.Kind == ComputeLifecycle && s.Index < len(p.Lifecycles):
		r.lifecycle(p.Lifecycles[s.Index])
	case s.Kind == ComputeTrigger && s.Index < len(p.Triggers):
		t := p.Triggers[s.Index]
		r.asOf = true
		r.match(t.On)
		r.match(t.Unless)
		r.match(t.ExitOn)
	case s.Kind == ComputeCluster && s.Index < len(p.Clusters):
		c := p.Clusters[s.Index]
		for _, f := range c.Features {
			r.expr(f)
		}
		r.expr(c.NameBy)
	}
}

// segment collects a segment's clauses and its parent.
func (r *stepReads) segment(s *Segment) {
	if s.Parent >= 0 {
		r.ref(ComputeSegment, s.Parent)
	}
	r.expr(s.Where)
	r.expr(s.Require)
}

// lifecycle collects the guards and `on` matches of l's transitions; a
// lifecycle reads the instant (since, `on` up to as-of).
func (r *stepReads) lifecycle(l *Lifecycle) {
	r.asOf = true
	for _, tr := range l.Transitions {
		r.expr(tr.When)
		r.match(tr.On)
	}
}

// match collects an event match's log (nil: none).
func (r *stepReads) match(m *EventMatch) {
	if m != nil {
		r.logs = append(r.logs, m.Log)
	}
}

// expr collects what an entity-level expression reads.
func (r *stepReads) expr(e Expr) {
	Walk(e, func(x Expr) {
		switch x := x.(type) {
		case *ColumnRef:
			r.columns = append(r.columns, x.Column)
		case *FeatureRef:
			r.ref(ComputeFeature, x.Feature)
		case *ThresholdRef:
			r.ref(ComputeThreshold, x.Threshold)
		case *SegmentRef:
			r.ref(ComputeSegment, x.Segment)
		case *StateRef:
			r.ref(ComputeLifecycle, x.Lifecycle)
		case *TimeInRef:
			r.asOf = true
			r.ref(ComputeLifecycle, x.Lifecycle)
		case *TriggerRef:
			r.ref(ComputeTrigger, x.Trigger)
		case *ClusterRef:
			r.ref(ComputeCluster, x.Cluster)
		case *AggregateRef:
			r.aggregate(x.Aggregate)
		case *Call:
			r.asOf = r.asOf || AsOfBuiltin(x.Func)
		}
	})
}

// aggregate collects an aggregate's logs; every aggregate reads the
// instant.
func (r *stepReads) aggregate(i int) {
	r.asOf = true
	if i < 0 || i >= len(r.p.Aggregates) {
		return
	}
	a := r.p.Aggregates[i]
	r.logs = append(r.logs, a.Log)
	r.match(a.Then)
}

// ref collects a read of another step (one the plan does not have is
// ignored: it cannot compile).
func (r *stepReads) ref(kind StepKind, index int) {
	if i, ok := r.d.position[Step{Kind: kind, Index: index}]; ok {
		r.steps = append(r.steps, i)
	}
}
