package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// lintUnusedFeatures reports features that no segment or lifecycle guard reads, directly or
// through other features or population statistics (W0701).
func lintUnusedFeatures(s *state) {
	used := make([]bool, len(s.features))
	for _, seg := range s.segments {
		for _, e := range segmentExprs(seg) {
			s.markFeatures(e, used)
		}
	}
	for _, l := range s.lifecycles {
		for _, t := range l.trans {
			s.markFeatures(t.When, used)
		}
	}
	for _, c := range s.clusters {
		for _, f := range c.plan.Features {
			s.markFeatures(f, used)
		}
		s.markFeatures(c.plan.NameBy, used)
	}
	for i, f := range s.features {
		if !used[i] {
			s.report(diag.Warning, f.file, diag.UnusedFeature, f.decl.Name.Sp,
				fmt.Sprintf("feature %s is never used: no segment reads it, directly or through other features; use it in a segment or delete it", f.decl.Name.Name))
		}
	}
}

// markFeatures marks every feature e reads, transitively.
func (s *state) markFeatures(e plan.Expr, used []bool) {
	plan.Walk(e, func(x plan.Expr) {
		switch x := x.(type) {
		case *plan.FeatureRef:
			if x.Feature >= 0 && x.Feature < len(used) && !used[x.Feature] {
				used[x.Feature] = true
				s.markFeatures(s.features[x.Feature].value, used)
			}
		case *plan.ThresholdRef:
			th := s.thresholds[x.Threshold]
			s.markFeatures(th.Value, used)
			s.markFeatures(th.By, used)
		}
	})
}
