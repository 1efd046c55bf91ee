package serve

import (
	"context"
	"math"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/serve/ingest"
	"github.com/segc/segc/runtime/store"
)

// maxReplaySteps bounds the instants one late-event replay steps an
// entity at before the evaluation at now (see docs/serve.md).
const maxReplaySteps = 256

// replayed is one entity's lifecycle replay from its earliest late
// event's instant.
type replayed struct {
	key        any
	from       int64
	lifecycles []string
	rep        *runtime.Replay
}

// replays are the replays of one per-entity evaluation.
type replays []replayed

// start gives the replayed entities' states at the evaluation's now.
func (r replays) start() *runtime.Start {
	if len(r) == 0 {
		return nil
	}
	st := runtime.NewStart()
	for _, x := range r {
		st.Keys[x.key] = true
		for l, s := range x.rep.States {
			st.Set(l, x.key, s)
		}
	}
	return st
}

// replayLate replays the lifecycles of each entity of keys whose
// earliest new event (times) is dated at or before the latest instant at
// which serve already evaluated it: from the states the entity was in
// just before that event's instant t (restoreStates), at t and at each
// Next after it, up to (not including) now.
func (s *Server) replayLate(ctx context.Context, p *plan.Plan, keys []any, times map[any]int64, now int64) (replays, error) {
	if len(p.Lifecycles) == 0 || times == nil {
		return nil, nil
	}
	var names []string
	for _, l := range p.Lifecycles {
		names = append(names, l.Name)
	}
	var starts []runtime.ReplayStart
	horizon := s.pathHorizon(now)
	for _, k := range keys {
		if t, ok := times[k]; ok && t <= s.rt.evaluated.latest(k) {
			// The path before the horizon is pruned (Config.PathRetention):
			// an older event replays from the horizon.
			starts = append(starts, runtime.ReplayStart{Key: k, From: max(t, horizon)})
		}
	}
	if len(starts) == 0 {
		return nil, nil
	}
	if err := restoreStates(ctx, s.evalDB, names, starts); err != nil {
		return nil, err
	}
	reps, err := runtime.ReplayLifecycles(ctx, s.evalDB, p, builtins.Default(), s.rt.full, starts, now, maxReplaySteps)
	if err != nil {
		return nil, err
	}
	out := make(replays, len(starts))
	for i, st := range starts {
		out[i] = replayed{key: st.Key, from: st.From, lifecycles: names, rep: reps[i]}
	}
	return out, nil
}

// reportReplays tells Config.OnReplayed about each replay.
func (s *Server) reportReplays(r replays) {
	if s.cfg.OnReplayed == nil {
		return
	}
	for _, x := range r {
		instants := make([]time.Time, len(x.rep.Instants))
		for i, at := range x.rep.Instants {
			instants[i] = time.Unix(at, 0).UTC()
		}
		s.cfg.OnReplayed(x.key, time.Unix(x.from, 0).UTC(), instants)
	}
}

// timeColumn is the index of schema's time column among an event's
// values (-1: none).
func timeColumn(schema *ingest.Schema) int {
	for i, c := range schema.Columns {
		if c.Role == ingest.RoleTime {
			return i
		}
	}
	return -1
}

// eventTime reads an event's time in Unix seconds (as the writer stores
// it: Unix seconds or segc's time text); math.MaxInt64 when unknown, so
// that it never counts as late.
func eventTime(e ingest.Event, ti int) int64 {
	if ti < 0 || ti >= len(e.Values) {
		return math.MaxInt64
	}
	switch v := e.Values[ti].(type) {
	case int64:
		return v
	case string:
		if t, err := time.Parse(store.TimeLayout, v); err == nil {
			return t.Unix()
		}
	}
	return math.MaxInt64
}
