package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LifecycleStates is one lifecycle's states after a run: State[i] indexes
// States for entity i, Since[i] is when it entered that state (Unix
// seconds). Changed lists the entities (ascending indexes) whose stored
// row must be written: entities seen for the first time and those that
// took a transition. Every state is also a stored segment
// (Name+"."+state) in Outcome.Segments.
type LifecycleStates struct {
	Name    string
	States  []string
	State   []int32
	Since   []int64
	Changed []int32
}

// StateGroup is the stored entities of one lifecycle that share a state
// and an entry time.
type StateGroup struct {
	State string
	Since time.Time
	Keys  Keys
}

// ReadStates returns a lifecycle's stored states, grouped by (state,
// since): entries happen at run instants, so there are few groups, and
// each comes back as one JSON array. A database without segc_states has
// none.
func ReadStates(ctx context.Context, db *sql.DB, lifecycle string) ([]StateGroup, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'segc_states'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT state, since, json_group_array(entity_id) FROM segc_states
		WHERE lifecycle = ? GROUP BY state, since ORDER BY since, state`, lifecycle)
	if err != nil {
		return nil, fmt.Errorf("reading the states of lifecycle %q: %w", lifecycle, err)
	}
	defer rows.Close()
	var out []StateGroup
	for rows.Next() {
		var g StateGroup
		var since, arr string
		if err := rows.Scan(&g.State, &since, &arr); err != nil {
			return nil, fmt.Errorf("reading the states of lifecycle %q: %w", lifecycle, err)
		}
		if g.Since, err = time.Parse(TimeLayout, since); err != nil {
			return nil, fmt.Errorf("lifecycle %q: stored since %q is not %s", lifecycle, since, TimeLayout)
		}
		k, err := parseKeyArray(arr)
		if err != nil {
			return nil, fmt.Errorf("lifecycle %q: %w", lifecycle, err)
		}
		g.Keys = Keys{Ints: k.ints, Strs: k.strs}
		out = append(out, g)
	}
	return out, rows.Err()
}

const sqlUpsertStates = `INSERT INTO segc_states(lifecycle, entity_id, state, since)
	SELECT ?1, value, ?2, ?3 FROM json_each(?4) WHERE true
	ON CONFLICT(lifecycle, entity_id) DO UPDATE SET state = excluded.state, since = excluded.since`

// writeStates upserts the changed entities of every lifecycle, one
// statement per (state, since) chunk.
func (w *writer) writeStates(ctx context.Context, keys Keys, states []LifecycleStates) error {
	for _, l := range states {
		for s, name := range l.States {
			if err := w.writeState(ctx, keys, l, int32(s), name); err != nil {
				return fmt.Errorf("writing the states of lifecycle %q: %w", l.Name, err)
			}
		}
	}
	return nil
}

// writeState writes the changed entities now in state s, grouped by since.
func (w *writer) writeState(ctx context.Context, keys Keys, l LifecycleStates, s int32, name string) error {
	bySince := map[int64][]int32{}
	var order []int64
	for _, i := range l.Changed {
		if l.State[i] != s {
			continue
		}
		if _, ok := bySince[l.Since[i]]; !ok {
			order = append(order, l.Since[i])
		}
		bySince[l.Since[i]] = append(bySince[l.Since[i]], i)
	}
	for _, since := range order {
		list, err := memberKeys(keys, SegmentMembers{Name: l.Name + "." + name, Members: bySince[since]})
		if err != nil {
			return err
		}
		at := FormatTime(time.Unix(since, 0))
		err = w.eachChunk(list, func(js string) error {
			_, err := w.conn.ExecContext(ctx, sqlUpsertStates, l.Name, name, at, js)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
