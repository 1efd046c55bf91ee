package plan

import (
	"slices"
	"testing"
)

func TestFullReadsThresholds(t *testing.T) {
	// feature f; segment parent; threshold $t0 = percentile(f, 90) over
	// parent, by g; segment child where f > $t0.
	p := &Plan{
		Features:   []*Feature{{Index: 0, Name: "f"}, {Index: 1, Name: "g"}},
		Segments:   []*Segment{{Index: 0, Name: "parent", Parent: -1}, {Index: 1, Name: "parent.child", Parent: 0}},
		Thresholds: []*Threshold{{Index: 0, Value: &FeatureRef{Feature: 0}, By: &FeatureRef{Feature: 1}, Population: 0}},
	}
	p.Segments[1].Where = &Binary{Op: ">", X: &FeatureRef{Feature: 0}, Y: &ThresholdRef{Threshold: 0}}
	p.Steps = []Step{{Kind: ComputeFeature, Index: 0}, {Kind: ComputeFeature, Index: 1}, {Kind: ComputeSegment, Index: 0},
		{Kind: ComputeThreshold, Index: 0}, {Kind: ComputeSegment, Index: 1}}
	full, fixed := FullReads(p), NewDeps(p).Reads
	for _, tc := range []struct {
		name        string
		step        int
		full, fixed []int
	}{
		{"a threshold reads its value, its by and its population", 3, []int{0, 1, 2}, []int{1}},
		{"a nested segment reads its parent and threshold", 4, []int{0, 2, 3}, []int{0, 2, 3}},
		{"a feature with no references reads nothing", 0, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(full[tc.step], tc.full) || !slices.Equal(fixed[tc.step], tc.fixed) {
				t.Errorf("step %d: FullReads %v, Deps.Reads %v; want %v and %v", tc.step, full[tc.step], fixed[tc.step], tc.full, tc.fixed)
			}
		})
	}
}
