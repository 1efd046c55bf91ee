// Package schema checks a compiled plan's declared tables, event logs and
// columns against a SQLite database before anything is read.
package schema

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// declared is a table, feature table or event log as the checks see it.
type declared struct {
	what     string // "entities", "table" or "events"
	name     string
	sqlTable string
	loc      plan.Loc
	columns  []declaredColumn
}

// declaredColumn is one declared column; role is "key", "time", "id" or ""
// and typed is false when the declaration gives no type to check.
type declaredColumn struct {
	name  string
	role  string
	typ   types.Type
	typed bool
	loc   plan.Loc
}

// Check verifies that every table and event log of p exists in db, that
// each declared column (key, time and id included) exists, and that its
// declared type fits the column's SQLite type affinity. Findings are
// located at the declarations: E0501 missing table, E0502 missing column,
// E0503 type mismatch, E0505 when the database cannot be read.
func Check(ctx context.Context, db *sql.DB, p *plan.Plan) diag.List {
	c := &checker{ctx: ctx, db: db}
	if err := c.init(); err != nil {
		return diag.List{{Severity: diag.Error, Code: diag.DatabaseError,
			Message: fmt.Sprintf("cannot read the database schema: %v; check that the --db path is a SQLite database", err)}}
	}
	for _, d := range declarations(p) {
		c.check(d)
	}
	c.list.Sort()
	return c.list
}

// declarations lists what p declares, entities first.
func declarations(p *plan.Plan) []declared {
	var out []declared
	if p.Entities != nil {
		out = append(out, fromTable("entities", p.Entities))
	}
	for _, t := range p.Tables {
		out = append(out, fromTable("table", t))
	}
	for _, l := range p.Logs {
		out = append(out, fromLog(l))
	}
	return out
}

func fromTable(what string, t *plan.Table) declared {
	d := declared{what: what, name: t.Name, sqlTable: t.SQLTable, loc: t.Loc}
	d.columns = append(d.columns, declaredColumn{name: t.Key, role: "key", typ: t.KeyType, typed: true, loc: t.Loc})
	for _, c := range t.Columns {
		d.columns = append(d.columns, declaredColumn{name: c.Name, typ: c.Type, typed: true, loc: c.Loc})
	}
	return d
}

func fromLog(l *plan.EventLog) declared {
	d := declared{what: "events", name: l.Name, sqlTable: l.SQLTable, loc: l.Loc}
	listed := map[string]bool{}
	for _, c := range l.Columns {
		listed[c.Name] = true
		role := ""
		if c.Name == l.Time {
			role = "time"
		}
		d.columns = append(d.columns, declaredColumn{name: c.Name, role: role, typ: c.Type, typed: true, loc: c.Loc})
	}
	if !listed[l.Key] {
		d.columns = append(d.columns, declaredColumn{name: l.Key, role: "key", typ: l.KeyType, typed: true, loc: l.Loc})
	}
	if l.ID != "" && !listed[l.ID] {
		d.columns = append(d.columns, declaredColumn{name: l.ID, role: "id", loc: l.Loc})
	}
	return d
}
