package csvimport

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// maxParams stays under SQLite's default limit of 32766 bound parameters.
const (
	maxParams      = 32000
	maxRowsPerStmt = 256
)

// inserter buffers rows and inserts them with a reused multi-row prepared
// INSERT, so that there are few statement executions per row.
type inserter struct {
	ctx         context.Context
	tx          *sql.Tx
	table       string
	cols        []*column
	rowsPerStmt int
	full        *sql.Stmt
	args        []any
	rows        int
}

// newInserter prepares the full-batch statement.
func newInserter(ctx context.Context, tx *sql.Tx, table string, cols []*column) (*inserter, error) {
	rows := max(1, min(maxRowsPerStmt, maxParams/len(cols)))
	ins := &inserter{ctx: ctx, tx: tx, table: table, cols: cols, rowsPerStmt: rows}
	stmt, err := tx.PrepareContext(ctx, ins.statement(rows))
	if err != nil {
		return nil, fmt.Errorf("csvimport: preparing insert into %s: %w", table, err)
	}
	ins.full = stmt
	ins.args = make([]any, 0, rows*len(cols))
	return ins, nil
}

// statement is INSERT INTO "t" ("a","b") VALUES (?,?),... for rows rows.
func (ins *inserter) statement(rows int) string {
	names := make([]string, len(ins.cols))
	for i, col := range ins.cols {
		names[i] = quoteIdent(col.name)
	}
	group := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ins.cols)), ",") + ")"
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", quoteIdent(ins.table), strings.Join(names, ","))
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(group)
	}
	return b.String()
}

// rowDone counts a buffered row and inserts a full batch.
func (ins *inserter) rowDone() error {
	ins.rows++
	if ins.rows < ins.rowsPerStmt {
		return nil
	}
	_, err := ins.full.ExecContext(ins.ctx, ins.args...)
	ins.args, ins.rows = ins.args[:0], 0
	return ins.wrap(err)
}

// flush inserts the last partial batch.
func (ins *inserter) flush() error {
	if ins.rows == 0 {
		return nil
	}
	_, err := ins.tx.ExecContext(ins.ctx, ins.statement(ins.rows), ins.args...)
	ins.args, ins.rows = ins.args[:0], 0
	return ins.wrap(err)
}

func (ins *inserter) close() { ins.full.Close() }

func (ins *inserter) wrap(err error) error {
	if err != nil {
		return fmt.Errorf("csvimport: inserting into %s: %w", ins.table, err)
	}
	return nil
}
