package events

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/load"
)

// Folder keeps one event log's resumable aggregate state (a State) for a
// growing set of entities, so that a long-running process (segc serve)
// can bring an entity's aggregates up to date by folding in only the
// events appended since, instead of re-reading its whole history.
//
// Every entity in the Folder covers the same rowids, (0, HWM]: each
// Update folds the log's rows in (HWM, hi] for every entity it holds (a
// rowid range read of the table's end, whatever entity the rows belong
// to), so the Folder never needs a per-entity rowid bound. It is exact
// for an append-only log: rows updated or deleted at or below HWM, or
// inserted there, are not seen (segc serve only appends; a full
// evaluation starts a new Folder).
//
// An entity is re-read from all its events (rowids up to HWM, by key)
// when it is new to the Folder or its State.Next is at or before the
// as-of: an event left a window no tail covers, entered a `between`
// window, or an event dated after an earlier as-of became visible.
// Tailed windows (see TailMaxWindow) need no re-read: the tails take
// the leaving events out. A Folder is not safe for concurrent use.
type Folder struct {
	log   *plan.EventLog
	aggs  []*plan.Aggregate
	keys  *KeyIndex
	state *State
	hwm   int64
	asOf  int64
	// changed marks, by entity index, the entities whose accumulators,
	// tails or Next changed since Results last returned them (see
	// Changed).
	changed []bool
	// forced are the entities Forget marked: the next Update that
	// evaluates one re-reads it.
	forced map[int32]bool
}

// MaxFoldRows bounds the rows one Update folds in (those appended since
// the previous one, whatever their entity): past it, Update fails and
// the caller starts a new Folder, whose entities are re-read once.
const MaxFoldRows = 1_000_000

// foldChunkRows is the most rows Update reads in one query; more are
// read in rowid chunks. Rowids may be sparse (an INTEGER PRIMARY KEY id
// column makes the ids rowids), so the rows are counted, not the span.
const foldChunkRows = 1 << 16

// FoldStats says what an Update read.
type FoldStats struct {
	// Reread is the number of entities read again from all their events.
	Reread int
	// Folded is the number of rows read above the previous HWM.
	Folded int64
}

// Add adds o to s.
func (s *FoldStats) Add(o FoldStats) {
	s.Reread += o.Reread
	s.Folded += o.Folded
}

// Foldable reports whether every aggregate's state takes new events:
// not count_distinct, nor a sequence, and an event list (Stamps) only
// over a window ending at as-of (a trigger's clauses with a `for`, a
// sequence's sides without `ago`): the list drops its events leaving
// the window as as-of moves (listAgg.expire), so it never holds an event
// outside the window and the entity need not be re-read.
func Foldable(aggs []*plan.Aggregate) bool {
	for _, a := range aggs {
		if a.Func == Stamps && a.Window > 0 && a.Until == 0 {
			continue
		}
		if !Mergeable(a) {
			return false
		}
	}
	return true
}

// NewFolder returns an empty Folder for aggs (Foldable) of log, whose
// table must have rowids, for keys of the given kind.
func NewFolder(log *plan.EventLog, aggs []*plan.Aggregate, kind types.Kind) *Folder {
	return &Folder{log: log, aggs: aggs,
		keys: &KeyIndex{Kind: kind, ints: map[int64]int32{}, strs: map[string]int32{}}}
}

// Len is the number of entities the Folder holds.
func (f *Folder) Len() int { return f.keys.Len() }

// HWM is the largest rowid folded.
func (f *Folder) HWM() int64 { return f.hwm }

// Update brings the state to asOf with the log's rows up to rowid hi
// (the table's largest, read by the caller): it re-reads the entities
// of keys that are new or whose Next has passed, then folds the rows in
// (HWM, hi] into every entity held. asOf must not move backwards.
func (f *Folder) Update(ctx context.Context, db *sql.DB, comp *eval.Compiler, asOf, hi int64, keys []any) (FoldStats, error) {
	var st FoldStats
	if asOf < f.asOf || hi < f.hwm {
		return st, fmt.Errorf("folding %s: as-of or rowids moved backwards", f.log.Name)
	}
	if f.state == nil {
		f.hwm, f.state = hi, f.newState()
	}
	f.expire(asOf)
	stale, staleKeys, err := f.staleOf(keys, asOf)
	if err != nil {
		return st, err
	}
	f.mark(stale)
	base := Request{Log: f.log, Aggs: f.aggs, AsOf: asOf, Keys: f.keys, Compiler: comp, Workers: 1}
	if len(stale) > 0 {
		req := base
		req.Resumption = Resumption{Keep: true, Resume: f.state, Reset: stale, InKeys: staleKeys, RowidHi: max(f.hwm, 1)}
		if _, err := f.scan(ctx, db, req); err != nil {
			return st, err
		}
	}
	if hi > f.hwm {
		req := base
		req.Resumption = Resumption{Keep: true, Resume: f.state, RowidLo: f.hwm, RowidHi: hi}
		if req.Chunk, err = f.chunk(ctx, db, hi); err != nil {
			return st, err
		}
		if st.Folded, err = f.scan(ctx, db, req); err != nil {
			return st, err
		}
	}
	f.hwm, f.asOf, st.Reread = hi, asOf, len(stale)
	return st, nil
}

