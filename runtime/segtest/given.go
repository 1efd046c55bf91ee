package segtest

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// given checks one `given TABLE(COLS) { ROWS }` and appends its fixture.
func (l *loader) given(fixtures []*Fixture, g *ast.Given) []*Fixture {
	spec := l.table(g.Table)
	if spec == nil {
		return fixtures
	}
	cols, ok := l.givenColumns(spec, g)
	if !ok {
		return fixtures
	}
	fx := &Fixture{Table: spec}
	for _, c := range cols {
		fx.Columns = append(fx.Columns, c.Name)
	}
	prior := priorKeys(fixtures, spec)
	for _, row := range g.Rows {
		if values, ok := l.row(spec, cols, row, prior); ok {
			fx.Rows = append(fx.Rows, values)
		}
	}
	addEventIDs(fx, fixtures)
	return append(fixtures, fx)
}

// table finds the declared table or log a given names.
func (l *loader) table(name *ast.Ident) *TableSpec {
	var names []string
	for _, t := range l.tables {
		if t.Name == name.Name {
			return t
		}
		names = append(names, t.Name)
	}
	msg := fmt.Sprintf("given names %s, which the module does not declare as a table or event log", name.Name)
	if s := diag.Suggest(name.Name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else {
		msg += fmt.Sprintf(": use one of %s (the declared names, not the SQL tables)", strings.Join(names, ", "))
	}
	l.errorf(BadGiven, name.Sp, "%s", msg)
	return nil
}

// givenColumns resolves the column list of a given and checks that every
// column the module reads, and that may not be null, is listed.
func (l *loader) givenColumns(spec *TableSpec, g *ast.Given) ([]ColumnSpec, bool) {
	var cols []ColumnSpec
	seen := map[string]bool{}
	ok := true
	for _, id := range g.Columns {
		c := spec.column(id.Name)
		switch {
		case c == nil:
			l.unknownColumn(spec, id)
			ok = false
		case seen[id.Name]:
			l.errorf(BadGiven, id.Sp, "column %s is listed twice: list each column once", id.Name)
			ok = false
		default:
			seen[id.Name] = true
			cols = append(cols, *c)
		}
	}
	if missing := requiredMissing(spec, seen); len(missing) > 0 {
		l.errorf(BadGiven, g.Table.Sp, "given %s leaves out %s, which the module reads and which cannot be null: add %s to the column list",
			spec.Name, strings.Join(missing, ", "), plural(len(missing), "it", "them"))
		ok = false
	}
	return cols, ok
}

// unknownColumn reports a column the table does not declare.
func (l *loader) unknownColumn(spec *TableSpec, id *ast.Ident) {
	msg := fmt.Sprintf("%s %s has no column %s", spec.Kind, spec.Name, id.Name)
	if s := diag.Suggest(id.Name, spec.columnNames()); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else {
		msg += fmt.Sprintf(": its columns are %s", strings.Join(spec.columnNames(), ", "))
	}
	l.errorf(BadGiven, id.Sp, "%s", msg)
}

// requiredMissing lists the unlisted columns that must be given: the key,
// the time, and non-nullable columns the plan reads.
func requiredMissing(spec *TableSpec, listed map[string]bool) []string {
	var out []string
	for _, c := range spec.Columns {
		needed := c.Role == "key" || c.Role == "time" || (c.Used && !c.Type.Nullable && c.Role != "id")
		if needed && !listed[c.Name] {
			out = append(out, fmt.Sprintf("%s (%s)", c.Name, c.Type.Kind))
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
