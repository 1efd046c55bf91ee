package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// batchInserter buffers rows and inserts them with multi-row INSERT
// statements, reusing one prepared statement for every full batch.
type batchInserter struct {
	ctx         context.Context
	tx          *sql.Tx
	table       string
	columns     []string
	rowsPerStmt int
	full        *sql.Stmt
	args        []any
	rows        int
}

// newBatchInserter prepares the full-batch statement for table(columns).
func newBatchInserter(ctx context.Context, tx *sql.Tx, table string, columns []string, rowsPerStmt int) (*batchInserter, error) {
	b := &batchInserter{ctx: ctx, tx: tx, table: table, columns: columns, rowsPerStmt: rowsPerStmt}
	stmt, err := tx.PrepareContext(ctx, b.statement(rowsPerStmt))
	if err != nil {
		return nil, fmt.Errorf("preparing insert into %s: %w", table, err)
	}
	b.full = stmt
	b.args = make([]any, 0, rowsPerStmt*len(columns))
	return b, nil
}

// statement returns INSERT INTO table(columns) VALUES (?,..),(?,..)... for rows rows.
func (b *batchInserter) statement(rows int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?,", len(b.columns)), ",") + ")"
	var sb strings.Builder
	fmt.Fprintf(&sb, "INSERT INTO %s(%s) VALUES ", b.table, strings.Join(b.columns, ","))
	for i := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(group)
	}
	return sb.String()
}

// rowDone marks the end of one row's arguments and flushes a full batch.
func (b *batchInserter) rowDone() error {
	b.rows++
	if b.rows < b.rowsPerStmt {
		return nil
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	b.args, b.rows = b.args[:0], 0
	return b.wrap(err)
}

// flush inserts the buffered partial batch and closes the statement.
func (b *batchInserter) flush() error {
	defer b.full.Close()
	if b.rows == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.statement(b.rows), b.args...)
	b.args, b.rows = b.args[:0], 0
	return b.wrap(err)
}

func (b *batchInserter) wrap(err error) error {
	if err != nil {
		return fmt.Errorf("inserting into %s: %w", b.table, err)
	}
	return nil
}
