package events

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/load"
)

// Affinity is SQLite's column affinity, derived from the declared type.
type Affinity int

// The affinities.
const (
	AffBlob Affinity = iota
	AffText
	AffNumeric
)

// affinityOf applies SQLite's rules (section 3.1 of "Datatypes In
// SQLite"), folding INTEGER and REAL into numeric.
func affinityOf(decl string) Affinity {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return AffNumeric
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return AffText
	case d == "", strings.Contains(d, "BLOB"):
		return AffBlob
	}
	return AffNumeric
}

// columnAffinities reads the declared types of a table's columns, and
// the name of the column that aliases the rowid (the single primary key
// column declared exactly INTEGER), if any. In a WITHOUT ROWID table that
// column is no alias, but such a table has no rowid to read either.
func columnAffinities(ctx context.Context, db *sql.DB, table string) (map[string]Affinity, string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := map[string]Affinity{}
	var pks []string
	alias := ""
	for rows.Next() {
		var name, decl string
		var pk int
		if err := rows.Scan(&name, &decl, &pk); err != nil {
			return nil, "", err
		}
		out[name] = affinityOf(decl)
		if pk > 0 {
			pks = append(pks, name)
			if strings.EqualFold(decl, "INTEGER") {
				alias = name
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	if len(pks) != 1 || descKey(ctx, db, table) {
		alias = ""
	}
	return out, alias, nil
}

// descKey reports whether the table's CREATE statement mentions DESC
// (or cannot be read): `INTEGER PRIMARY KEY DESC` does not alias the
// rowid, so such tables keep reading the id column.
func descKey(ctx context.Context, db *sql.DB, table string) bool {
	var ddl sql.NullString
	err := db.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", table).Scan(&ddl)
	return err != nil || strings.Contains(strings.ToUpper(ddl.String), "DESC")
}

// pushdown builds SQL conditions that select a superset of the rows the
// log's aggregates can use. Every row that reaches Go is checked again
// exactly, so a condition only has to never drop a needed row.
type pushdown struct {
	log *plan.EventLog
	// noUpper leaves out the as-of bound: a scan that keeps state also
	// notes the events after as-of (see State.Next).
	noUpper bool
	aff     map[string]Affinity
	conds   []string
	args    []any
}

// where returns the WHERE conditions (joined by AND) and their arguments.
func (p *pushdown) where() (string, []any) {
	if len(p.conds) == 0 {
		return "1", nil
	}
	return strings.Join(p.conds, " AND "), p.args
}

// timeBounds adds `time <= as_of` and, when every aggregate has a window,
// `time > as_of - widest window`. Both compare the column without
// affinity (+col), so integers compare with integers and text with text
// (SQLite orders every number before every text). Text bounds compare
// the leading YYYY-MM-DD only: a stored zone offset is less than a day
// (load.ParseTime accepts at most ±23:59), so an event after lo has a
// local date on or after lo's date minus one day, and an event at or
// before as-of a local date before as-of's date plus two days.
func (p *pushdown) timeBounds(asOf int64, aggs []*plan.Aggregate) {
	if !p.noUpper {
		s, args := p.upper(asOf)
		p.add(s, args...)
	}
	widest := int64(0)
	for _, a := range aggs {
		if a.Window <= 0 {
			return
		}
		widest = max(widest, a.Window)
	}
	if len(aggs) == 0 {
		return
	}
	s, args := p.lower(asOf - widest)
	p.add(s, args...)
}

// textTime reports whether the time column has TEXT affinity: SQLite then
// stores every number as text, so only text bounds are needed.
func (p *pushdown) textTime() bool { return p.aff[p.log.Time] == AffText }

// upper is a condition true at least for every row at or before asOf.
func (p *pushdown) upper(asOf int64) (string, []any) {
	t := "+" + load.Quote(p.log.Time)
	if p.textTime() {
		return fmt.Sprintf("%s < ?", t), []any{dateText(asOf + 2*86400)}
	}
	return fmt.Sprintf("(%s <= ? OR (%s >= '' AND %s < ?))", t, t, t), []any{asOf, dateText(asOf + 2*86400)}
}

// lower is a condition true at least for every row after lo.
func (p *pushdown) lower(lo int64) (string, []any) {
	t := "+" + load.Quote(p.log.Time)
	if p.textTime() {
		return fmt.Sprintf("%s >= ?", t), []any{dateText(lo - 86400)}
	}
	return fmt.Sprintf("((%s > ? AND %s < '') OR %s >= ?)", t, t, t), []any{lo, dateText(lo - 86400)}
}

// dateText formats the UTC date of a Unix time as YYYY-MM-DD.
func dateText(unix int64) string { return time.Unix(unix, 0).UTC().Format("2006-01-02") }

// filters adds the log filter and the disjunction of the aggregates'
// filters, each as far as it translates. Aggregates with the same filter
// share one disjunct with the widest of their windows, so SQLite tests
// each distinct filter once per row.
func (p *pushdown) filters(asOf int64, aggs []*plan.Aggregate) {
	if p.log.Filter != nil {
		if s, args, ok := p.superset(p.log.Filter); ok {
			p.add(s, args...)
		}
	}
	var parts []*disjunct
	byFilter := map[string]*disjunct{}
	for _, a := range aggs {
		s, sargs, ok := "1", []any(nil), true
		if a.Filter != nil {
			s, sargs, ok = p.superset(a.Filter)
		}
		if !ok || s == "1" {
			if a.Window <= 0 {
				return // this aggregate may need any row
			}
			s, sargs = "1", nil
		}
		key := fmt.Sprintf("%s\x00%#v", s, sargs)
		d := byFilter[key]
		if d == nil {
			d = &disjunct{cond: s, args: sargs, window: a.Window, conj: p.conjuncts(a.Filter)}
			byFilter[key] = d
			parts = append(parts, d)
		}
		d.widen(a.Window)
	}
	var conds []string
	var args []any
	for _, d := range withoutSubsumed(parts) {
		s, sargs := d.cond, d.args
		if d.window > 0 {
			ls, largs := p.lower(asOf - d.window)
			s, sargs = fmt.Sprintf("(%s AND %s)", s, ls), append(append([]any(nil), sargs...), largs...)
		}
		if s == "1" {
			return
		}
		conds = append(conds, s)
		args = append(args, sargs...)
	}
	if len(conds) > 0 {
		p.add("("+strings.Join(conds, " OR ")+")", args...)
	}
}

// disjunct is one distinct aggregate filter and the widest window of the
// aggregates that use it (0: unbounded).
type disjunct struct {
	cond   string
	args   []any
	window int64
	// conj are the translated top-level conjuncts of the filter (see
	// withoutSubsumed).
	conj map[string]bool
}

// widen extends the disjunct's window to cover window.
func (d *disjunct) widen(window int64) {
	if d.window > 0 && (window <= 0 || window > d.window) {
		d.window = window
	}
}

func (p *pushdown) add(cond string, args ...any) {
	p.conds = append(p.conds, cond)
	p.args = append(p.args, args...)
}

// superset translates e to an SQL condition true for at least every row
// where e is true; ok is false when nothing useful translates.
func (p *pushdown) superset(e plan.Expr) (string, []any, bool) {
	if b, ok := e.(*plan.Binary); ok && (b.Op == "and" || b.Op == "&&") {
		x, xa, xok := p.superset(b.X)
		y, ya, yok := p.superset(b.Y)
		switch {
		case xok && yok:
			return "(" + x + " AND " + y + ")", append(xa, ya...), true
		case xok:
			return x, xa, true
		case yok:
			return y, ya, true
		}
		return "", nil, false
	}
	if b, ok := e.(*plan.Binary); ok && (b.Op == "or" || b.Op == "||") {
		x, xa, xok := p.superset(b.X)
		y, ya, yok := p.superset(b.Y)
		if xok && yok {
			return "(" + x + " OR " + y + ")", append(xa, ya...), true
		}
		return "", nil, false
	}
	return p.exact(e)
}

// exact translates e to an SQL condition true exactly where e is true,
// for comparisons of a column with a constant (strings on text columns,
// numbers on numeric columns) and not/and/or of those.
func (p *pushdown) exact(e plan.Expr) (string, []any, bool) {
	switch x := e.(type) {
	case *plan.Binary:
		return p.exactBinary(x)
	case *plan.Unary:
		if x.Op == "not" || x.Op == "!" {
			s, a, ok := p.exact(x.X)
			return "(NOT " + s + ")", a, ok
		}
	case *plan.In:
		col, ok := p.column(x.X)
		if !ok || len(x.List) == 0 {
			return "", nil, false
		}
		var args []any
		for _, c := range x.List {
			if c.Value == nil || !p.fits(x.X, c.Value) {
				return "", nil, false
			}
			args = append(args, c.Value)
		}
		return fmt.Sprintf("(%s IN (?%s))", col, strings.Repeat(", ?", len(args)-1)), args, true
	}
	return "", nil, false
}

func (p *pushdown) exactBinary(b *plan.Binary) (string, []any, bool) {
	switch b.Op {
	case "and", "&&", "or", "||":
		x, xa, xok := p.exact(b.X)
		y, ya, yok := p.exact(b.Y)
		op := map[string]string{"and": "AND", "&&": "AND", "or": "OR", "||": "OR"}[b.Op]
		return "(" + x + " " + op + " " + y + ")", append(xa, ya...), xok && yok
	case "==", "!=", "<", "<=", ">", ">=":
	default:
		return "", nil, false
	}
	colExpr, c, op := b.X, b.Y, b.Op
	if _, isConst := b.X.(*plan.Const); isConst {
		colExpr, c, op = b.Y, b.X, plan.FlipComparison(op)
	}
	k, ok := c.(*plan.Const)
	col, cok := p.column(colExpr)
	if !ok || !cok || k.Value == nil || !p.fits(colExpr, k.Value) {
		return "", nil, false
	}
	return fmt.Sprintf("(%s %s ?)", col, op), []any{k.Value}, true
}

// column returns the SQL of an event column reference (through an
// int-to-float Cast) whose comparison SQLite evaluates like segc.
func (p *pushdown) column(e plan.Expr) (string, bool) {
	if c, ok := e.(*plan.Cast); ok {
		e = c.X
	}
	ref, ok := e.(*plan.EventColumnRef)
	if !ok || ref.Column >= len(p.log.Columns) {
		return "", false
	}
	col := p.log.Columns[ref.Column]
	if col.Name == p.log.Time {
		return "", false
	}
	aff := p.aff[col.Name]
	switch col.Type.Kind {
	case types.String:
		return load.Quote(col.Name), aff == AffText
	case types.Int, types.Float:
		return load.Quote(col.Name), aff == AffNumeric
	}
	return "", false
}

// fits reports whether constant v matches the column's kind.
func (p *pushdown) fits(e plan.Expr, v any) bool {
	switch v.(type) {
	case string:
		return e.Type().Kind == types.String
	case int64, float64:
		return e.Type().IsNumeric()
	}
	return false
}

// RowidAlias returns the column of table that aliases its rowid (an
// INTEGER PRIMARY KEY), or "" when none does.
func RowidAlias(ctx context.Context, db *sql.DB, table string) (string, error) {
	_, alias, err := columnAffinities(ctx, db, table)
	return alias, err
}
