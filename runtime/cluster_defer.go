package runtime

import (
	"slices"
	"sync"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// deferral is the cluster training an evaluation runs on its own
// goroutine after its steps, while the caller stores the rest
// (Options.DeferClusters). It starts after the steps rather than at the
// cluster's step: the steps already use every core (parallelSteps), while
// the store writes on one, so the training only slowed the steps down.
type deferral struct {
	clusters []*ClusterResult // in step order, prepared (rows gathered)
	warnings [][]Warning      // each training's warnings, added by finish
	at       []int            // each cluster's first placeholder in Outcome.Segments
	took     time.Duration
	done     *background
	once     sync.Once
	err      error
}

// canDefer reports whether a plan's cluster training may run after its
// other steps: nothing else reads a cluster (no cluster reference in any
// expression), and no lifecycle or trigger shares the run.
func canDefer(p *plan.Plan) bool {
	if len(p.Lifecycles) > 0 || len(p.Triggers) > 0 || len(p.Clusters) == 0 {
		return false
	}
	var exprs []plan.Expr
	for _, f := range p.Features {
		exprs = append(exprs, f.Value)
	}
	for _, t := range p.Thresholds {
		exprs = append(exprs, t.Value, t.By)
	}
	for _, s := range p.Segments {
		exprs = append(exprs, s.Where, s.Require)
	}
	for _, c := range p.Clusters {
		exprs = append(append(exprs, c.Features...), c.NameBy)
	}
	return !slices.ContainsFunc(exprs, refersToCluster)
}

// refersToCluster reports whether e contains a cluster reference.
func refersToCluster(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) {
		if _, ok := x.(*plan.ClusterRef); ok {
			found = true
		}
	})
	return found
}

// deferrable reports whether a cluster step's training can wait: k-means
// with a fixed k (so its segment names are known now) trained without a
// stored model (so it reads nothing more from the database).
func deferrable(c *plan.Cluster, prev *store.ModelRow, reason string) bool {
	return c.Algorithm == plan.KMeans && c.K > 0 && prev == nil && reason != ""
}

// deferCluster leaves a prepared cluster's training for startDeferred,
// with its naming values evaluated now, so that the training reads only
// its own rows and values.
func (r *run) deferCluster(res *ClusterResult) {
	if r.ev.deferral == nil {
		r.ev.deferral = &deferral{}
	}
	r.prepareNaming(res)
	r.ev.deferral.clusters = append(r.ev.deferral.clusters, res)
}

// startDeferred trains the deferred clusters, in step order, on one new
// goroutine. It runs after every step, so the training shares nothing the
// caller writes; each training's warnings go to the deferral until finish.
func (r *run) startDeferred() {
	d := r.ev.deferral
	if d == nil {
		return
	}
	d.warnings = make([][]Warning, len(d.clusters))
	tr := *r
	d.done = inBackground(func() error {
		start := time.Now()
		defer func() { d.took = time.Since(start) }()
		for i, res := range d.clusters {
			tr.warnings = &d.warnings[i]
			if err := tr.trainDeferred(res); err != nil {
				return err
			}
		}
		return nil
	})
}

// trainDeferred trains and monitors one deferred cluster.
func (r *run) trainDeferred(res *ClusterResult) error {
	c := res.Cluster
	if err := r.trainCluster(c, res, nil); err != nil {
		return wrap(err, c.Loc)
	}
	return r.monitorCluster(res, nil)
}

// placeholders adds each deferred cluster's segments, members pending.
func (d *deferral) placeholders(out *store.Outcome) {
	for _, res := range d.clusters {
		c := res.Cluster
		d.at = append(d.at, len(out.Segments))
		for id := range c.K {
			out.Segments = append(out.Segments, store.SegmentMembers{Name: c.SegmentName(id), Pending: true})
		}
	}
}

// Wait joins the cluster training that Options.DeferClusters left running
// and completes the Outcome with it (the clusters' segments, models and
// warnings, and Clusters). It returns the training's error. It is safe to
// call more than once; Outcome.Later calls it.
func (e *Evaluation) Wait() error {
	d := e.deferral
	if d == nil {
		return nil
	}
	d.once.Do(func() { d.err = d.finish(e) })
	return d.err
}

// finish waits for the trainings and fills in their results.
func (d *deferral) finish(e *Evaluation) error {
	if err := d.join(); err != nil {
		return err
	}
	for i, res := range d.clusters {
		if err := fillPlaceholders(e.Outcome.Segments[d.at[i]:], clusterSegments(res)); err != nil {
			return err
		}
		row, run, err := modelRows(res)
		if err != nil {
			return err
		}
		if row != nil {
			e.Outcome.Models = append(e.Outcome.Models, *row)
		}
		e.Outcome.ModelRuns = append(e.Outcome.ModelRuns, run)
		e.Clusters[res.Cluster.Index] = res
		e.Warnings = append(e.Warnings, d.warnings[i]...)
	}
	e.Timings = append(e.Timings, StageTiming{Stage: BackgroundTraining, Duration: d.took})
	return nil
}

// BackgroundTraining is the Timings stage of the deferred cluster
// training, which runs alongside the store.
const BackgroundTraining = "train clusters (in the background)"

// join waits for the training and returns its error.
func (d *deferral) join() error {
	if d.done == nil {
		return internal(plan.Loc{}, "the deferred cluster training never started")
	}
	<-d.done.done
	return d.done.err
}

// fillPlaceholders copies the trained segments' members into their
// placeholders, which must name the same segments in the same order.
func fillPlaceholders(slots []store.SegmentMembers, segs []store.SegmentMembers) error {
	if len(slots) < len(segs) {
		return internal(plan.Loc{}, "deferred cluster has %d segments, %d placeholders", len(segs), len(slots))
	}
	for i, s := range segs {
		if slots[i].Name != s.Name || !slots[i].Pending {
			return internal(plan.Loc{}, "deferred cluster segment %s does not match its placeholder %s", s.Name, slots[i].Name)
		}
		slots[i].Members = s.Members
	}
	return nil
}
