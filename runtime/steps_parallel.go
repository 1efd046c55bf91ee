package runtime

import (
	goruntime "runtime"
	"sync"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// stepOutput is what a step adds to the evaluation's shared lists. A step
// running alongside others collects it apart; the scheduler keeps each
// step's output in plan order, as a sequential run would.
type stepOutput struct {
	warnings    []Warning
	thresholds  []store.ThresholdRow
	thresholdOf []int // threshold index of each row
}

// add appends o to the output.
func (out *stepOutput) add(o stepOutput) {
	out.warnings = append(out.warnings, o.warnings...)
	out.thresholds = append(out.thresholds, o.thresholds...)
	out.thresholdOf = append(out.thresholdOf, o.thresholdOf...)
}

// keep adds a step's output to the evaluation.
func (r *run) keep(o stepOutput) {
	r.ev.Warnings = append(r.ev.Warnings, o.warnings...)
	r.ev.Outcome.Thresholds = append(r.ev.Outcome.Thresholds, o.thresholds...)
	r.thresholdOf = append(r.thresholdOf, o.thresholdOf...)
}

// stepWorkers is how many steps may run at once: Options.Workers, else
// min(GOMAXPROCS, 4). The steps that read the database much (lifecycles,
// triggers) run alone, so the connection pool does not bound it.
func (r *run) stepWorkers() int {
	if r.opts.Workers > 0 {
		return r.opts.Workers
	}
	return min(goruntime.GOMAXPROCS(0), 4)
}

// stepSchedule is, by position in the plan's steps, the steps each one
// waits for.
type stepSchedule [][]int

// newStepSchedule lets a feature, threshold or segment step wait only for
// the steps it reads (plan.FullReads). A cluster step does too, and also
// waits for the cluster steps before it (they share the run's list of
// deferred trainings); only the steps that read a cluster wait for it,
// so applying and monitoring a stored model (the daily run) overlaps the
// other steps. A lifecycle or trigger step reads and writes more of the
// run's state, so it runs alone: it waits for every earlier step, and
// every later step waits for it.
func newStepSchedule(p *plan.Plan) stepSchedule {
	reads := plan.FullReads(p)
	waits := make(stepSchedule, len(p.Steps))
	barrier, cluster := -1, -1
	for i, s := range p.Steps {
		switch s.Kind {
		case plan.ComputeFeature, plan.ComputeThreshold, plan.ComputeSegment:
			waits[i] = andStep(reads[i], barrier)
		case plan.ComputeCluster:
			waits[i] = andStep(andStep(reads[i], barrier), cluster)
			cluster = i
		default:
			for j := range i {
				waits[i] = append(waits[i], j)
			}
			barrier = i
		}
	}
	return waits
}

// andStep adds step j (none when negative) to the steps waited for.
func andStep(waits []int, j int) []int {
	if j < 0 {
		return waits
	}
	return append(waits, j)
}

// parallelSteps runs the plan's steps on up to workers goroutines, each
// once the steps it waits for are done. The outcome is the sequential
// one: outputs are kept in plan order, and the error returned is the
// first in plan order (a step after a failed one it waits for is
// skipped).
func (r *run) parallelSteps(workers int) error {
	n := len(r.p.Steps)
	waits := newStepSchedule(r.p)
	done, failed := make([]chan struct{}, n), make([]bool, n)
	outs, errs := make([]stepOutput, n), make([]error, n)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := range n {
		done[i] = make(chan struct{})
	}
	for i, s := range r.p.Steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			failed[i], errs[i] = r.scheduledStep(s, waits[i], done, failed, sem, &outs[i])
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			return errs[i]
		}
		r.keep(outs[i])
	}
	return nil
}

// scheduledStep waits for the steps s waits for, then runs it while
// holding one of the workers. A cluster step takes no worker: it is the
// longest step of a daily run (applying and monitoring the model), and
// queued behind the segments that became ready before it, it started
// last and ended the stage alone. It reports whether s failed or was
// skipped.
func (r *run) scheduledStep(s plan.Step, waits []int, done []chan struct{}, failed []bool, sem chan struct{}, out *stepOutput) (bool, error) {
	for _, w := range waits {
		<-done[w]
		if failed[w] {
			return true, nil
		}
	}
	if s.Kind != plan.ComputeCluster {
		sem <- struct{}{}
		defer func() { <-sem }()
	}
	if err := r.ctx.Err(); err != nil {
		return true, err
	}
	alongside := *r
	alongside.out = out
	err := alongside.step(s)
	return err != nil, err
}
