package serve

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// pathDDL creates segc_state_path: every state each entity entered in
// each lifecycle, with its since, along the timeline serve holds true
// (a replay rewrites the part after its late event). A replay reads it
// to restore an entity's states at an earlier instant.
const pathDDL = `CREATE TABLE IF NOT EXISTS segc_state_path(
		lifecycle TEXT NOT NULL,
		entity_id NOT NULL,
		state TEXT NOT NULL,
		since TEXT NOT NULL);
	CREATE INDEX IF NOT EXISTS segc_state_path_entity ON segc_state_path(lifecycle, entity_id, since)`

// sqlInsertPath adds a state an entity entered to its path.
const sqlInsertPath = `INSERT INTO segc_state_path(lifecycle, entity_id, state, since) VALUES (?, ?, ?, ?)`

// restoreStates fills each start's States: the states its entity was in
// just before its From, by lifecycle: its segc_states row when entered
// before From (it has been in that state since), else the last state of
// its path entered before From. A lifecycle with neither has no state:
// the replay starts the entity new.
func restoreStates(ctx context.Context, db *sql.DB, lifecycles []string, starts []runtime.ReplayStart) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var stmts []*sql.Stmt
	for _, q := range []string{
		`SELECT state, since FROM segc_states WHERE lifecycle = ? AND entity_id = ? AND since < ?`,
		`SELECT state, since FROM segc_state_path WHERE lifecycle = ? AND entity_id = ? AND since < ? ORDER BY since DESC, rowid DESC LIMIT 1`,
	} {
		st, err := conn.PrepareContext(ctx, q)
		if err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
		if st != nil {
			defer st.Close()
			stmts = append(stmts, st)
		}
	}
	for i := range starts {
		if starts[i].States, err = restoreOne(ctx, stmts, lifecycles, starts[i]); err != nil {
			return err
		}
	}
	return nil
}

// restoreOne reads one entity's states just before its From.
func restoreOne(ctx context.Context, stmts []*sql.Stmt, lifecycles []string, start runtime.ReplayStart) (map[string]runtime.StoredState, error) {
	before := store.FormatTime(time.Unix(start.From, 0))
	out := map[string]runtime.StoredState{}
	for _, l := range lifecycles {
		for _, st := range stmts {
			state, ok, err := readState(ctx, st, l, start.Key, before)
			if err != nil {
				return nil, err
			}
			if ok {
				out[l] = state
				break
			}
		}
	}
	return out, nil
}

// readState runs one restore statement.
func readState(ctx context.Context, st *sql.Stmt, lifecycle string, key any, before string) (runtime.StoredState, bool, error) {
	var state, since string
	err := st.QueryRowContext(ctx, lifecycle, key, before).Scan(&state, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return runtime.StoredState{}, false, nil
	}
	if err != nil {
		return runtime.StoredState{}, false, err
	}
	at, err := time.Parse(store.TimeLayout, since)
	if err != nil {
		return runtime.StoredState{}, false, nil
	}
	return runtime.StoredState{State: state, Since: at.Unix()}, true, nil
}

// writePaths rewrites each replayed entity's path from its replay's
// start: the states entered at or after it are deleted, the replay's
// entered. (The evaluation at now adds what it enters in writeStates.)
func writePaths(ctx context.Context, st *stmts, r replays) error {
	for _, x := range r {
		from := store.FormatTime(time.Unix(x.from, 0))
		for _, l := range x.lifecycles {
			if err := st.exec(ctx, `DELETE FROM segc_state_path WHERE lifecycle = ? AND entity_id = ? AND since >= ?`, l, x.key, from); err != nil {
				return err
			}
		}
		for _, e := range x.rep.Path {
			if err := st.exec(ctx, sqlInsertPath, e.Lifecycle, x.key, e.State, store.FormatTime(time.Unix(e.Since, 0))); err != nil {
				return err
			}
		}
	}
	return nil
}

// pathHook records, inside a full evaluation's commit, the states
// entered at its as-of in segc_state_path (creating the table); nil for
// a plan without lifecycles. With catchUp (serve's first evaluation of
// a plan) it records every stored state the path does not end in
// instead, so that states that runs outside serve (segc run, backfill)
// entered are in the path too.
func pathHook(p *plan.Plan, asOf time.Time, catchUp bool) store.InTx {
	if len(p.Lifecycles) == 0 {
		return nil
	}
	return func(ctx context.Context, conn *sql.Conn, _ int64) error {
		if _, err := conn.ExecContext(ctx, pathDDL); err != nil {
			return err
		}
		if catchUp {
			_, err := conn.ExecContext(ctx, sqlCatchUpPath)
			return err
		}
		_, err := conn.ExecContext(ctx, `INSERT INTO segc_state_path(lifecycle, entity_id, state, since)
			SELECT lifecycle, entity_id, state, since FROM segc_states WHERE since = ?`, store.FormatTime(asOf))
		return err
	}
}

// sqlCatchUpPath adds to segc_state_path every segc_states row that is
// not the latest entry of its entity's path.
const sqlCatchUpPath = `INSERT INTO segc_state_path(lifecycle, entity_id, state, since)
	SELECT lifecycle, entity_id, state, since FROM segc_states s
	WHERE NOT EXISTS (SELECT 1 FROM segc_state_path p
		WHERE p.lifecycle = s.lifecycle AND p.entity_id = s.entity_id AND p.since >= s.since)`

// chainHooks runs both hooks in order (either may be nil).
func chainHooks(a, b store.InTx) store.InTx {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return func(ctx context.Context, conn *sql.Conn, runID int64) error {
		if err := a(ctx, conn, runID); err != nil {
			return err
		}
		return b(ctx, conn, runID)
	}
}
