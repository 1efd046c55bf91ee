package load

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/internal/sqlbatch"
	"github.com/segc/segc/runtime/store"
)

// DataError is a value in the database that cannot be read as declared.
// Key is the row's key (nil when the key itself is the problem). In an
// event log many rows share a key, so the decoder names the row by RowBy
// (its id column, or "rowid") and RowID; RowBy is "" for entity tables.
type DataError struct {
	Table, Column string
	Key           any
	RowBy         string
	RowID         any
	Msg           string
}

// Error implements error. An event row's message says how to find it.
func (e *DataError) Error() string {
	switch {
	case e.RowBy != "":
		return fmt.Sprintf("table %q, row with %s %s (key %s), column %q: %s; see the row with: SELECT * FROM %s WHERE %s = %s",
			e.Table, e.RowBy, show(e.RowID), show(e.Key), e.Column, e.Msg, Quote(e.Table), rowByColumn(e.RowBy), sqlLiteral(e.RowID))
	case e.Key == nil:
		return fmt.Sprintf("table %q, column %q: %s", e.Table, e.Column, e.Msg)
	}
	return fmt.Sprintf("table %q, row with key %s, column %q: %s", e.Table, show(e.Key), e.Column, e.Msg)
}

// rowByColumn quotes an id column for SQL; rowid stays bare, naming
// SQLite's row id.
func rowByColumn(name string) string {
	if name == "rowid" {
		return name
	}
	return Quote(name)
}

// QueryError is a failed query against one table.
type QueryError struct {
	Table string
	Err   error
}

// Error implements error.
func (e *QueryError) Error() string {
	return fmt.Sprintf("reading table %q: %v", e.Table, e.Err)
}

// Unwrap returns the driver error.
func (e *QueryError) Unwrap() error { return e.Err }

// ColumnSpec names one column to load and its declared type.
type ColumnSpec struct {
	Name string
	Type types.Type
}

// Table is a loaded table: keys and columns in key order.
type Table struct {
	Keys    store.Keys
	Columns []eval.Vec // in ColumnSpec order
}

// Len returns the number of rows.
func (t *Table) Len() int { return max(len(t.Keys.Ints), len(t.Keys.Strs)) }

// LoadTable reads the key and the given columns of sqlTable with one
// SELECT, and returns them sorted by key (ascending: numerically for int
// keys, bytewise for string keys). A null or duplicate key, or a value
// that does not fit its declared type, is a *DataError.
func LoadTable(ctx context.Context, db *sql.DB, sqlTable, key string, keyType types.Kind, cols []ColumnSpec) (*Table, error) {
	return LoadTableParallel(ctx, db, sqlTable, key, keyType, cols, 1)
}

// LoadTableParallel is LoadTable reading fixed rowid ranges of the table
// on up to workers connections. The chunks are combined in rowid order
// before sorting by key, so the result, and the error reported for bad
// data, are the same for any number of workers.
func LoadTableParallel(ctx context.Context, db *sql.DB, sqlTable, key string, keyType types.Kind, cols []ColumnSpec, workers int) (*Table, error) {
	return loadTable(ctx, db, sqlTable, key, keyType, cols, workers, 0)
}

// loadTable is LoadTableParallel with a rowid span per chunk (<= 0 for
// DefaultChunkRows).
func loadTable(ctx context.Context, db *sql.DB, sqlTable, key string, keyType types.Kind, cols []ColumnSpec, workers int, span int64) (*Table, error) {
	lo, hi, hasRowid := RowidRange(ctx, db, sqlTable)
	if hasRowid {
		span = FitSpan(ctx, db, sqlTable, lo, hi, span)
	}
	chunks := ChunkRanges(lo, hi, hasRowid, span)
	tq := tableQuery{table: sqlTable, key: key, keyType: keyType, cols: cols, rowid: hasRowid}
	tq.build()
	parts := make([]tablePart, len(chunks))
	err := ForChunks(ctx, db, len(chunks), workers, func(conn *sql.Conn, i int) error {
		var err error
		parts[i], err = tq.read(ctx, conn, chunks[i])
		return err
	})
	if err != nil {
		if _, ok := err.(*DataError); ok {
			return nil, err
		}
		return nil, &QueryError{Table: sqlTable, Err: err}
	}
	keys, vecs := joinParts(parts, len(cols), workers)
	return sortTable(sqlTable, key, keys, vecs)
}

