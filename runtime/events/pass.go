package events

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/load"
)

// DefaultChunkRows is the rowid span of one chunk. Chunks are fixed by the
// data (never by the number of workers), and results merge in chunk
// order, so a run is byte-identical however many cores read.
const DefaultChunkRows = load.DefaultChunkRows

// Request is one event log's pass.
type Request struct {
	Log      *plan.EventLog
	Aggs     []*plan.Aggregate // the log's aggregates
	AsOf     int64             // Unix seconds; later events are invisible
	Keys     *KeyIndex
	Compiler *eval.Compiler
	Workers  int   // parallel readers; <= 0 means 1
	Chunk    int64 // rowid span per chunk; <= 0 means DefaultChunkRows
	// NoPushdown keeps every filter out of SQL (for tests).
	NoPushdown bool
	// Incremental scans (see State and package incremental).
	Resumption
}

// Result holds each aggregate's per-entity values, indexed like
// Request.Aggs, over entity indexes 0..N-1 of the KeyIndex.
type Result struct {
	Aggs []eval.Vec
	// Rows is the number of rows that reached Go, SQL the scan's query.
	Rows int64
	SQL  string
	// Stamps holds, at the position of each Stamps aggregate, its
	// matching events per entity; nil elsewhere, and for a resumed scan
	// (whose caller may change the state further: State.Stamps gives
	// them).
	Stamps []EntityStamps
	// State is the aggregates' resumable state when Request.Keep is set.
	State *State
	// RowidHi is the largest rowid the scan could have read.
	RowidHi int64
}

// scanPlan is the compiled form of a request.
type scanPlan struct {
	log     *plan.EventLog
	rowid   bool
	off     int // index of the key in a result row
	hasID   bool
	idAlias bool // the id column is the table's INTEGER PRIMARY KEY
	idRowid bool // the id is read as the rowid, not selected again
	first   int  // index (after off) of the first data column
	cols    []*plan.EventColumn
	colIdx  []int // log column index of each read column
	timeCol int   // log column index of the time column, or -1
	query   string
	args    []any
	// keep: compute Next candidates and record rows after as-of.
	keep bool
	// inKeys are the keys of a key-restricted scan (Request.InKeys),
	// read up to rowidHi.
	inKeys  []any
	rowidHi int64
	filter  eval.Kernel
	share   *sharing // the aggregates' filters, windows and values, each once
	asOf    int64
}

// Run scans the log once and computes all its aggregates.
func Run(ctx context.Context, db *sql.DB, req Request) (*Result, error) {
	sp, err := compileScan(ctx, db, req)
	if err != nil {
		return nil, err
	}
	lo, hi, hasRowid := load.RowidRange(ctx, db, req.Log.SQLTable)
	if err := req.checkRowids(hasRowid); err != nil {
		return nil, &load.QueryError{Table: req.Log.SQLTable, Err: err}
	}
	if req.RowidHi > 0 {
		lo, hi = req.RowidLo+1, req.RowidHi
	}
	sp.rowid = hasRowid
	sp.finishQuery()
	if hasRowid && req.InKeys == nil {
		req.Chunk = load.FitSpan(ctx, db, req.Log.SQLTable, lo, hi, req.Chunk)
	}
	chunks := sp.chunks(lo, hi, hasRowid, req)
	m := newMerger(req)
	m.reserve()
	if err := scanChunks(ctx, db, sp, req, chunks, m.merge); err != nil {
		return nil, err
	}
	aggs := m.aggs
	n := req.Keys.Len()
	res := &Result{Rows: m.rows, SQL: sp.query, Stamps: make([]EntityStamps, len(aggs)), RowidHi: hi}
	if req.Keep {
		res.State = &State{aggs: aggs, Next: growFill(m.next, n, math.MaxInt64), tails: m.tails}
	}
	for i, a := range aggs {
		res.Aggs = append(res.Aggs, a.result(n))
		if s, ok := a.(interface{ stamps(int) EntityStamps }); ok && req.Resume == nil {
			res.Stamps[i] = s.stamps(n)
		}
	}
	return res, nil
}

// compileScan picks the columns to read, the SQL pushdown and the kernels.
func compileScan(ctx context.Context, db *sql.DB, req Request) (*scanPlan, error) {
	log := req.Log
	sp := &scanPlan{log: log, timeCol: -1, asOf: req.AsOf, hasID: log.ID != "" && needsID(req.Aggs), keep: req.Keep, inKeys: req.InKeys}
	used := usedColumns(req)
	for i, c := range log.Columns {
		if c.Name == log.Time {
			sp.timeCol = i
			continue
		}
		if used[i] {
			sp.cols = append(sp.cols, c)
			sp.colIdx = append(sp.colIdx, i)
		}
	}
	if err := sp.compileKernels(req); err != nil {
		return nil, err
	}
	aff, alias, err := columnAffinities(ctx, db, log.SQLTable)
	if err != nil {
		return nil, &load.QueryError{Table: log.SQLTable, Err: err}
	}
	sp.idAlias = sp.hasID && alias == log.ID
	pd := &pushdown{log: log, aff: aff, noUpper: req.Keep}
	// The filters come first: SQLite tests the conditions in order, and
	// the filters reject most rows.
	switch {
	case req.Keys.discover:
		// Every row passing the log filter names a member of the
		// population, so only the log filter and as-of may be pushed.
		if !req.NoPushdown {
			pd.filters(req.AsOf, nil)
		}
		pd.timeBounds(req.AsOf, nil)
	case req.NoPushdown:
		pd.timeBounds(req.AsOf, req.Aggs)
	default:
		pd.filters(req.AsOf, req.Aggs)
		pd.timeBounds(req.AsOf, req.Aggs)
	}
	sp.query, sp.args = pd.where()
	return sp, nil
}

