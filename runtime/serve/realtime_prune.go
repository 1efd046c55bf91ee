package serve

import (
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/serve/membership"
)

// logMask is a set of event logs by index; logs past 63 make it
// allLogs.
type logMask uint64

// allLogs stands for every log (and for logs past 63).
const allLogs = ^logMask(0)

// maskOf is the set of log l alone.
func maskOf(l int) logMask {
	if l < 0 || l >= 64 {
		return allLogs
	}
	return 1 << l
}

// indexes lists the logs of m among n logs.
func (m logMask) indexes(n int) []int {
	var out []int
	for l := range min(n, 64) {
		if m&(1<<l) != 0 {
			out = append(out, l)
		}
	}
	return out
}

// pruneGroup is a set of keys of accepted events whose evaluation
// recomputes the same steps: dirty marks them by position in the plan's
// Steps (nil: every step); keep says the evaluation's Next covers only
// those steps, so that each entity keeps its earlier Next when sooner.
type pruneGroup struct {
	keys  []any
	dirty []bool
	keep  bool
}

// widenIfDue returns g, or, when the Next of one of its keys has come by asOf,
// a copy that also recomputes the as-of-dependent steps. pruneGroups
// classifies a drain's keys at its start, and the evaluation of an
// earlier group can take long enough for a Next to pass.
func (s *Server) widenIfDue(g *pruneGroup, asOf int64) *pruneGroup {
	if g == nil || !g.keep || s.rt.deps == nil {
		return g
	}
	for _, k := range g.keys {
		if next, ok := s.rt.nextKnown[k]; ok && next <= asOf {
			due := &pruneGroup{keys: g.keys, dirty: slices.Clone(g.dirty)}
			orInto(due.dirty, s.rt.deps.Dirty(nil, true))
			return due
		}
	}
	return g
}

// pruning is the runtime's Pruning of g (nil for a nil g or one that
// recomputes every step).
func (g *pruneGroup) pruning(d *plan.Deps) *runtime.Pruning {
	if g == nil || g.dirty == nil || d == nil {
		return nil
	}
	return &runtime.Pruning{Deps: d, Dirty: g.dirty}
}

// keepsNext reports whether the entities keep their earlier Next.
func (g *pruneGroup) keepsNext() bool { return g != nil && g.keep }

// pruneGroups splits the keys of accepted events by what their
// evaluation at now must recompute (issue 6: an event re-evaluates only
// what depends on it):
//
//   - every step, for an entity serve holds nothing exact for: outside
//     the evaluated population and not evaluated since, or with a
//     lifecycle replay to run, or after a failed evaluation;
//   - the steps reading the logs its events went to (plan.Deps.ByLog),
//     when its Next, known from an evaluation since the latest full one,
//     is after now: time passing alone changed nothing since;
//   - those plus the as-of-dependent steps (Deps.AsOf) otherwise.
//
// The other steps read neither those logs nor the instant (entity
// columns, thresholds' groups, stored cluster models), or the instant
// only where Next shows nothing due: the entity keeps their membership.
func (s *Server) pruneGroups(keys []any, times map[any]int64, logs map[any]logMask) []*pruneGroup {
	if len(keys) == 0 {
		return nil
	}
	cur, d := s.state.Load(), s.rt.deps
	if s.rt.noPrune || d == nil || cur == nil || s.cfg.NoPrune || s.rt.full == nil || s.rt.full.Plan != cur.Plan {
		return []*pruneGroup{{keys: keys}}
	}
	now := s.cfg.Now().Unix()
	byClass := map[[2]uint64]*pruneGroup{}
	var order [][2]uint64
	for _, k := range keys {
		class, mask := s.pruneClass(k, times, logs[k], cur.Members, now, len(cur.Plan.Logs))
		id := [2]uint64{uint64(class), uint64(mask)}
		g := byClass[id]
		if g == nil {
			g = &pruneGroup{keep: class == pruneKnown}
			if class != pruneNone {
				g.dirty = d.Dirty(mask.indexes(len(cur.Plan.Logs)), class == pruneTimed)
				orInto(g.dirty, untimedSteps(cur.Plan, d))
			}
			byClass[id] = g
			order = append(order, id)
		}
		g.keys = append(g.keys, k)
	}
	slices.SortFunc(order, func(a, b [2]uint64) int { return slices.Compare(a[:], b[:]) })
	out := make([]*pruneGroup, len(order))
	for i, id := range order {
		out[i] = byClass[id]
	}
	return out
}

// The classes of pruneGroups.
const (
	pruneNone  = iota // every step
	pruneTimed        // the logs' steps and the as-of-dependent ones
	pruneKnown        // the logs' steps alone
)

// pruneClass classifies one key (see pruneGroups) and returns the logs
// its events went to.
func (s *Server) pruneClass(k any, times map[any]int64, mask logMask, members *membership.Set, now int64, nLogs int) (int, logMask) {
	next, known := s.rt.nextKnown[k]
	switch {
	case mask == 0 || mask == allLogs || nLogs > 64:
		return pruneNone, allLogs
	case s.replays(k, times):
		return pruneNone, allLogs
	case known && next > now:
		return pruneKnown, mask
	case known || members.InPopulation(k):
		return pruneTimed, mask
	}
	return pruneNone, allLogs
}

// replays reports whether key's lifecycles will be replayed (see
// replayLate): the plan has some and its earliest new event is dated at
// or before an instant serve already evaluated it at.
func (s *Server) replays(k any, times map[any]int64) bool {
	t, ok := times[k]
	return ok && s.rt.evaluated.on && t <= s.rt.evaluated.latest(k)
}

// untimedSteps marks the steps whose change with time Next does not
// cover, so that every evaluation recomputes them: the cluster
// assignments over as-of-dependent features (an rfm cluster on
// days_since), which otherwise move only at the entity's evaluations,
// and what reads them.
func untimedSteps(p *plan.Plan, d *plan.Deps) []bool {
	seed := make([]bool, len(p.Steps))
	for _, i := range d.AsOf {
		seed[i] = p.Steps[i].Kind == plan.ComputeCluster
	}
	return d.Users(seed)
}

// orInto sets dst[i] wherever src[i] is set.
func orInto(dst, src []bool) {
	for i := range min(len(dst), len(src)) {
		dst[i] = dst[i] || src[i]
	}
}