// newState returns an empty state for the Folder's aggregates, with a
// listAgg for each event list and a tail for each tailed window.
func (f *Folder) newState() *State {
	s := &State{tails: make([]*tail, len(f.aggs))}
	for i, a := range f.aggs {
		s.aggs = append(s.aggs, keptAggregator(a))
		if tailed(a) {
			s.tails[i] = newTail(a)
		}
	}
	return s
}

// chunk counts the rows in (HWM, hi] and returns the rowid span of one
// read: the whole range for up to foldChunkRows rows, else the default
// chunks. More than MaxFoldRows rows is an error.
func (f *Folder) chunk(ctx context.Context, db *sql.DB, hi int64) (int64, error) {
	var n int64
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE rowid > ? AND rowid <= ?", load.Quote(f.log.SQLTable))
	if err := db.QueryRowContext(ctx, q, f.hwm, hi).Scan(&n); err != nil {
		return 0, &load.QueryError{Table: f.log.SQLTable, Err: err}
	}
	switch {
	case n > MaxFoldRows:
		return 0, fmt.Errorf("folding %s: %d rows appended since the previous update, more than %d", f.log.Name, n, MaxFoldRows)
	case n > foldChunkRows:
		return DefaultChunkRows, nil
	}
	return hi - f.hwm, nil
}

// staleOf assigns indexes to new keys and returns the entities to
// re-read: new ones and those whose Next is at or before asOf.
func (f *Folder) staleOf(keys []any, asOf int64) ([]int32, []any, error) {
	var stale []int32
	var staleKeys []any
	seen := map[int32]bool{}
	for _, k := range keys {
		e, isNew, err := f.index(k)
		if err != nil {
			return nil, nil, err
		}
		if seen[e] {
			continue
		}
		seen[e] = true
		if isNew || f.forced[e] || f.state == nil || int(e) >= len(f.state.Next) || f.state.Next[e] <= asOf {
			stale, staleKeys = append(stale, e), append(staleKeys, k)
			delete(f.forced, e)
		}
	}
	return stale, staleKeys, nil
}

// Forget makes the next Update that evaluates key re-read it in full: a
// row of it was stored at or below the mark (its writer chose the rowid),
// where folding never looks. An entity the Folder does not hold is read
// in full anyway.
func (f *Folder) Forget(key any) {
	var e int32
	var ok bool
	switch k := key.(type) {
	case int64:
		if f.keys.Kind == types.Int {
			e, ok = f.keys.Int(k)
		}
	case string:
		if f.keys.Kind != types.Int {
			e, ok = f.keys.Str(k)
		}
	}
	if !ok {
		return
	}
	if f.forced == nil {
		f.forced = map[int32]bool{}
	}
	f.forced[e] = true
}

// index returns key's entity index, adding it when new.
func (f *Folder) index(key any) (int32, bool, error) {
	switch k := key.(type) {
	case int64:
		if f.keys.Kind != types.Int {
			break
		}
		i, ok := f.keys.Int(k)
		if !ok {
			i = f.keys.assignInt(k)
		}
		return i, !ok, nil
	case string:
		if f.keys.Kind == types.Int {
			break
		}
		i, ok := f.keys.Str(k)
		if !ok {
			i = f.keys.assignStr(k)
		}
		return i, !ok, nil
	}
	return 0, false, fmt.Errorf("folding %s: key %v (%T) does not match the key type", f.log.Name, key, key)
}

// scan is Run without the population-wide results: it adds the rows the
// request selects to the Folder's state and returns how many it read.
func (f *Folder) scan(ctx context.Context, db *sql.DB, req Request) (int64, error) {
	sp, err := compileScan(ctx, db, req)
	if err != nil {
		return 0, err
	}
	if err := req.checkRowids(true); err != nil {
		return 0, err
	}
	sp.rowid = true
	sp.finishQuery()
	chunks := sp.chunks(req.RowidLo+1, req.RowidHi, true, req)
	m := newMerger(req)
	m.reserve()
	merge := func(b *batch) {
		m.merge(b)
		f.noteBatch(b)
	}
	if err := scanChunks(ctx, db, sp, req, chunks, merge); err != nil {
		return 0, err
	}
	f.state = &State{aggs: m.aggs, Next: growFill(m.next, req.Keys.Len(), math.MaxInt64), tails: m.tails, dirty: stateDirty(req.Resume)}
	return m.rows, nil
}

