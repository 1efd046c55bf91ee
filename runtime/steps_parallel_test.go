package runtime

import (
	"context"
	"slices"
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

// TestStepScheduleWaits: features, thresholds, segments and clusters wait
// for what they read, a cluster also for the clusters before it;
// lifecycles and triggers run alone.
func TestStepScheduleWaits(t *testing.T) {
	p := retailPlan()
	p.Clusters = append(p.Clusters, &plan.Cluster{Name: "c0"}, &plan.Cluster{Name: "c1"})
	p.Steps = append(p.Steps, plan.Step{Kind: plan.ComputeCluster, Index: 0}, plan.Step{Kind: plan.ComputeFeature, Index: 0},
		plan.Step{Kind: plan.ComputeCluster, Index: 1}, plan.Step{Kind: plan.ComputeLifecycle, Index: 0}, plan.Step{Kind: plan.ComputeFeature, Index: 0})
	waits := newStepSchedule(p)
	reads := plan.FullReads(p)
	n := len(p.Steps)
	first, second, lifecycle := n-5, n-3, n-2
	for i := range n {
		want := reads[i]
		switch i {
		case second:
			want = append(slices.Clone(reads[i]), first)
		case lifecycle:
			want = make([]int, 0, i)
			for j := range i {
				want = append(want, j)
			}
		case n - 1:
			want = append(slices.Clone(reads[i]), lifecycle)
		}
		if !slices.Equal(waits[i], want) {
			t.Errorf("step %d (%s) waits for %v, want %v", i, p.Steps[i].Kind, waits[i], want)
		}
	}
	if slices.Contains(waits[first+1], first) {
		t.Errorf("a feature that does not read the cluster waits for it: %v", waits[first+1])
	}
}
