// Package ingest validates JSON events against a declared event log and
// inserts accepted batches into the log's SQLite table in one transaction,
// idempotently by the log's declared id column.
package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// Role says what a column is to the event log.
type Role int

// The column roles.
const (
	RoleKey Role = iota
	RoleTime
	RoleID
	RoleAttr
)

// Column is one column an ingested event carries.
type Column struct {
	Name string
	Type types.Type // the id column has Kind Invalid: string or integer
	Role Role
}

// Schema is the ingestion view of one declared event log: the columns an
// event object carries, in insert order (key, time, id, attributes), and
// the parameterised SQL that reads and writes them.
type Schema struct {
	Log       *plan.EventLog
	Columns   []Column
	timeAsInt bool // the time column has INTEGER affinity: store Unix seconds
	insertSQL string
	selectSQL string // by id; "" without an id column
}

// NewSchema builds the schema of log, reading the time column's declared
// SQL type so stored times match the table's convention.
func NewSchema(ctx context.Context, db *sql.DB, log *plan.EventLog) (*Schema, error) {
	s := &Schema{Log: log, Columns: columnsOf(log)}
	decl, err := declaredType(ctx, db, log.SQLTable, log.Time)
	if err != nil {
		return nil, err
	}
	s.timeAsInt = strings.Contains(strings.ToUpper(decl), "INT")
	s.insertSQL, s.selectSQL = s.statements()
	return s, nil
}

// columnsOf lists key, time, id (when declared) and the other columns.
func columnsOf(log *plan.EventLog) []Column {
	cols := []Column{{Name: log.Key, Type: log.KeyType, Role: RoleKey}, {Name: log.Time, Type: types.Of(types.Time), Role: RoleTime}}
	if log.ID != "" {
		cols = append(cols, Column{Name: log.ID, Role: RoleID})
	}
	for _, c := range log.Columns {
		if c.Name == log.Key || c.Name == log.Time || c.Name == log.ID {
			continue
		}
		cols = append(cols, Column{Name: c.Name, Type: c.Type, Role: RoleAttr})
	}
	return cols
}

// statements renders the INSERT and the SELECT by id, quoting every
// identifier; values are always bound parameters.
func (s *Schema) statements() (insert, selectByID string) {
	names := make([]string, len(s.Columns))
	marks := make([]string, len(s.Columns))
	var payload []string
	for i, c := range s.Columns {
		names[i], marks[i] = QuoteIdent(c.Name), "?"
		if c.Role != RoleID {
			payload = append(payload, QuoteIdent(c.Name))
		}
	}
	table := QuoteIdent(s.Log.SQLTable)
	insert = fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(names, ", "), strings.Join(marks, ", "))
	if s.Log.ID != "" {
		selectByID = fmt.Sprintf("SELECT %s FROM %s WHERE %s = ? LIMIT 1", strings.Join(payload, ", "), table, QuoteIdent(s.Log.ID))
	}
	return insert, selectByID
}

// QuoteIdent quotes an SQL identifier for SQLite.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// declaredType reads a column's declared SQL type ("" when absent).
func declaredType(ctx context.Context, db *sql.DB, table, column string) (string, error) {
	var decl string
	err := db.QueryRowContext(ctx, "SELECT type FROM pragma_table_info(?) WHERE name = ?", table, column).Scan(&decl)
	if err == sql.ErrNoRows {
		return "", fmt.Errorf("event table %q has no column %q: check the events declaration", table, column)
	}
	if err != nil {
		return "", fmt.Errorf("reading the columns of event table %q: %w", table, err)
	}
	return decl, nil
}

// EnsureIDIndex makes the lookup by id column use an index, creating
// segc_serve_<table>_<id> when SQLite would otherwise scan the table. It is
// a no-op without an id column.
func EnsureIDIndex(ctx context.Context, db *sql.DB, log *plan.EventLog) error {
	if log.ID == "" {
		return nil
	}
	scans, err := lookupScans(ctx, db, log)
	if err != nil || !scans {
		return err
	}
	name := QuoteIdent("segc_serve_" + log.SQLTable + "_" + log.ID)
	ddl := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s(%s)", name, QuoteIdent(log.SQLTable), QuoteIdent(log.ID))
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("indexing %s.%s for idempotent ingestion: %w", log.SQLTable, log.ID, err)
	}
	return nil
}

// lookupScans reports whether a lookup by id would scan the whole table.
func lookupScans(ctx context.Context, db *sql.DB, log *plan.EventLog) (bool, error) {
	q := fmt.Sprintf("EXPLAIN QUERY PLAN SELECT 1 FROM %s WHERE %s = ?", QuoteIdent(log.SQLTable), QuoteIdent(log.ID))
	rows, err := db.QueryContext(ctx, q, 0)
	if err != nil {
		return false, fmt.Errorf("planning the lookup by %s.%s: %w", log.SQLTable, log.ID, err)
	}
	defer rows.Close()
	scans := false
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return false, err
		}
		scans = scans || strings.HasPrefix(detail, "SCAN")
	}
	return scans, rows.Err()
}