// needsID reports whether any aggregate breaks ties by event id.
func needsID(aggs []*plan.Aggregate) bool {
	for _, a := range aggs {
		if a.Func == plan.First || a.Func == plan.Last {
			return true
		}
	}
	return false
}

// usedColumns marks the log columns any filter or value reads.
func usedColumns(req Request) map[int]bool {
	used := map[int]bool{}
	mark := func(e plan.Expr) { walk(e, func(r *plan.EventColumnRef) { used[r.Column] = true }) }
	mark(req.Log.Filter)
	for _, a := range req.Aggs {
		mark(a.Filter)
		mark(a.Value)
	}
	return used
}

// walk calls fn for every event column reference in e.
func walk(e plan.Expr, fn func(*plan.EventColumnRef)) {
	switch x := e.(type) {
	case *plan.EventColumnRef:
		fn(x)
	case *plan.Unary:
		walk(x.X, fn)
	case *plan.Binary:
		walk(x.X, fn)
		walk(x.Y, fn)
	case *plan.Cast:
		walk(x.X, fn)
	case *plan.In:
		walk(x.X, fn)
	case *plan.Call:
		for _, a := range x.Args {
			walk(a, fn)
		}
	}
}

// compileKernels compiles the log filter and the aggregates' distinct
// filters and values.
func (sp *scanPlan) compileKernels(req Request) error {
	var err error
	if req.Log.Filter != nil {
		if sp.filter, err = req.Compiler.Compile(req.Log.Filter); err != nil {
			return err
		}
	}
	sp.share, err = newSharing(req.Compiler, req.Aggs)
	return err
}

// finishQuery writes the SELECT: [rowid,] key, time, [id,] columns, each
// column with unary + so the driver sees no declared type and hands over
// values exactly as stored.
func (sp *scanPlan) finishQuery() {
	var sel []string
	if sp.rowid {
		sel = append(sel, "rowid")
	}
	sp.off = len(sel)
	sel = append(sel, "+"+load.Quote(sp.log.Key), "+"+load.Quote(sp.log.Time))
	sp.idRowid = sp.hasID && sp.rowid && sp.idAlias
	if sp.hasID && !sp.idRowid {
		sel = append(sel, "+"+load.Quote(sp.log.ID))
	}
	sp.first = len(sel) - sp.off
	for _, c := range sp.cols {
		sel = append(sel, "+"+load.Quote(c.Name))
	}
	where := sp.query
	order := ""
	switch {
	case sp.inKeys != nil:
		where = fmt.Sprintf("%s IN (?%s) AND rowid <= ? AND %s", load.Quote(sp.log.Key), strings.Repeat(", ?", keyBatch-1), where)
		order = " ORDER BY rowid"
	case sp.rowid:
		where = "rowid >= ? AND rowid < ? AND " + where
	}
	sp.query = fmt.Sprintf("SELECT %s FROM %s WHERE %s%s", strings.Join(sel, ", "), load.Quote(sp.log.SQLTable), where, order)
}

// ncol is the number of result columns.
func (sp *scanPlan) ncol() int { return sp.off + sp.first + len(sp.cols) }

// scanChunks reads the chunks with req.Workers connections and hands each
// decoded, evaluated batch to merge in chunk order. At most two batches
// per worker are in flight.
func scanChunks(ctx context.Context, db *sql.DB, sp *scanPlan, req Request, chunks [][2]int64, merge func(*batch)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, min(req.Workers, len(chunks)))
	results := make([]chan *batch, len(chunks))
	for i := range results {
		results[i] = make(chan *batch, 1)
	}
	tokens := make(chan struct{}, 2*workers)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range chunks {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(ctx, db, sp, req, chunks, next, results)
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
	}()
	for i := range chunks {
		var b *batch
		select {
		case b = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if b.err != nil {
			return b.err
		}
		merge(b)
		<-tokens
	}
	return nil
}

// worker reads the chunks it is handed on its own connection.
func worker(ctx context.Context, db *sql.DB, sp *scanPlan, req Request, chunks [][2]int64, next <-chan int, results []chan *batch) {
	conn, connErr := db.Conn(ctx)
	if connErr == nil {
		defer conn.Close()
	}
	for i := range next {
		b := &batch{seq: i}
		if connErr != nil {
			b.err = &load.QueryError{Table: sp.log.SQLTable, Err: connErr}
		} else {
			b.err = readChunk(ctx, conn, sp, req, chunks[i], b)
		}
		results[i] <- b
	}
}

// readChunk queries, decodes and evaluates one chunk.
func readChunk(ctx context.Context, conn *sql.Conn, sp *scanPlan, req Request, r [2]int64, b *batch) error {
	d := &decoder{scan: sp, keys: req.Keys, asOf: req.AsOf, b: b}
	for _, c := range sp.cols {
		d.builders = append(d.builders, load.NewBuilder(c.Type, 1024))
	}
	args := sp.chunkArgs(r)
	err := load.Scan(ctx, conn, sp.query, args, sp.ncol(), d.row)
	if err != nil {
		if _, ok := err.(*load.DataError); ok {
			return err
		}
		return &load.QueryError{Table: sp.log.SQLTable, Err: err}
	}
	d.finish()
	sp.evaluate(b)
	return nil
}

// evaluate applies the log filter, then each distinct aggregate filter
// and window, and gathers each distinct value at its matching rows.
func (sp *scanPlan) evaluate(b *batch) {
	in := batchInputs{b: b, log: sp.log.Index}
	keep := allRows(b.n)
	if sp.filter != nil {
		keep = trueRows(sp.filter(in).True(), keep)
	}
	b.keep = keep
	sp.share.evaluate(b, in, keep, sp.keep, sp.asOf)
}
