package segtest

import (
	"strings"

	"github.com/segc/segc/dsl/ast"
)

// row checks one fixture row against the given's columns and converts its
// literals. prior holds the keys already given for an entities or feature
// table, where a key may appear once.
func (l *loader) row(spec *TableSpec, cols []ColumnSpec, row *ast.ListLit, prior map[any]bool) ([]any, bool) {
	if len(row.Elems) != len(cols) {
		l.errorf(BadRow, row.Sp, "this row has %d %s for the %d columns (%s): write one value per column, null for a missing one",
			len(row.Elems), plural(len(row.Elems), "value", "values"), len(cols), columnList(cols))
		return nil, false
	}
	values := make([]any, len(cols))
	ok := true
	for i, e := range row.Elems {
		v, msg := literalValue(e, cols[i])
		if msg != "" {
			l.errorf(BadRow, e.Span(), "%s", msg)
			ok = false
		}
		values[i] = v
	}
	if ok && spec.Kind != "events" {
		ok = l.uniqueKey(spec, cols, row, values, prior)
	}
	return values, ok
}

// uniqueKey reports a key given twice for an entities or feature table.
func (l *loader) uniqueKey(spec *TableSpec, cols []ColumnSpec, row *ast.ListLit, values []any, prior map[any]bool) bool {
	for i, c := range cols {
		if c.Role != "key" {
			continue
		}
		if prior[values[i]] {
			l.errorf(BadRow, row.Elems[i].Span(), "key %v is given twice for %s %s: each entity has one row", values[i], spec.Kind, spec.Name)
			return false
		}
		prior[values[i]] = true
	}
	return true
}

// priorKeys collects the keys earlier givens of the test gave spec.
func priorKeys(fixtures []*Fixture, spec *TableSpec) map[any]bool {
	keys := map[any]bool{}
	for _, fx := range fixtures {
		if fx.Table != spec {
			continue
		}
		for i, name := range fx.Columns {
			if spec.column(name).Role == "key" {
				for _, r := range fx.Rows {
					keys[r[i]] = true
				}
			}
		}
	}
	return keys
}

// addEventIDs numbers the rows of an event log whose id column the given
// leaves out, continuing after the log's earlier givens in the test.
func addEventIDs(fx *Fixture, earlier []*Fixture) {
	var id *ColumnSpec
	for i := range fx.Table.Columns {
		if fx.Table.Columns[i].Role == "id" {
			id = &fx.Table.Columns[i]
		}
	}
	if id == nil || contains(fx.Columns, id.Name) {
		return
	}
	next := int64(1)
	for _, e := range earlier {
		if e.Table == fx.Table {
			next += int64(len(e.Rows))
		}
	}
	fx.Columns = append(fx.Columns, id.Name)
	for i := range fx.Rows {
		fx.Rows[i] = append(fx.Rows[i], next+int64(i))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// columnList joins column names.
func columnList(cols []ColumnSpec) string {
	var names []string
	for _, c := range cols {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}
