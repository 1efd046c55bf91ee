package serve

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/store"
)

// diffEntities lists the changes that take the served membership cur of
// ev's entities to ev's: an enter or exit per entity and stored segment.
// A trigger member enters at its since; everything else at as-of. A
// trigger member whose since moved (its interval ended and a new firing
// started between two evaluations) exits and enters again, as a batch
// run records it.
func diffEntities(ev *runtime.EntityEvaluation, cur *membership.Set) []membership.Change {
	at := store.FormatTime(ev.AsOf)
	keys := ev.Outcome.Keys
	key := func(i int) any {
		if keys.Ints != nil {
			return keys.Ints[i]
		}
		return keys.Strs[i]
	}
	now := make([]map[string]string, ev.Len())
	for i := range now {
		now[i] = map[string]string{}
		ms, _ := cur.Lookup(key(i))
		for _, m := range ms {
			now[i][m.Segment] = m.Since
		}
	}
	var out []membership.Change
	for _, seg := range ev.Outcome.Segments {
		if _, ok := cur.Segment(seg.Name); !ok {
			continue
		}
		member := make([]bool, ev.Len())
		for j, i := range seg.Members {
			member[i] = true
			since := at
			if seg.Since != nil {
				since = store.FormatTime(time.Unix(seg.Since[j], 0))
			}
			was, in := now[i][seg.Name]
			if in && seg.Since != nil && was != since {
				out = append(out, membership.Change{Segment: seg.Name, Key: key(int(i))})
				in = false
			}
			if !in {
				out = append(out, membership.Change{Segment: seg.Name, Key: key(int(i)), Enter: true, Since: since})
			}
		}
		for i := range member {
			if _, in := now[i][seg.Name]; !member[i] && in {
				out = append(out, membership.Change{Segment: seg.Name, Key: key(i)})
			}
		}
	}
	return out
}

// commitEntities writes a per-entity evaluation in one transaction: a
// segc_runs row, the thresholds in use, the membership changes
// (segc_members and segc_changes), the changed lifecycle states, and the
// outbox rows. It returns the run id.
func (s *Server) commitEntities(ctx context.Context, ev *runtime.EntityEvaluation, changes []membership.Change, replays replays) (int64, error) {
	conn, err := s.evalDB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return 0, fmt.Errorf("starting a transaction: %w", err)
	}
	runID, err := s.writeEntities(ctx, conn, ev, changes, replays)
	if err == nil {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return runID, nil
		}
	}
	if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
		err = errors.Join(err, rbErr)
	}
	return 0, fmt.Errorf("committing a per-entity evaluation: %w", err)
}

func (s *Server) writeEntities(ctx context.Context, conn *sql.Conn, ev *runtime.EntityEvaluation, changes []membership.Change, replays replays) (int64, error) {
	at := store.FormatTime(ev.AsOf)
	res, err := conn.ExecContext(ctx, `INSERT INTO segc_runs(started_at, finished_at, as_of, plan_hash, status) VALUES (?, ?, ?, ?, 'ok')`,
		store.FormatTime(time.Now()), store.FormatTime(time.Now()), at, ev.Plan.Hash)
	if err != nil {
		return 0, err
	}
	runID, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	st := newStmts(conn)
	defer st.close()
	for _, t := range ev.Outcome.Thresholds {
		if err := st.exec(ctx, `INSERT INTO segc_thresholds(run_id, segment, expr, group_key, value) VALUES (?, ?, ?, ?, ?)`,
			runID, t.Segment, t.Expr, t.GroupKey, t.Value); err != nil {
			return 0, err
		}
	}
	for _, c := range changes {
		if err := writeChange(ctx, st, runID, at, c); err != nil {
			return 0, err
		}
	}
	if err := writePaths(ctx, st, replays); err != nil {
		return 0, err
	}
	if err := writeStates(ctx, st, ev); err != nil {
		return 0, err
	}
	if hook := s.outboxHook(); hook != nil && len(changes) > 0 {
		return runID, hook(ctx, conn, runID)
	}
	return runID, nil
}

// writeChange applies one enter or exit to segc_members and records it.
func writeChange(ctx context.Context, st *stmts, runID int64, at string, c membership.Change) error {
	kind := "exit"
	var err error
	if c.Enter {
		kind = "enter"
		err = st.exec(ctx, `INSERT OR REPLACE INTO segc_members(segment, entity_id, since) VALUES (?, ?, ?)`, c.Segment, c.Key, c.Since)
	} else {
		err = st.exec(ctx, `DELETE FROM segc_members WHERE segment = ? AND entity_id = ?`, c.Segment, c.Key)
	}
	if err != nil {
		return err
	}
	return st.exec(ctx, `INSERT INTO segc_changes(run_id, at, segment, entity_id, change) VALUES (?, ?, ?, ?, ?)`, runID, at, c.Segment, c.Key, kind)
}

// writeStates stores the lifecycle states of the entities that are new
// or took a transition (or were replayed), and adds each state entered
// at as-of to the entity's path (segc_state_path).
func writeStates(ctx context.Context, st *stmts, ev *runtime.EntityEvaluation) error {
	keys := ev.Outcome.Keys
	for _, ls := range ev.Outcome.States {
		for _, i := range ls.Changed {
			var key any
			if keys.Ints != nil {
				key = keys.Ints[i]
			} else {
				key = keys.Strs[i]
			}
			state, since := ls.States[ls.State[i]], store.FormatTime(time.Unix(ls.Since[i], 0))
			if err := st.exec(ctx, `INSERT OR REPLACE INTO segc_states(lifecycle, entity_id, state, since) VALUES (?, ?, ?, ?)`,
				ls.Name, key, state, since); err != nil {
				return err
			}
			if ls.Since[i] != ev.AsOf.Unix() {
				continue
			}
			if err := st.exec(ctx, sqlInsertPath, ls.Name, key, state, since); err != nil {
				return err
			}
		}
	}
	return nil
}