// stateDirty keeps the dirty marks of a resumed state.
func stateDirty(s *State) []bool {
	if s == nil {
		return nil
	}
	return s.dirty
}

// Results returns, for the given keys (every one held: Update them
// first), each aggregate's values and, for event lists, the events of
// each entity (Result.Stamps), indexed like the Folder's aggregates, and
// each entity's Next: the earliest instant after as-of at which time
// passing alone may change one of its aggregates, tailed windows
// included (math.MaxInt64 when none). The entities are numbered by
// their position in keys.
func (f *Folder) Results(keys []any) (*Result, []int64, error) {
	ents := make([]int32, len(keys))
	for i, k := range keys {
		e, isNew, err := f.index(k)
		if err != nil {
			return nil, nil, err
		}
		if isNew || f.state == nil {
			return nil, nil, fmt.Errorf("folding %s: key %v was not updated", f.log.Name, k)
		}
		ents[i] = e
	}
	for _, e := range ents {
		if int(e) < len(f.changed) {
			f.changed[e] = false
		}
	}
	res := &Result{Aggs: make([]eval.Vec, len(f.aggs)), Stamps: make([]EntityStamps, len(f.aggs))}
	for i, a := range f.state.aggs {
		r, ok := a.(resumable)
		if !ok {
			return nil, nil, fmt.Errorf("folding %s: aggregate %s cannot be folded", f.log.Name, f.aggs[i].Text)
		}
		g := r.gather(ents)
		res.Aggs[i] = g.result(len(ents))
		if l, ok := g.(*listAgg); ok {
			res.Stamps[i] = l.stamps(len(ents))
		}
	}
	return res, f.next(ents), nil
}

// next returns each entity's Next with the exits from tailed windows and
// windowed event lists.
func (f *Folder) next(ents []int32) []int64 {
	out := make([]int64, len(ents))
	pos := make(map[int32]int, len(ents))
	for i, e := range ents {
		out[i] = math.MaxInt64
		if int(e) < len(f.state.Next) {
			out[i] = f.state.Next[e]
		}
		pos[e] = i
	}
	for _, a := range f.state.aggs {
		if l, ok := a.(*listAgg); ok {
			l.exits(ents, out)
		}
	}
	for _, t := range f.state.tails {
		if t == nil {
			continue
		}
		for j, e := range t.ent {
			if i, ok := pos[e]; ok {
				out[i] = min(out[i], t.time[j]+t.window)
			}
		}
	}
	return out
}

// Changed reports whether key's aggregates may differ from those Results
// last returned for it: it is not held, was re-read, a row was added to
// one of its accumulators or tails, a tailed window lost one of its
// events, or a row lowered its Next (a `between` window to enter, a row
// dated after as-of). An entity that did not change since Results, and
// whose Next has not come, has exactly the aggregates it had then.
func (f *Folder) Changed(key any) bool {
	var e int32
	var ok bool
	switch k := key.(type) {
	case int64:
		e, ok = f.keys.Int(k)
	case string:
		e, ok = f.keys.Str(k)
	}
	return !ok || f.state == nil || int(e) >= len(f.changed) || f.changed[e]
}

// mark notes that the entities' state changed.
func (f *Folder) mark(ents []int32) {
	for _, e := range ents {
		if e < 0 {
			continue
		}
		if int(e) >= len(f.changed) {
			f.changed = grow(f.changed, int(e)+1)
		}
		f.changed[e] = true
	}
}

// noteBatch marks the entities a merged batch changed: those of the
// rows some aggregate took, of rows that lowered a Next, and of rows
// after as-of.
func (f *Folder) noteBatch(b *batch) {
	for _, rows := range b.sets {
		for _, r := range rows {
			f.mark(b.ent[r : r+1])
		}
	}
	for r, at := range b.next {
		if at != math.MaxInt64 {
			f.mark(b.ent[r : r+1])
		}
	}
	f.mark(b.futEnt)
}

// expire brings the tails and windowed event lists to asOf (see
// State.expire), marking the entities that lost events.
func (f *Folder) expire(asOf int64) {
	if f.state == nil {
		return
	}
	for i, a := range f.state.aggs {
		var lost []int32
		if t := f.state.tail(i); t != nil {
			lost = t.expire(a, asOf)
		}
		if l, ok := a.(*listAgg); ok {
			lost = l.expire(asOf)
		}
		f.state.touch(lost)
		f.mark(lost)
	}
}
