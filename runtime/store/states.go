package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	// NoneOutside, when set, says the caller read every stored row of
	// the lifecycle and each belongs to an entity of the population, so
	// Commit has no row to prune (see pruneStates).
	NoneOutside bool
}

// StateGroup is the stored entities of one lifecycle that share a state
// and an entry time.
type StateGroup struct {
	State string
	Since time.Time
	Keys  Keys
}

// ReadStates returns a lifecycle's stored states, grouped by (state,
// since): entries happen at run instants, so there are few groups. The
// rows are read in key order (the primary key's, so SQLite does not
// sort) as two aggregates: the keys as one JSON array, which
// parseKeyArray returns in that same order, and the "state<TAB>since" of
// each as lines. A database without segc_states has none.
func ReadStates(ctx context.Context, db *sql.DB, lifecycle string) ([]StateGroup, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'segc_states'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	var arr, lines sql.NullString
	err := db.QueryRowContext(ctx, `SELECT json_group_array(entity_id), group_concat(state || char(9) || since, char(10))
		FROM (SELECT entity_id, state, since FROM segc_states WHERE lifecycle = ? ORDER BY entity_id)`, lifecycle).Scan(&arr, &lines)
	if err != nil {
		return nil, fmt.Errorf("reading the states of lifecycle %q: %w", lifecycle, err)
	}
	if !lines.Valid {
		return nil, nil
	}
	k, err := parseKeyArray(arr.String)
	if err != nil {
		return nil, fmt.Errorf("lifecycle %q: %w", lifecycle, err)
	}
	return groupStates(lifecycle, k, lines.String)
}

// groupStates splits the keys (in row order) by their "state<TAB>since"
// line, groups in order of first appearance.
func groupStates(lifecycle string, k keyList, lines string) ([]StateGroup, error) {
	byLine := map[string]int{}
	var out []StateGroup
	for row := 0; len(lines) > 0 || row < k.len(); row++ {
		line, rest, _ := strings.Cut(lines, "\n")
		lines = rest
		g, ok := byLine[line]
		if !ok {
			state, since, _ := strings.Cut(line, "\t")
			t, err := time.Parse(TimeLayout, since)
			if err != nil {
				return nil, fmt.Errorf("lifecycle %q: stored since %q is not %s", lifecycle, since, TimeLayout)
			}
			g = len(out)
			byLine[line] = g
			out = append(out, StateGroup{State: state, Since: t})
		}
		if row >= k.len() {
			return nil, fmt.Errorf("lifecycle %q: stored states and keys do not line up", lifecycle)
		}
		if row < len(k.ints) {
			out[g].Keys.Ints = append(out[g].Keys.Ints, k.ints[row])
		} else {
			out[g].Keys.Strs = append(out[g].Keys.Strs, k.strs[row-len(k.ints)])
		}
	}
	return out, nil
}
