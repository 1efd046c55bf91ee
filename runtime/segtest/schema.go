package segtest

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// TableSpec is a declared table or event log as fixtures fill it.
type TableSpec struct {
	Name     string // declared name, as a given names it
	SQLTable string
	Kind     string // "entities", "table" or "events"
	Columns  []ColumnSpec
}

// ColumnSpec is one column of a fixture table. Role is "key", "time", "id"
// or ""; Untyped is set for an event id column, whose type the module does
// not declare (an int or a string fits). Used says whether the plan reads
// it; a given may leave out columns the plan never reads, and nullable ones.
type ColumnSpec struct {
	Name    string
	Type    types.Type
	Role    string
	Untyped bool
	Used    bool
}

// column returns the named column, or nil.
func (t *TableSpec) column(name string) *ColumnSpec {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// columnNames lists the columns' names, for suggestions.
func (t *TableSpec) columnNames() []string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return names
}

// tableSpecs lists the plan's tables and logs, entities first.
func tableSpecs(p *plan.Plan) []*TableSpec {
	var out []*TableSpec
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

func fromTable(kind string, t *plan.Table) *TableSpec {
	s := &TableSpec{Name: t.Name, SQLTable: t.SQLTable, Kind: kind}
	s.Columns = append(s.Columns, ColumnSpec{Name: t.Key, Type: t.KeyType.NonNull(), Role: "key", Used: true})
	for _, c := range t.Columns {
		s.Columns = append(s.Columns, ColumnSpec{Name: c.Name, Type: c.Type, Used: c.Used})
	}
	return s
}

func fromLog(l *plan.EventLog) *TableSpec {
	s := &TableSpec{Name: l.Name, SQLTable: l.SQLTable, Kind: "events"}
	listed := false
	for _, c := range l.Columns {
		role, used := "", c.Used
		switch c.Name {
		case l.Time:
			role, used = "time", true
		case l.Key:
			role, used, listed = "key", true, true
		case l.ID:
			role = "id"
		}
		s.Columns = append(s.Columns, ColumnSpec{Name: c.Name, Type: c.Type, Role: role, Used: used})
	}
	if !listed {
		key := ColumnSpec{Name: l.Key, Type: l.KeyType.NonNull(), Role: "key", Used: true}
		s.Columns = append([]ColumnSpec{key}, s.Columns...)
	}
	if l.ID != "" && s.column(l.ID) == nil {
		s.Columns = append(s.Columns, ColumnSpec{Name: l.ID, Role: "id", Untyped: true})
	}
	return s
}

// sqlType is the SQLite column type a fixture table declares for t: time
// values are stored as written (text, or integer Unix seconds), so time
// columns get no type affinity.
func sqlType(c ColumnSpec) string {
	if c.Untyped {
		return ""
	}
	switch c.Type.Kind {
	case types.Int, types.Bool, types.Duration:
		return "INTEGER"
	case types.Float:
		return "REAL"
	case types.String:
		return "TEXT"
	}
	return ""
}
