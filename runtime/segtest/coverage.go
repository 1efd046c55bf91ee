package segtest

import "strings"

// Uncovered lists the module's segments, lifecycles and triggers that no
// expect of the suite names (counting every test, selected or not). An
// expect on NAME.holdout covers NAME; one on a lifecycle state covers the
// lifecycle.
func (s *Suite) Uncovered() []string {
	covered := map[string]bool{}
	for _, t := range s.Tests {
		for _, x := range t.Expect {
			covered[x.Segment] = true
			covered[strings.TrimSuffix(x.Segment, ".holdout")] = true
			if i := strings.LastIndexByte(x.Segment, '.'); i > 0 {
				covered["lifecycle "+x.Segment[:i]] = true
			}
		}
	}
	var out []string
	for _, seg := range s.Plan.Segments {
		if !covered[seg.Name] {
			out = append(out, seg.Name)
		}
	}
	for _, lc := range s.Plan.Lifecycles {
		if !covered["lifecycle "+lc.Name] {
			out = append(out, lc.Name)
		}
	}
	for _, t := range s.Plan.Triggers {
		if !covered[t.Segment] {
			out = append(out, t.Segment)
		}
	}
	return out
}
