package serve

import "github.com/segc/segc/runtime"

// newGroups asks for a full re-evaluation when a per-entity evaluation met
// a `by` group that the latest full evaluation did not see (a country no
// customer had): its percentile is unknown, so the group's entities get a
// null threshold until a full pass computes it. Each group asks once per
// plan, so a group whose threshold stays null (every value of it null)
// does not keep the server re-evaluating. Run's goroutine only.
func (s *Server) newGroups(ev *runtime.EntityEvaluation) {
	if len(ev.NewGroups) == 0 {
		return
	}
	hash := ev.Plan.Hash
	ask := false
	for _, g := range ev.NewGroups {
		if !s.rt.askedGroups[hash+" "+g] {
			s.rt.askedGroups[hash+" "+g] = true
			ask = true
		}
	}
	if ask {
		s.log.Info("a per-entity evaluation met a new `by` group; scheduling a full evaluation to compute its threshold", "groups", ev.NewGroups)
		s.markDirty()
	}
}
