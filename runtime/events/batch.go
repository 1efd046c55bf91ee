package events

import (
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/internal/sqlbatch"
	"github.com/segc/segc/runtime/load"
)

// batch is one chunk's decoded rows (those at or before as-of with a
// known key) and, after evaluate, each aggregate's matching rows.
type batch struct {
	seq   int
	n     int
	ent   []int32 // entity index (fixed population)
	ikey  []int64 // raw keys (discovery)
	skey  []string
	time  []int64
	id    []int64
	idOK  []bool
	rowid []int64
	cols  []eval.Vec // by log column index; zero Vec when not read
	keep  []int32    // rows passing the log filter
	// sets are the distinct row sets (filter and window) of the
	// aggregates, each ascending; gathers the distinct values gathered
	// at a set's rows; share (the scan plan's, never written) maps each
	// aggregate to them.
	sets    [][]int32
	gathers []eval.Vec
	share   *sharing
	// next is, per row, the earliest as-of at which it may enter or
	// leave an aggregate's window (keep scans; nil otherwise); futEnt and
	// futAt the entity and time of each row after as-of.
	next   []int64
	futEnt []int32
	futAt  []int64
	err    error
}

// rows returns aggregate i's matching rows.
func (b *batch) rows(i int) []int32 { return b.sets[b.share.setOf[i]] }

// vals returns aggregate i's values at its rows (zero Vec for count).
func (b *batch) vals(i int) eval.Vec {
	if g := b.share.gatherOf[i]; g >= 0 {
		return b.gathers[g]
	}
	return eval.Vec{}
}

// batchInputs serves a batch's columns to event-level kernels.
type batchInputs struct {
	b   *batch
	log int
}

func (in batchInputs) Len() int { return in.b.n }

func (in batchInputs) EventColumn(log, col int) eval.Vec {
	if col < len(in.b.cols) && in.b.cols[col].N == in.b.n && (in.b.cols[col].Kind != types.Invalid) {
		return in.b.cols[col]
	}
	return eval.Nulls(types.Null, in.b.n)
}

func (in batchInputs) Column(int) eval.Vec    { return eval.Nulls(types.Null, in.b.n) }
func (in batchInputs) Feature(int) eval.Vec   { return eval.Nulls(types.Null, in.b.n) }
func (in batchInputs) Segment(int) eval.Vec   { return eval.Nulls(types.Null, in.b.n) }
func (in batchInputs) Aggregate(int) eval.Vec { return eval.Nulls(types.Null, in.b.n) }
func (in batchInputs) Threshold(int) eval.Vec { return eval.Nulls(types.Null, in.b.n) }

// decoder turns the result rows of one chunk into a batch.
type decoder struct {
	scan     *scanPlan
	keys     *KeyIndex
	asOf     int64
	builders []*load.Builder // by position in scan.cols
	b        *batch
	seq      int64 // row counter for tables without rowid
}

// row decodes one result row: [rowid], key, time, [id], columns...
func (d *decoder) row(r load.Row) error {
	s, b := d.scan, d.b
	rowid := d.seq
	d.seq++
	if s.rowid {
		rowid = intOrZero(r, 0)
	}
	k := s.off // the key's column; the time follows it
	if r.Kind(k) == sqlbatch.Null || r.Kind(k+1) == sqlbatch.Null {
		return nil // no key or no time: in no window
	}
	t, err := load.CellTime(r, k+1)
	if err != nil {
		return d.fail(r, s.log.Time, err)
	}
	if t > d.asOf {
		return d.future(r, t)
	}
	if ok, err := d.key(r); err != nil || !ok {
		return err
	}
	b.time = append(b.time, t)
	b.rowid = append(b.rowid, rowid)
	d.idValue(r, rowid)
	for i, bl := range d.builders {
		if err := bl.AppendCell(r, k+s.first+i); err != nil {
			return d.fail(r, s.cols[i].Name, err)
		}
	}
	b.n++
	return nil
}

// intOrZero is column c of r when it holds an integer, else 0.
func intOrZero(r load.Row, c int) int64 {
	if r.Kind(c) == sqlbatch.Int {
		return r.Int(c)
	}
	return 0
}

// key resolves and appends the row's key; it reports false for a key
// outside a fixed population, whose row is left out.
func (d *decoder) key(r load.Row) (bool, error) {
	ik, sk, err := d.keys.cellKey(r, d.scan.off)
	if err != nil {
		return false, d.fail(r, d.scan.log.Key, err)
	}
	switch {
	case d.keys.discover && d.keys.Kind == types.Int:
		d.b.ikey = append(d.b.ikey, ik)
	case d.keys.discover:
		d.b.skey = append(d.b.skey, sk)
	default:
		i, ok := d.lookup(ik, sk)
		if !ok {
			return false, nil
		}
		d.b.ent = append(d.b.ent, i)
	}
	return true, nil
}

func (d *decoder) lookup(ik int64, sk string) (int32, bool) {
	if d.keys.Kind == types.Int {
		return d.keys.Int(ik)
	}
	return d.keys.Str(sk)
}

// idValue records the event id used to break first/last ties.
func (d *decoder) idValue(r load.Row, rowid int64) {
	if !d.scan.hasID {
		return
	}
	if d.scan.idRowid {
		d.b.id = append(d.b.id, rowid)
		d.b.idOK = append(d.b.idOK, true)
		return
	}
	c := d.scan.off + 2
	d.b.id = append(d.b.id, intOrZero(r, c))
	d.b.idOK = append(d.b.idOK, r.Kind(c) == sqlbatch.Int)
}

// fail reports a value of row r that column col cannot hold. Rows share
// keys, so the error names the row by its event id, else its rowid. Only
// the error path pays for this.
func (d *decoder) fail(r load.Row, col string, err error) error {
	e := &load.DataError{Table: d.scan.log.SQLTable, Column: col, Key: r.Value(d.scan.off), Msg: err.Error()}
	s := d.scan
	switch {
	case s.hasID && !s.idRowid:
		e.RowBy, e.RowID = s.log.ID, r.Value(s.off+2)
	case s.idRowid:
		e.RowBy, e.RowID = s.log.ID, r.Value(0)
	case s.rowid:
		e.RowBy, e.RowID = "rowid", r.Value(0)
	}
	return e
}

// finish stores the decoded columns in the batch.
func (d *decoder) finish() {
	b := d.b
	if !d.scan.hasID {
		b.id = make([]int64, b.n)
		b.idOK = make([]bool, b.n)
	}
	b.cols = make([]eval.Vec, len(d.scan.log.Columns))
	for i, bl := range d.builders {
		b.cols[d.scan.colIdx[i]] = bl.Vec()
	}
	if d.scan.timeCol >= 0 {
		b.cols[d.scan.timeCol] = eval.Vec{Kind: types.Time, N: b.n, I: b.time}
	}
}

// future notes a row after as-of (keep scans only): its entity must be
// evaluated again once as-of reaches its time.
func (d *decoder) future(r load.Row, t int64) error {
	if !d.scan.keep || d.keys.discover {
		return nil
	}
	ik, sk, err := d.keys.cellKey(r, d.scan.off)
	if err != nil {
		return d.fail(r, d.scan.log.Key, err)
	}
	if e, ok := d.lookup(ik, sk); ok {
		d.b.futEnt = append(d.b.futEnt, e)
		d.b.futAt = append(d.b.futAt, t)
	}
	return nil
}
