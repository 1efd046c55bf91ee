package runtime_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/serve/reload"
)

// moduleDB compiles module (written as a one-file module directory) and
// opens a fresh database beside it, running ddl on it first; the database
// closes with the test.
func moduleDB(tb testing.TB, module string, ddl ...string) (*sql.DB, *plan.Plan) {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.seg"), []byte(module), 0o644); err != nil {
		tb.Fatal(err)
	}
	c := reload.Module{Paths: []string{dir}}.Compile()
	if c.Failed() {
		tb.Fatal(c.Summary())
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "db.sqlite"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	for _, q := range ddl {
		if _, err := db.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
	return db, c.Plan
}
