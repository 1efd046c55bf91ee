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

// maxStateGroups is how many distinct states, and how many distinct
// sinces, one upsert statement carries: each row names its state and its
// since with one code byte each.
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
// array of keys and, per row, code bytes naming its state and its since.
func (w *writer) writeLifecycle(ctx context.Context, keys Keys, l LifecycleStates) error {
	rows, err := keyOrder(keys, l)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for b := range encodeStates(ctx, keys, l, rows) {
		if _, err := w.conn.ExecContext(ctx, b.query(), b.args()...); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// encodeStates fills the statements of rows on another goroutine, one
// ahead of the caller, so that encoding the next chunk overlaps SQLite
// inserting the current one. The channel closes after the last statement
// or once ctx is done.
func encodeStates(ctx context.Context, keys Keys, l LifecycleStates, rows []int32) <-chan *stateBatch {
	out := make(chan *stateBatch, 1)
	go func() {
		defer close(out)
		for len(rows) > 0 {
			b := newStateBatch(l)
			rows = rows[b.fill(keys, rows):]
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
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

// stateBatch is one upsert statement: its rows' keys (a JSON array) and,
// per row, a code byte for its state and one for its since, indexing the
// distinct states and sinces the statement carries. States and sinces get
// their own codes because a run writes few sinces (often only as-of):
// with a single value a column is a plain parameter, with no lookup.
type stateBatch struct {
	l          LifecycleStates
	keys       []byte
	stateCodes []byte
	sinceCodes []byte
	states     []int32
	sinces     []int64
	stateCode  []int16
	sinceCode  map[int64]byte
}

func newStateBatch(l LifecycleStates) *stateBatch {
	b := &stateBatch{l: l, keys: []byte{'['}, stateCode: make([]int16, len(l.States)), sinceCode: map[int64]byte{}}
	for i := range b.stateCode {
		b.stateCode[i] = -1
	}
	return b
}

// fill adds rows until chunkKeys rows, or a state or since past
// maxStateGroups, and returns how many it took.
func (b *stateBatch) fill(keys Keys, rows []int32) int {
	n := 0
	for ; n < len(rows) && n < chunkKeys; n++ {
		i := rows[n]
		sc, ok := b.codeOfState(b.l.State[i])
		if !ok {
			break
		}
		tc, ok := b.codeOfSince(b.l.Since[i])
		if !ok {
			break
		}
		b.stateCodes, b.sinceCodes = append(b.stateCodes, sc), append(b.sinceCodes, tc)
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

// codeOfState returns state s's code in this statement, adding it unless
// the statement already carries maxStateGroups states.
func (b *stateBatch) codeOfState(s int32) (byte, bool) {
	if c := b.stateCode[s]; c >= 0 {
		return byte(c), true
	}
	if len(b.states) == maxStateGroups {
		return 0, false
	}
	b.stateCode[s] = int16(len(b.states))
	b.states = append(b.states, s)
	return byte(len(b.states) - 1), true
}

// codeOfSince returns since t's code in this statement, adding it unless
// the statement already carries maxStateGroups sinces.
func (b *stateBatch) codeOfSince(t int64) (byte, bool) {
	if n := len(b.sinces); n > 0 && b.sinces[n-1] == t {
		return byte(n - 1), true
	}
	if c, ok := b.sinceCode[t]; ok {
		return c, true
	}
	if len(b.sinces) == maxStateGroups {
		return 0, false
	}
	b.sinceCode[t] = byte(len(b.sinces))
	b.sinces = append(b.sinces, t)
	return byte(len(b.sinces) - 1), true
}

// query is the upsert: ?1 the lifecycle, ?2 the keys, ?3 and ?4 the state
// and since codes (blobs, so that substr reads byte k in constant time),
// then the distinct states and the distinct sinces.
func (b *stateBatch) query() string {
	first := 5 + len(b.states)
	return `INSERT INTO segc_states(lifecycle, entity_id, state, since)
	SELECT ?1, value, ` + lookup(3, 5, len(b.states)) + `, ` + lookup(4, first, len(b.sinces)) + ` FROM json_each(?2) WHERE true
	ON CONFLICT(lifecycle, entity_id) DO UPDATE SET state = excluded.state, since = excluded.since`
}

// lookup is the expression for a column with n distinct values in
// parameters first, first+1, ...: the parameter itself when n is 1, else
// a CASE over the row's code byte in the blob parameter codes.
func lookup(codes, first, n int) string {
	if n == 1 {
		return fmt.Sprintf("?%d", first)
	}
	var s strings.Builder
	fmt.Fprintf(&s, "CASE substr(?%d, key + 1, 1)", codes)
	for c := range n {
		fmt.Fprintf(&s, " WHEN x'%02x' THEN ?%d", c, first+c)
	}
	s.WriteString(" END")
	return s.String()
}

// args are the statement's parameters, in query's numbering. A code blob
// that query does not read is passed as NULL.
func (b *stateBatch) args() []any {
	out := []any{b.l.Name, string(b.keys), codesArg(b.stateCodes, len(b.states)), codesArg(b.sinceCodes, len(b.sinces))}
	for _, s := range b.states {
		out = append(out, b.l.States[s])
	}
	for _, t := range b.sinces {
		out = append(out, FormatTime(time.Unix(t, 0)))
	}
	return out
}

// codesArg is a code blob, or nil when its column has a single value.
func codesArg(codes []byte, n int) any {
	if n == 1 {
		return nil
	}
	return codes
}
