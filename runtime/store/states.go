package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// StateGroup is a (state, since) pair that stored rows share.
type StateGroup struct {
	State string
	Since time.Time
}

// StoredStates is a lifecycle's stored rows in key order (integer keys,
// then text keys, as SQLite orders them): row j is the j-th key of Keys
// (Ints, then Strs) and is in Groups[Group[j]]. Entries happen at run
// instants, so there are few groups.
type StoredStates struct {
	Keys   Keys
	Group  []int32
	Groups []StateGroup
}

// Len is the number of stored rows.
func (s *StoredStates) Len() int { return len(s.Group) }

// ReadStates returns a lifecycle's stored states. The rows are read in
// key order (the primary key's, so SQLite does not sort) as two
// aggregates: the keys as one JSON array and the "state<TAB>since" of
// each as lines. A database without segc_states has none.
func ReadStates(ctx context.Context, db *sql.DB, lifecycle string) (*StoredStates, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'segc_states'`).Scan(&n); err != nil || n == 0 {
		return &StoredStates{}, err
	}
	var arr, lines sql.NullString
	err := db.QueryRowContext(ctx, `SELECT json_group_array(entity_id), group_concat(state || char(9) || since, char(10))
		FROM (SELECT entity_id, state, since FROM segc_states WHERE lifecycle = ? ORDER BY entity_id)`, lifecycle).Scan(&arr, &lines)
	if err != nil {
		return nil, fmt.Errorf("reading the states of lifecycle %q: %w", lifecycle, err)
	}
	if !lines.Valid {
		return &StoredStates{}, nil
	}
	out, err := parseStates(arr.String, lines.String)
	if err != nil {
		return nil, fmt.Errorf("lifecycle %q: %w", lifecycle, err)
	}
	return out, nil
}

// parseStates pairs the keys (in row order) with their "state<TAB>since"
// lines, numbering the distinct lines in order of first appearance.
func parseStates(arr, lines string) (*StoredStates, error) {
	var k keyList
	p := keyParser{s: arr}
	if err := p.run(&k); err != nil {
		return nil, fmt.Errorf("reading stored states: %w", err)
	}
	if !slices.IsSorted(k.ints) || !slices.IsSorted(k.strs) {
		return nil, fmt.Errorf("stored states did not come back in key order")
	}
	out := &StoredStates{Keys: Keys{Ints: k.ints, Strs: k.strs}, Group: make([]int32, 0, k.len())}
	byLine := map[string]int32{}
	for len(out.Group) < k.len() {
		if lines == "" {
			return nil, fmt.Errorf("stored states and keys do not line up")
		}
		line, rest, _ := strings.Cut(lines, "\n")
		lines = rest
		g, ok := byLine[line]
		if !ok {
			state, since, _ := strings.Cut(line, "\t")
			t, err := time.Parse(TimeLayout, since)
			if err != nil {
				return nil, fmt.Errorf("stored since %q is not %s", since, TimeLayout)
			}
			g = int32(len(out.Groups))
			byLine[line] = g
			out.Groups = append(out.Groups, StateGroup{State: state, Since: t})
		}
		out.Group = append(out.Group, g)
	}
	if len(lines) > 0 {
		return nil, fmt.Errorf("stored states and keys do not line up")
	}
	return out, nil
}
