package schema

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// checker holds what one Check has learnt about the database.
type checker struct {
	ctx    context.Context
	db     *sql.DB
	dbName string
	tables []string
	list   diag.List
}

func (c *checker) init() error {
	var err error
	if c.dbName, err = databaseName(c.ctx, c.db); err != nil {
		return err
	}
	c.tables, err = tableNames(c.ctx, c.db)
	return err
}

func (c *checker) report(code diag.Code, loc plan.Loc, format string, args ...any) {
	c.list = append(c.list, diag.Diagnostic{Severity: diag.Error, Code: code,
		Message: fmt.Sprintf(format, args...), File: loc.File, Span: loc.Span})
}

// check verifies one declaration: its table, then each column.
func (c *checker) check(d declared) {
	t, err := readTable(c.ctx, c.db, d.sqlTable)
	if err != nil {
		c.report(diag.DatabaseError, d.loc, "%s %s: cannot read table %q in %s: %v", d.what, d.name, d.sqlTable, c.dbName, err)
		return
	}
	if t == nil {
		c.report(diag.MissingTable, d.loc, "%s %s: %s has no table %q%s; create it, or name an existing table with from \"...\"",
			d.what, d.name, c.dbName, d.sqlTable, c.suggestTable(d))
		return
	}
	for _, dc := range d.columns {
		c.checkColumn(t, dc)
	}
}

// suggestTable proposes a table close to the missing one's name, or else
// one named like the declaration itself.
func (c *checker) suggestTable(d declared) string {
	if s := didYouMean(d.sqlTable, c.tables); s != "" {
		return s
	}
	for _, t := range c.tables {
		if strings.EqualFold(t, d.name) {
			return ` (did you mean "` + t + `"?)`
		}
	}
	return ""
}

// checkColumn verifies that a declared column exists and that its type
// fits.
func (c *checker) checkColumn(t *sqlTable, dc declaredColumn) {
	col, ok := t.find(dc.name)
	if !ok {
		c.report(diag.MissingColumn, dc.loc, "table %q in %s has no %s %q%s; add it or %s",
			t.name, c.dbName, roleName(dc.role), dc.name, didYouMean(dc.name, t.columnNames()), fixMissing(dc.role))
		return
	}
	a := affinityOf(col.declared)
	if !dc.typed || fits(dc.typ.Kind, a) {
		return
	}
	c.report(diag.ColumnTypeMismatch, dc.loc, "column %q of table %q in %s has type %s but is declared %s; %s",
		col.name, t.name, c.dbName, describe(col.declared, a), dc.typ.Kind, fixType(dc, a))
}

func roleName(role string) string {
	if role == "" {
		return "column"
	}
	return role + " column"
}

func fixMissing(role string) string {
	if role == "" {
		return "remove it from the declaration"
	}
	return "change the declaration's " + role
}

// describe renders a declared SQLite type and its affinity when they
// differ, e.g. `VARCHAR(20) (TEXT affinity)`.
func describe(declared string, a affinity) string {
	if declared == string(a) {
		return declared
	}
	return fmt.Sprintf("%s (%s affinity)", declared, a)
}

// fixType says what to do about a type mismatch.
func fixType(dc declaredColumn, a affinity) string {
	if dc.typ.Kind == types.Time {
		return "time columns must hold ISO-8601 text or integer Unix seconds; store it as TEXT or INTEGER, or convert it with segc import"
	}
	if k := kindFor(a); k != "" {
		if dc.typ.Nullable {
			k += "?"
		}
		return fmt.Sprintf("declare it %s, or change the column's type", k)
	}
	return "change the declaration or the column's type"
}
