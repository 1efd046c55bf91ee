package segtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
	"github.com/segc/segc/runtime/load"
)

// openFixtureDB creates the database file path (a fresh temporary file:
// the runtime opens several connections, which an in-memory database
// would not share).
func openFixtureDB(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(filepath.ToSlash(path))+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// createTables creates every declared table and log, so a test that gives
// no rows for one still runs against an empty table.
func createTables(ctx context.Context, db *sql.DB, specs []*TableSpec) error {
	for _, t := range specs {
		var cols []string
		for _, c := range t.Columns {
			cols = append(cols, strings.TrimSpace(load.Quote(c.Name)+" "+sqlType(c)))
		}
		stmt := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", load.Quote(t.SQLTable), strings.Join(cols, ", "))
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("creating fixture table %s: %w", t.SQLTable, err)
		}
	}
	return nil
}

// insertFixtures inserts the test's rows in one transaction.
func insertFixtures(ctx context.Context, db *sql.DB, fixtures []*Fixture) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, fx := range fixtures {
		if err := insertFixture(ctx, tx, fx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func insertFixture(ctx context.Context, tx *sql.Tx, fx *Fixture) error {
	if len(fx.Rows) == 0 {
		return nil
	}
	var names, marks []string
	for _, c := range fx.Columns {
		names = append(names, load.Quote(c))
		marks = append(marks, "?")
	}
	stmt := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", load.Quote(fx.Table.SQLTable), strings.Join(names, ", "), strings.Join(marks, ", "))
	for _, row := range fx.Rows {
		if _, err := tx.ExecContext(ctx, stmt, row...); err != nil {
			return fmt.Errorf("inserting into fixture table %s: %w", fx.Table.SQLTable, err)
		}
	}
	return nil
}
