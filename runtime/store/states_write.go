package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// sqlUpsertStates writes one lifecycle's changed entities: ?1 the
// lifecycle, ?2 the key set with each row's state (c0) and since (c1).
// OR FAIL spares SQLite a statement journal: a failure rolls back the
// whole run's transaction anyway. (WHERE true tells the parser that ON
// CONFLICT is the upsert clause, not a join constraint.)
const sqlUpsertStates = `INSERT OR FAIL INTO segc_states(lifecycle, entity_id, state, since)
	SELECT ?1, value, c0, c1 FROM segc_keys(?2) WHERE true
	ON CONFLICT(lifecycle, entity_id) DO UPDATE SET state = excluded.state, since = excluded.since`

// writeStates upserts the changed entities of every lifecycle.
func (w *writer) writeStates(ctx context.Context, keys Keys, states []LifecycleStates) error {
	for _, l := range states {
		if err := w.writeLifecycle(ctx, keys, l); err != nil {
			return fmt.Errorf("writing the states of lifecycle %q: %w", l.Name, err)
		}
	}
	return nil
}

// writeLifecycle upserts l's changed entities in one statement, in key
// order, the order of segc_states' primary key, so that SQLite appends to
// or walks its B-tree once (a first run writes a million rows). The keys
// travel as a bound set with their state and since as dictionary-coded
// text columns: nothing is encoded as JSON or parsed back.
func (w *writer) writeLifecycle(ctx context.Context, keys Keys, l LifecycleStates) error {
	rows, err := keyOrder(keys, l)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return ctx.Err()
	}
	stored, err := w.storesStates(ctx, l.Name)
	if err != nil {
		return err
	}
	set, cols := stateColumns(keys, l, rows)
	if err := sqlbatch.ExecKeysColumns(ctx, w.conn, sqlUpsertStates, []any{l.Name}, set, cols); err != nil {
		return err
	}
	if !stored {
		w.markFreshStates(l.Name)
	}
	return nil
}

// storesStates reports whether segc_states holds a row of lifecycle (one
// seek of its primary key).
func (w *writer) storesStates(ctx context.Context, lifecycle string) (bool, error) {
	var found bool
	err := w.conn.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM segc_states WHERE lifecycle = ?)`, lifecycle).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("reading the stored states: %w", err)
	}
	return found, nil
}

// markFreshStates records that this commit wrote lifecycle's rows where
// none were stored (a first run, or a lifecycle never stored): each row
// is then an entity of the population, so pruneLifecycle has nothing to
// look for.
func (w *writer) markFreshStates(lifecycle string) {
	if w.freshStates == nil {
		w.freshStates = map[string]bool{}
	}
	w.freshStates[lifecycle] = true
}

// stateColumns gathers rows' keys, in rows' order, and their state and
// since columns: states coded by their index in l.States, sinces by
// their first appearance.
func stateColumns(keys Keys, l LifecycleStates, rows []int32) (sqlbatch.Keys, []sqlbatch.Column) {
	state := sqlbatch.Column{Codes: make([]int32, len(rows)), Dict: l.States}
	for j, i := range rows {
		state.Codes[j] = l.State[i]
	}
	return keysAt(keys, rows), []sqlbatch.Column{state, sinceColumn(l.Since, rows)}
}

// keysAt returns the keys of rows, in rows' order: the keys themselves
// (not a copy) when rows are every entity in index order, as on a first
// run, which writes all of them.
func keysAt(keys Keys, rows []int32) sqlbatch.Keys {
	all := isIdentity(rows, max(len(keys.Ints), len(keys.Strs)))
	switch {
	case keys.Strs != nil && all:
		return sqlbatch.Keys{Strs: keys.Strs}
	case keys.Strs != nil:
		return sqlbatch.Keys{Strs: gatherKeys(keys.Strs, rows)}
	case all:
		return sqlbatch.Keys{Ints: keys.Ints}
	}
	return sqlbatch.Keys{Ints: gatherKeys(keys.Ints, rows)}
}

// isIdentity reports whether rows are 0, 1, ..., n-1.
func isIdentity(rows []int32, n int) bool {
	if len(rows) != n {
		return false
	}
	for j, i := range rows {
		if int(i) != j {
			return false
		}
	}
	return true
}

// gatherKeys returns all[i] for each i of rows.
func gatherKeys[T any](all []T, rows []int32) []T {
	out := make([]T, len(rows))
	for j, i := range rows {
		out[j] = all[i]
	}
	return out
}

// sinceColumn codes rows' sinces by a dictionary of their texts. A run
// writes few distinct sinces (often only as-of), mostly in runs of one
// value, so the previous row's code is tried before the map.
func sinceColumn(since []int64, rows []int32) sqlbatch.Column {
	c := sqlbatch.Column{Codes: make([]int32, len(rows))}
	code := map[int64]int32{}
	last, lastCode := int64(0), int32(-1)
	for j, i := range rows {
		t := since[i]
		if lastCode < 0 || t != last {
			k, ok := code[t]
			if !ok {
				k = int32(len(c.Dict))
				code[t] = k
				c.Dict = append(c.Dict, FormatTime(time.Unix(t, 0)))
			}
			last, lastCode = t, k
		}
		c.Codes[j] = lastCode
	}
	return c
}

// keyOrder returns l's changed entities sorted by key, rejecting indexes
// outside the keys and keys that occur twice.
func keyOrder(keys Keys, l LifecycleStates) ([]int32, error) {
	n := max(len(keys.Ints), len(keys.Strs))
	for _, i := range l.Changed {
		if i < 0 || int(i) >= n || int(i) >= len(l.State) || int(i) >= len(l.Since) {
			return nil, fmt.Errorf("entity index %d is outside the %d entity keys", i, n)
		}
		if s := l.State[i]; s < 0 || int(s) >= len(l.States) {
			return nil, fmt.Errorf("entity %d is in state %d, but the lifecycle has %d states", i, s, len(l.States))
		}
	}
	if keys.Strs != nil {
		return sortedByKey(keys.Strs, l.Changed)
	}
	return sortedByKey(keys.Ints, l.Changed)
}

// sortedByKey orders the entity indexes by their key (a copy, unless
// they already are in order) and rejects duplicate keys.
func sortedByKey[T cmp.Ordered](all []T, idx []int32) ([]int32, error) {
	less := func(a, b int32) int { return cmp.Compare(all[a], all[b]) }
	if !slices.IsSortedFunc(idx, less) {
		idx = slices.Clone(idx)
		slices.SortFunc(idx, less)
	}
	for j := 1; j < len(idx); j++ {
		if all[idx[j]] == all[idx[j-1]] {
			return nil, fmt.Errorf("entity key %v occurs twice; entity keys must be unique", all[idx[j]])
		}
	}
	return idx, nil
}