// tableQuery is the SELECT of one table's key and columns.
type tableQuery struct {
	table, key string
	keyType    types.Kind
	cols       []ColumnSpec
	rowid      bool
	query      string
}

// tablePart is one chunk's decoded rows.
type tablePart struct {
	keys eval.Vec
	cols []eval.Vec
}

func (tq *tableQuery) build() {
	exprs := []string{"+" + Quote(tq.key)}
	for _, c := range tq.cols {
		exprs = append(exprs, "+"+Quote(c.Name))
	}
	tq.query = fmt.Sprintf("SELECT %s FROM %s", strings.Join(exprs, ", "), Quote(tq.table))
	if tq.rowid {
		tq.query += " WHERE rowid >= ? AND rowid < ?"
	}
}

// read decodes the rows of one rowid range.
func (tq *tableQuery) read(ctx context.Context, conn *sql.Conn, r [2]int64) (tablePart, error) {
	size := 1024
	if tq.rowid {
		size = int(min(max(r[1]-r[0], 0), DefaultChunkRows))
	}
	builders := make([]*Builder, len(tq.cols))
	for i, c := range tq.cols {
		builders[i] = NewBuilder(c.Type, size)
	}
	keys := NewBuilder(types.Type{Kind: tq.keyType}, size)
	var args []any
	if tq.rowid {
		args = []any{r[0], r[1]}
	}
	err := Scan(ctx, conn, tq.query, args, len(tq.cols)+1, func(r Row) error {
		return appendRow(tq.table, tq.key, tq.cols, keys, builders, r)
	})
	if err != nil {
		return tablePart{}, err
	}
	part := tablePart{keys: keys.Vec()}
	for _, b := range builders {
		part.cols = append(part.cols, b.Vec())
	}
	return part, nil
}

// joinParts concatenates the chunks' keys and columns in chunk order,
// joining up to workers columns at once: the copies, and the page faults
// of their fresh memory, are the serial tail of a parallel load.
func joinParts(parts []tablePart, ncol, workers int) (eval.Vec, []eval.Vec) {
	if len(parts) == 1 {
		return parts[0].keys, parts[0].cols
	}
	joined := make([]eval.Vec, ncol+1) // the keys, then the columns
	sem := make(chan struct{}, max(workers, 1))
	var wg sync.WaitGroup
	for c := range joined {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			joined[c] = Concat(partColumn(parts, c-1))
		}()
	}
	wg.Wait()
	return joined[0], joined[1:]
}

// partColumn returns column c of every part (c < 0: the keys).
func partColumn(parts []tablePart, c int) []eval.Vec {
	col := make([]eval.Vec, len(parts))
	for i, p := range parts {
		if c < 0 {
			col[i] = p.keys
		} else {
			col[i] = p.cols[c]
		}
	}
	return col
}

// appendRow decodes one row (key, then columns) into the builders.
func appendRow(table, key string, cols []ColumnSpec, keys *Builder, builders []*Builder, r Row) error {
	if err := appendKey(keys, r); err != nil {
		return &DataError{Table: table, Column: key, Msg: err.Error()}
	}
	for i, b := range builders {
		if err := b.AppendCell(r, i+1); err != nil {
			return &DataError{Table: table, Column: cols[i].Name, Key: r.Value(0), Msg: err.Error()}
		}
	}
	return nil
}

