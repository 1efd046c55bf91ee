package runtime

import (
	"context"
	"database/sql"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
)

// maxKeyedHistory is the most entities a trigger's longer history reads
// by key; more than that, one full pass is cheaper.
const maxKeyedHistory = 50000

// historyPass runs one log's pass for a trigger's longer history. The
// open entities are few, so when the log has rowids and an index led by
// its key column, only their events are read (`key IN (...)`); otherwise
// the whole log is scanned.
func (r *run) historyPass(log *plan.EventLog, aggs []*plan.Aggregate, keys *events.KeyIndex, t *timeAggs, open []int32) error {
	_, hi, hasRowid := load.RowidRange(r.ctx, r.db, log.SQLTable)
	if !hasRowid || len(open) > maxKeyedHistory || !keyIndexed(r.ctx, r.db, log) {
		return r.runStamps(log, aggs, keys, t)
	}
	in := make([]any, len(open))
	for j, e := range open {
		in[j] = r.entityKey(e)
	}
	res, err := events.Run(r.ctx, r.db, events.Request{Log: log, Aggs: aggs, AsOf: r.asOf, Keys: keys,
		Compiler: r.ev.compiler, Workers: r.workers(), Chunk: r.opts.ChunkRows,
		Resumption: events.Resumption{InKeys: in, RowidHi: max(hi, 1)}})
	if err != nil {
		return wrap(err, log.Loc)
	}
	for i, a := range aggs {
		t.take(a, res, i)
	}
	return nil
}

// entityKey is entity e's key value.
func (r *run) entityKey(e int32) any {
	if k := r.ev.Outcome.Keys; k.Ints != nil {
		return k.Ints[e]
	}
	return r.ev.Outcome.Keys.Strs[e]
}

// keyIndexed reports whether some index of the log's table starts with
// its key column, so that `key IN (...)` seeks instead of scanning.
func keyIndexed(ctx context.Context, db *sql.DB, log *plan.EventLog) bool {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii
		WHERE ii.seqno = 0 AND ii.name = ? COLLATE NOCASE`, log.SQLTable, log.Key).Scan(&n)
	return err == nil && n > 0
}
