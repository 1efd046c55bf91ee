package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// sqlChangesGuards reads what could attach a user's CHECK constraint to
// segc's history inserts: the triggers on segc_changes, permanent or
// temporary (SQLite compiles them into the insert, so the pragma would
// drop the CHECKs of whatever they write), a temporary table of that name
// (it would take the inserts), and the stored CREATE statement of
// segc_changes (a table the user created first may declare CHECKs of its
// own). Names compare case-insensitively, as SQL names do.
const sqlChangesGuards = `SELECT
	(SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'segc_changes' COLLATE NOCASE)
	+ (SELECT count(*) FROM sqlite_temp_schema WHERE tbl_name = 'segc_changes' COLLATE NOCASE),
	(SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'segc_changes' COLLATE NOCASE)`

// segcChangesSQL is segc_changes' CREATE statement as SQLite stores the
// one schemaDDL runs (it drops IF NOT EXISTS).
func segcChangesSQL() string {
	for _, q := range schemaDDL {
		if strings.HasPrefix(q, "CREATE TABLE IF NOT EXISTS segc_changes(") {
			return strings.Replace(q, "IF NOT EXISTS ", "", 1)
		}
	}
	return ""
}

// bareChanges reports whether segc_changes is segc's own table with no
// trigger on it and nothing shadowing it, so that its only CHECK is
// segc's on change (see writer.unchecked).
func bareChanges(ctx context.Context, conn *sql.Conn) (bool, error) {
	var others int
	var stored sql.NullString
	if err := conn.QueryRowContext(ctx, sqlChangesGuards).Scan(&others, &stored); err != nil {
		return false, fmt.Errorf("looking for triggers on segc_changes: %w", err)
	}
	return others == 0 && stored.Valid && stored.String == segcChangesSQL(), nil
}
