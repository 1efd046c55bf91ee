package runtime

import (
	"context"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
)

// TestParallelStepsReportFirstError: when several steps fail, the error
// is the first failing step's in plan order, whichever finished first.
func TestParallelStepsReportFirstError(t *testing.T) {
	db := retailDB(t, 30, 200)
	p := retailPlan()
	bad := []plan.Step{{Kind: plan.ComputeSegment, Index: 98}, {Kind: plan.ComputeFeature, Index: 99}}
	p.Steps = append(append([]plan.Step{p.Steps[0]}, bad...), p.Steps[1:]...)
	for _, workers := range []int{1, 2, 4} {
		_, err := Evaluate(context.Background(), db, p, builtins.Default(), Options{AsOf: asOf, Workers: workers})
		if err == nil || !strings.Contains(err.Error(), "segment 98") {
			t.Errorf("workers %d: error %v, want the segment 98 step's", workers, err)
		}
	}
}

// TestStepScheduleWaits: features, thresholds and segments wait for what
// they read; lifecycles, triggers and clusters run alone.
func TestStepScheduleWaits(t *testing.T) {
	p := retailPlan()
	p.Steps = append(p.Steps, plan.Step{Kind: plan.ComputeCluster, Index: 0}, plan.Step{Kind: plan.ComputeFeature, Index: 0})
	waits := newStepSchedule(p)
	n := len(p.Steps)
	if got := waits[n-2]; len(got) != n-2 {
		t.Errorf("the cluster step waits for %v, want every earlier step", got)
	}
	if got := waits[n-1]; len(got) == 0 || got[len(got)-1] != n-2 {
		t.Errorf("the step after the cluster waits for %v, want the cluster step among them", got)
	}
	reads := plan.FullReads(p)
	for i, s := range p.Steps[:n-2] {
		if len(waits[i]) != len(reads[i]) {
			t.Errorf("step %d (%s) waits for %v, want what it reads, %v", i, s.Kind, waits[i], reads[i])
		}
	}
}
