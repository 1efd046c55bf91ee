package schema

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/segc/segc/runtime/sqlrows"
)

// column is one column of a database table as SQLite declares it.
type column struct {
	name     string
	declared string // declared type, "" when none
}

// sqlTable is a database table (or view) and its visible columns.
type sqlTable struct {
	name    string
	columns []column
}

// find returns the column named name (SQLite compares names without
// regard to ASCII case).
func (t *sqlTable) find(name string) (column, bool) {
	for _, c := range t.columns {
		if strings.EqualFold(c.name, name) {
			return c, true
		}
	}
	return column{}, false
}

func (t *sqlTable) columnNames() []string {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	return names
}

// databaseName names the main database for messages: its file's base
// name, or "the in-memory database".
func databaseName(ctx context.Context, db *sql.DB) (string, error) {
	var file string
	err := db.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file)
	if err != nil {
		return "", err
	}
	if file == "" {
		return "the in-memory database", nil
	}
	return filepath.Base(file), nil
}

// tableNames lists the tables and views of the main database.
func tableNames(ctx context.Context, db *sql.DB) ([]string, error) {
	return sqlrows.Strings(ctx, db, `SELECT name FROM sqlite_schema
		WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
}

// readTable reads a table's columns, or returns nil when it does not exist.
// The table name is bound as a parameter of the table_xinfo pragma
// function, so no name can inject SQL. Hidden columns of virtual tables are
// skipped; generated columns are kept, as queries can read them.
func readTable(ctx context.Context, db *sql.DB, name string) (*sqlTable, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, type FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid`, name)
	if err != nil {
		return nil, fmt.Errorf("reading the columns of table %q: %w", name, err)
	}
	defer rows.Close()
	t := &sqlTable{name: name}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.declared); err != nil {
			return nil, err
		}
		t.columns = append(t.columns, c)
	}
	if err := rows.Err(); err != nil || len(t.columns) == 0 {
		return nil, err
	}
	return t, nil
}
