package csvimport

import (
	"context"
	"database/sql"
	"fmt"
	"io"
)

// Import creates opts.Table in db and loads the file into it, all in one
// transaction. On any error nothing is written; a *RowError names the file,
// line, column and value, and what to do.
//
// Types come from Options.Types and Options.TimeLayouts, else they are
// inferred: int, then float, then time (ISO-8601 forms), else string; an
// empty field is NULL. A file is read twice, so inference sees every row;
// a reader ("-") is inferred from its first Options.InferRows rows.
func Import(ctx context.Context, db *sql.DB, opts Options) (*Report, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	cols, rows, done, err := cfg.prepare(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return cfg.load(ctx, db, cols, rows)
}

// prepare decides the columns and their kinds and returns the stream of
// data records to load, and a function that closes it.
func (c *config) prepare(ctx context.Context) ([]*column, recordReader, func(), error) {
	o, err := c.open()
	if err != nil {
		return nil, nil, nil, err
	}
	cols, err := c.columns(o)
	if err != nil {
		o.close()
		return nil, nil, nil, err
	}
	if c.Path == "-" {
		return c.prepareSampled(ctx, o, cols)
	}
	_, err = c.inferKinds(ctx, o, cols, 0, false)
	o.close()
	if err != nil {
		return nil, nil, nil, err
	}
	again, err := c.open() // second pass: the data to load
	if err != nil {
		return nil, nil, nil, err
	}
	return cols, again.records, again.close, nil
}

// prepareSampled infers from the first rows of a one-pass reader and
// replays them before the rest.
func (c *config) prepareSampled(ctx context.Context, o *opened, cols []*column) ([]*column, recordReader, func(), error) {
	sample, err := c.inferKinds(ctx, o, cols, c.InferRows, true)
	if err != nil {
		o.close()
		return nil, nil, nil, err
	}
	if len(sample) == c.InferRows {
		for _, col := range cols {
			if !col.declared {
				col.sampled = c.InferRows
			}
		}
	}
	return cols, &replay{buffered: sample, rest: o.records}, o.close, nil
}

// columns names the columns and applies the declared types.
func (c *config) columns(o *opened) ([]*column, error) {
	names, err := c.columnNames(o.header, o.width)
	if err != nil {
		return nil, err
	}
	return c.newColumns(names)
}

// load writes the table in one transaction.
func (c *config) load(ctx context.Context, db *sql.DB, cols []*column, rows recordReader) (*Report, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("csvimport: starting a transaction: %w", err)
	}
	defer tx.Rollback()
	if err := c.createTable(ctx, tx, cols); err != nil {
		return nil, err
	}
	n, err := c.insertAll(ctx, tx, cols, rows)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("csvimport: committing %s: %w", c.Table, err)
	}
	return c.report(cols, n), nil
}

// insertAll converts and inserts every record; it returns the row count.
func (c *config) insertAll(ctx context.Context, tx *sql.Tx, cols []*column, rows recordReader) (int, error) {
	ins, err := newInserter(ctx, tx, c.Table, cols)
	if err != nil {
		return 0, err
	}
	defer ins.close()
	n := 0
	for ; ; n++ {
		fields, line, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if err := c.addRow(ins, cols, fields, line); err != nil {
			return 0, err
		}
	}
	return n, ins.flush()
}

// addRow converts one record and buffers it for insertion.
func (c *config) addRow(ins *inserter, cols []*column, fields []string, line int) error {
	if err := c.checkWidth(fields, line, len(cols)); err != nil {
		return err
	}
	for i, col := range cols {
		v, ok := col.convert(fields[i])
		if !ok {
			return col.mismatch(c.file, line, fields[i])
		}
		if v == nil {
			col.nullable = true
		}
		ins.args = append(ins.args, v)
	}
	return ins.rowDone()
}

// report describes the created table.
func (c *config) report(cols []*column, rows int) *Report {
	r := &Report{Table: c.Table, Rows: rows}
	for _, col := range cols {
		t := typeOf(col)
		r.Columns = append(r.Columns, ColumnInfo{Name: col.name, Type: t, SQLType: sqlType(col.kind)})
	}
	return r
}
