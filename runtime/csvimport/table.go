package csvimport

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/types"
)

// typeOf is the segc type of an imported column.
func typeOf(col *column) types.Type {
	return types.Type{Kind: col.kind, Nullable: col.nullable}
}

// createTable creates the table, dropping an existing one if Replace.
func (c *config) createTable(ctx context.Context, tx *sql.Tx, cols []*column) error {
	var kind string
	err := tx.QueryRowContext(ctx,
		"SELECT type FROM sqlite_master WHERE lower(name) = lower(?) LIMIT 1", c.Table).Scan(&kind)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return fmt.Errorf("csvimport: checking for table %s: %w", c.Table, err)
	case kind != "table":
		return fmt.Errorf("csvimport: the database already has a %s named %s; choose another --table", kind, c.Table)
	case !c.Replace:
		return fmt.Errorf("csvimport: table %s already exists; pass --replace to drop and recreate it, or choose another --table", c.Table)
	default:
		if _, err := tx.ExecContext(ctx, "DROP TABLE "+quoteIdent(c.Table)); err != nil {
			return fmt.Errorf("csvimport: dropping table %s: %w", c.Table, err)
		}
	}
	if _, err := tx.ExecContext(ctx, createSQL(c.Table, cols)); err != nil {
		return fmt.Errorf("csvimport: creating table %s: %w", c.Table, err)
	}
	return nil
}

// createSQL is CREATE TABLE "t" ("a" INTEGER, ...).
func createSQL(table string, cols []*column) string {
	defs := make([]string, len(cols))
	for i, col := range cols {
		defs[i] = quoteIdent(col.name) + " " + sqlType(col.kind)
	}
	return fmt.Sprintf("CREATE TABLE %s (%s)", quoteIdent(table), strings.Join(defs, ", "))
}
