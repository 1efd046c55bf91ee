package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxStateGroups is how many distinct (state, since) pairs one upsert
// statement carries: each row names its pair with one code byte.
const maxStateGroups = 256

// writeStates upserts the changed entities of every lifecycle.
func (w *writer) writeStates(ctx context.Context, keys Keys, states []LifecycleStates) error {
	for _, l := range states {
		if err := w.writeLifecycle(ctx, keys, l); err != nil {
			return fmt.Errorf("writing the states of lifecycle %q: %w", l.Name, err)
		}
	}
	return nil
}

// writeLifecycle upserts l's changed entities in key order, the order of
// segc_states' primary key, so that SQLite appends to or walks its B-tree
// once instead of once per (state, since) pair (a first run writes a
// million rows: ~0.5 s instead of ~1 s). Each statement carries a JSON
// array of keys, one code byte per row and the pairs the codes name.
func (w *writer) writeLifecycle(ctx context.Context, keys Keys, l LifecycleStates) error {
	rows, err := keyOrder(keys, l)
	if err != nil {
		return err
	}
	for len(rows) > 0 {
		b := newStateBatch(l)
		n := b.fill(keys, rows)
		if _, err := w.conn.ExecContext(ctx, b.query(), b.args()...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
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

// stateGroup is one (state index, since) pair of an upsert statement.
type stateGroup struct {
	state int32
	since int64
}

// stateBatch is one upsert statement: its rows' keys (a JSON array), a
// code byte per row, and the pairs the codes index.
type stateBatch struct {
	l      LifecycleStates
	keys   []byte
	codes  []byte
	groups []stateGroup
	code   map[stateGroup]byte
}

func newStateBatch(l LifecycleStates) *stateBatch {
	return &stateBatch{l: l, keys: []byte{'['}, code: map[stateGroup]byte{}}
}

// fill adds rows until chunkKeys rows or a pair past maxStateGroups, and
// returns how many it took.
func (b *stateBatch) fill(keys Keys, rows []int32) int {
	n := 0
	for ; n < len(rows) && n < chunkKeys; n++ {
		i := rows[n]
		g := stateGroup{b.l.State[i], b.l.Since[i]}
		c, ok := b.code[g]
		if !ok {
			if len(b.groups) == maxStateGroups {
				break
			}
			c = byte(len(b.groups))
			b.code[g] = c
			b.groups = append(b.groups, g)
		}
		b.codes = append(b.codes, c)
		if n > 0 {
			b.keys = append(b.keys, ',')
		}
		if keys.Strs != nil {
			b.keys = appendJSONString(b.keys, keys.Strs[i])
		} else {
			b.keys = strconv.AppendInt(b.keys, keys.Ints[i], 10)
		}
	}
	b.keys = append(b.keys, ']')
	return n
}

// query is the upsert: ?1 the lifecycle, ?2 the codes (a blob, so that
// substr reads byte k in constant time), ?3 the keys, then each pair's
// state and since. With one pair there is nothing to look up.
func (b *stateBatch) query() string {
	state, since := "?4", "?5"
	if len(b.groups) > 1 {
		state, since = b.lookup(4), b.lookup(5)
	}
	return `INSERT INTO segc_states(lifecycle, entity_id, state, since)
	SELECT ?1, value, ` + state + `, ` + since + ` FROM json_each(?3) WHERE true
	ON CONFLICT(lifecycle, entity_id) DO UPDATE SET state = excluded.state, since = excluded.since`
}

// lookup is a CASE that maps a row's code to parameter first + 2*code.
func (b *stateBatch) lookup(first int) string {
	var s strings.Builder
	s.WriteString("CASE substr(?2, key + 1, 1)")
	for c := range b.groups {
		fmt.Fprintf(&s, " WHEN x'%02x' THEN ?%d", c, first+2*c)
	}
	s.WriteString(" END")
	return s.String()
}

// args are the statement's parameters, in query's numbering.
func (b *stateBatch) args() []any {
	out := []any{b.l.Name, b.codes, string(b.keys)}
	for _, g := range b.groups {
		out = append(out, b.l.States[g.state], FormatTime(time.Unix(g.since, 0)))
	}
	return out
}
