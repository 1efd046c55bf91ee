package load

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// keysPerQuery is how many keys one LoadKeys query carries.
const keysPerQuery = 500

// LoadKeys is LoadTable for the rows whose key is one of keys (any
// order, each once): the rows found, sorted by key. Incremental runs use
// it to re-read the entity rows that changed.
func LoadKeys(ctx context.Context, db *sql.DB, sqlTable, key string, keyType types.Kind, cols []ColumnSpec, keys []any) (*Table, error) {
	tq := tableQuery{table: sqlTable, key: key, keyType: keyType, cols: cols}
	tq.build()
	var parts []tablePart
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, &QueryError{Table: sqlTable, Err: err}
	}
	defer conn.Close()
	for s := 0; s < len(keys); s += keysPerQuery {
		batch := keys[s:min(s+keysPerQuery, len(keys))]
		part, err := tq.readKeys(ctx, conn, batch)
		if err != nil {
			if _, ok := err.(*DataError); ok {
				return nil, err
			}
			return nil, &QueryError{Table: sqlTable, Err: err}
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		parts = append(parts, tq.emptyPart())
	}
	k, vecs := joinParts(parts, len(cols), 1)
	return sortTable(sqlTable, key, k, vecs)
}

// readKeys decodes the rows of one batch of keys.
func (tq *tableQuery) readKeys(ctx context.Context, conn *sql.Conn, keys []any) (tablePart, error) {
	q := fmt.Sprintf("%s WHERE %s IN (?%s)", tq.query, Quote(tq.key), strings.Repeat(", ?", len(keys)-1))
	part := tq.emptyPart()
	builders := make([]*Builder, len(tq.cols))
	for i, c := range tq.cols {
		builders[i] = NewBuilder(c.Type, len(keys))
	}
	kb := NewBuilder(types.Type{Kind: tq.keyType}, len(keys))
	err := Scan(ctx, conn, q, keys, len(tq.cols)+1, func(r Row) error {
		return appendRow(tq.table, tq.key, tq.cols, kb, builders, r)
	})
	if err != nil {
		return tablePart{}, err
	}
	part.keys = kb.Vec()
	for i, b := range builders {
		part.cols[i] = b.Vec()
	}
	return part, nil
}

// emptyPart is a part with no rows.
func (tq *tableQuery) emptyPart() tablePart {
	part := tablePart{keys: NewBuilder(types.Type{Kind: tq.keyType}, 0).Vec(), cols: make([]eval.Vec, len(tq.cols))}
	for i, c := range tq.cols {
		part.cols[i] = NewBuilder(c.Type, 0).Vec()
	}
	return part
}
