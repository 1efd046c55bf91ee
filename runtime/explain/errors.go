package explain

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// UnknownSegmentError is a segment name the module does not define.
type UnknownSegmentError struct {
	Name       string
	Suggestion string // a close defined name, or ""
	Defined    []string
}

// Error implements error.
func (e *UnknownSegmentError) Error() string {
	msg := fmt.Sprintf("the module defines no segment %q", e.Name)
	if e.Suggestion != "" {
		return msg + fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg + "; defined: " + strings.Join(e.Defined, ", ")
}

// resolveSegment finds a segment by stored name; NAME.holdout resolves to
// NAME with heldOut set.
func resolveSegment(p *plan.Plan, name string) (s *plan.Segment, heldOut bool, err error) {
	var names []string
	for _, s := range p.Segments {
		if s.Name == name {
			return s, false, nil
		}
		if s.Holdout > 0 && s.Name+".holdout" == name {
			return s, true, nil
		}
		names = append(names, s.Name)
		if s.Holdout > 0 {
			names = append(names, s.Name+".holdout")
		}
	}
	return nil, false, &UnknownSegmentError{Name: name, Suggestion: diag.Suggest(name, names), Defined: names}
}

// NoEntityError is a key that is not in the population.
type NoEntityError struct {
	Key       any
	KeyColumn string
	Table     string // the entities table, or "" for an events-only module
	// Nearby are the closest existing keys below and above Key.
	Nearby []any
}

// Error implements error.
func (e *NoEntityError) Error() string {
	where := "the population (the keys of the event logs)"
	if e.Table != "" {
		where = "table " + e.Table
	}
	msg := fmt.Sprintf("%s %v is not in %s", e.KeyColumn, keyLiteral(e.Key), where)
	if len(e.Nearby) > 0 {
		var s []string
		for _, k := range e.Nearby {
			s = append(s, keyLiteral(k))
		}
		msg += "; the nearest ids are " + strings.Join(s, ", ")
	}
	return msg
}

func keyLiteral(k any) string {
	if s, ok := k.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(k)
}

// ParseKey reads an entity id given on the command line as the module's
// key type.
func ParseKey(p *plan.Plan, text string) (any, error) {
	if p.KeyType.Kind != types.Int {
		return text, nil
	}
	k, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("entity id %q is not an integer, and the keys of this module are integers (%s)", text, p.KeyColumn())
	}
	return k, nil
}

// checkEntity fails fast, before any evaluation, when the entities table
// has no row with the key. Events-only modules are checked after.
func checkEntity(ctx context.Context, db *sql.DB, p *plan.Plan, key any) error {
	t := p.Entities
	if t == nil {
		return nil
	}
	tbl, col := quoteIdent(t.SQLTable), quoteIdent(t.Key)
	var found bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM "+tbl+" WHERE "+col+" = ?)", key).Scan(&found); err != nil {
		return fmt.Errorf("looking up %s %v in %s: %w", t.Key, keyLiteral(key), t.SQLTable, err)
	}
	if found {
		return nil
	}
	e := &NoEntityError{Key: key, KeyColumn: t.Key, Table: t.SQLTable}
	for _, q := range []string{
		"SELECT " + col + " FROM " + tbl + " WHERE " + col + " < ? ORDER BY " + col + " DESC LIMIT 2",
		"SELECT " + col + " FROM " + tbl + " WHERE " + col + " > ? ORDER BY " + col + " LIMIT 2",
	} {
		near, err := column(ctx, db, q, key)
		if err != nil {
			return err
		}
		e.Nearby = append(e.Nearby, near...)
	}
	slices.SortFunc(e.Nearby, compareKeys)
	return e
}

// noEntity builds the error for a key missing from the evaluated keys.
func noEntity(p *plan.Plan, key any, keys store.Keys) error {
	e := &NoEntityError{Key: key, KeyColumn: p.KeyColumn()}
	if p.Entities != nil {
		e.Table = p.Entities.SQLTable
	}
	switch k := key.(type) {
	case int64:
		e.Nearby = nearest(keys.Ints, k)
	case string:
		e.Nearby = nearest(keys.Strs, k)
	}
	return e
}

// nearest returns up to two keys below and two above k, ascending.
func nearest[T int64 | string](keys []T, k T) []any {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	at, _ := slices.BinarySearch(sorted, k)
	var out []any
	for _, v := range sorted[max(at-2, 0):min(at+2, len(sorted))] {
		out = append(out, v)
	}
	return out
}

func compareKeys(a, b any) int {
	x, xInt := a.(int64)
	y, yInt := b.(int64)
	switch {
	case xInt && yInt:
		return cmp.Compare(x, y)
	case xInt:
		return -1
	case yInt:
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// column reads one column of a query's rows; text comes back as string.
func column(ctx context.Context, db *sql.DB, q string, args ...any) ([]any, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
