package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// pruneStates forgets the states that belong to no one any more, so that
// segc_states holds exactly one row per (defined lifecycle, entity of the
// population), like segc_members holds only defined segments:
//   - every row of a lifecycle the module no longer declares;
//   - a lifecycle's rows for entities that left the population. Their
//     state segments were just written without them, so a row whose
//     entity is not in its state's segment is stale. An entity that comes
//     back starts again in the initial state. The lifecycles in pruned
//     are done already (a Pipe prunes a lifecycle's rows as soon as its
//     states are written).
func (w *writer) pruneStates(ctx context.Context, states []LifecycleStates, pruned map[string]bool) error {
	defined := make(map[string]bool, len(states))
	for _, l := range states {
		defined[l.Name] = true
	}
	if err := w.pruneLifecycles(ctx, defined); err != nil {
		return fmt.Errorf("forgetting the states of removed lifecycles: %w", err)
	}
	for _, l := range states {
		if pruned[l.Name] {
			continue
		}
		if err := w.pruneOne(ctx, l); err != nil {
			return err
		}
	}
	return nil
}

// pruneOne forgets l's states of entities outside the population.
func (w *writer) pruneOne(ctx context.Context, l LifecycleStates) error {
	if err := w.pruneLifecycle(ctx, l); err != nil {
		return fmt.Errorf("forgetting the states of entities that left lifecycle %q: %w", l.Name, err)
	}
	return nil
}

// pruneLifecycle deletes l's rows of entities outside the population;
// it only searches for them when neither the caller nor the writer knows
// there are none (the writer does when this commit wrote l's rows where
// none were stored: a first run's million rows took ~45 ms to count) and
// there are more rows than entities.
func (w *writer) pruneLifecycle(ctx context.Context, l LifecycleStates) error {
	if l.NoneOutside || w.freshStates[l.Name] {
		return nil
	}
	var n int
	err := w.conn.QueryRowContext(ctx, `SELECT count(*) FROM segc_states WHERE lifecycle = ?`, l.Name).Scan(&n)
	if err != nil || n <= len(l.State) {
		return err
	}
	_, err = w.conn.ExecContext(ctx, `DELETE FROM segc_states WHERE lifecycle = ?1 AND NOT EXISTS (
		SELECT 1 FROM segc_members m WHERE m.segment = ?1 || '.' || segc_states.state AND m.entity_id = segc_states.entity_id)`, l.Name)
	return err
}

// pruneLifecycles deletes every row of the stored lifecycles that are not
// defined. It steps from one stored lifecycle name to the next through
// the primary key, so it reads a few index entries instead of every row.
func (w *writer) pruneLifecycles(ctx context.Context, defined map[string]bool) error {
	name := ""
	for {
		err := w.conn.QueryRowContext(ctx, `SELECT lifecycle FROM segc_states WHERE lifecycle > ? ORDER BY lifecycle LIMIT 1`, name).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if defined[name] {
			continue
		}
		if _, err := w.conn.ExecContext(ctx, `DELETE FROM segc_states WHERE lifecycle = ?`, name); err != nil {
			return err
		}
	}
}