// appendKey decodes a row's key (column 0).
func appendKey(keys *Builder, r Row) error {
	if r.Kind(0) == sqlbatch.Null {
		return errors.New("null key; every row needs a key")
	}
	if keys.Kind != types.Int || r.Kind(0) == sqlbatch.Int {
		return keys.AppendCell(r, 0)
	}
	return keys.Append(keyValue(keys.Kind, r.Value(0)))
}

// keyValue keeps int keys strict: only stored integers are int keys.
func keyValue(kind types.Kind, v any) any {
	if kind == types.Int {
		if _, ok := v.(int64); !ok {
			return fmt.Sprintf("%v", v)
		}
	}
	return v
}

// sortTable orders rows by key and rejects duplicates.
func sortTable(table, key string, keys eval.Vec, vecs []eval.Vec) (*Table, error) {
	n := keys.N
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	t := &Table{}
	if keys.Kind == types.Int {
		slices.SortFunc(perm, func(a, b int32) int { return cmp.Compare(keys.I[a], keys.I[b]) })
		t.Keys.Ints = keys.Gather(perm).I
		if i, dup := firstDup(t.Keys.Ints); dup {
			return nil, &DataError{Table: table, Column: key, Key: t.Keys.Ints[i], Msg: "duplicate key; keys must be unique"}
		}
	} else {
		slices.SortFunc(perm, func(a, b int32) int { return strings.Compare(keys.S[a], keys.S[b]) })
		t.Keys.Strs = keys.Gather(perm).S
		if i, dup := firstDup(t.Keys.Strs); dup {
			return nil, &DataError{Table: table, Column: key, Key: t.Keys.Strs[i], Msg: "duplicate key; keys must be unique"}
		}
	}
	sorted := slices.IsSortedFunc(perm, func(a, b int32) int { return cmp.Compare(a, b) })
	for _, v := range vecs {
		if !sorted {
			v = v.Gather(perm)
		}
		t.Columns = append(t.Columns, v)
	}
	return t, nil
}

// firstDup returns the index of a key equal to its predecessor.
func firstDup[T comparable](keys []T) (int, bool) {
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			return i, true
		}
	}
	return 0, false
}

// Align returns t's columns reordered to the population keys: row i of a
// result is the row of t whose key is keys[i], null where t has none.
func Align(t *Table, keys store.Keys) []eval.Vec {
	rows := make([]int32, 0, max(len(keys.Ints), len(keys.Strs)))
	missing := false
	if keys.Ints != nil || t.Keys.Ints != nil {
		rows, missing = matchKeys(t.Keys.Ints, keys.Ints)
	} else {
		rows, missing = matchKeys(t.Keys.Strs, keys.Strs)
	}
	out := make([]eval.Vec, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = gatherOrNull(c, rows, missing)
	}
	return out
}

// matchKeys merges two ascending key lists: for each wanted key, the
// index of the same key in have, or -1.
func matchKeys[T cmp.Ordered](have, want []T) ([]int32, bool) {
	rows := make([]int32, len(want))
	missing := false
	j := 0
	for i, k := range want {
		for j < len(have) && have[j] < k {
			j++
		}
		if j < len(have) && have[j] == k {
			rows[i] = int32(j)
		} else {
			rows[i] = -1
			missing = true
		}
	}
	return rows, missing
}

// gatherOrNull gathers rows of c, with -1 giving null.
func gatherOrNull(c eval.Vec, rows []int32, missing bool) eval.Vec {
	if !missing {
		return c.Gather(rows)
	}
	safe := make([]int32, len(rows))
	for i, r := range rows {
		safe[i] = max(r, 0)
	}
	if c.N == 0 {
		return eval.Nulls(c.Kind, len(rows))
	}
	out := c.Gather(safe)
	if out.Valid == nil {
		out.Valid = make([]bool, len(rows))
		for i := range out.Valid {
			out.Valid[i] = true
		}
	}
	for i, r := range rows {
		if r < 0 {
			out.Valid[i] = false
		}
	}
	return out
}
