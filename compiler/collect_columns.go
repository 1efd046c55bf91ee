package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// typeNames lists the column type names, for did-you-mean.
var typeNames = []string{"int", "float", "bool", "string", "time", "duration"}

// collectColumns reads the columns of every table and log, then settles the
// entity key type.
//
// Key columns: the key column may be listed in a block, which types it
// (int or string, not nullable); it is never a readable column. The entity
// key type of the module is the type of the first listed key column in
// declaration order; unlisted keys take that type, and when no block lists
// its key, keys are int. Listed keys of different types are an error.
//
// Time columns of event logs: when listed, the type must be `time` (not
// nullable); when not listed, the column is added with type time. The time
// column is always a readable event column. The id column is readable only
// when listed.
func (s *state) collectColumns() {
	for _, t := range s.tables {
		s.collectTableColumns(t)
	}
	for _, t := range s.logs {
		s.collectTableColumns(t)
		s.addTimeColumn(t)
	}
	s.settleKeyType()
	s.indexEntityColumns()
}

// collectTableColumns reads one block's columns, skipping the key column.
func (s *state) collectTableColumns(t *tableSym) {
	d := t.decl
	for _, c := range d.Columns {
		if c == nil || c.Name == nil {
			continue
		}
		typ := s.columnType(t, c)
		if first, dup := t.colIndex[c.Name.Name]; dup || (d.Key != nil && c.Name.Name == d.Key.Name && t.keyTyped) {
			s.duplicateColumn(t, c, first)
			continue
		}
		if d.Key != nil && c.Name.Name == d.Key.Name {
			s.keyColumn(t, c, typ)
			continue
		}
		if d.Kind == ast.FeatureTable {
			typ = typ.OrNull()
		}
		col := &colSym{name: c.Name.Name, typ: typ, decl: c, table: t, index: len(t.cols), planIdx: -1, refName: c.Name.Name, declSpan: c.Name.Sp}
		t.cols = append(t.cols, col)
		t.colIndex[col.name] = col
	}
	s.checkSpecialColumns(t)
}

// columnType parses a column's declared type, reporting unknown names.
func (s *state) columnType(t *tableSym, c *ast.Column) types.Type {
	if c.Type == nil || c.Type.Name == nil {
		return types.Type{}
	}
	k, ok := types.ParseKind(c.Type.Name.Name)
	if !ok {
		s.errorAt(t.file, diag.UnknownType, c.Type.Name.Sp,
			fmt.Sprintf("unknown type %q for column %s; the types are int, float, bool, string, time and duration%s",
				c.Type.Name.Name, c.Name.Name, didYouMean(c.Type.Name.Name, typeNames)))
		return types.Type{}
	}
	return types.Type{Kind: k, Nullable: c.Type.Nullable}
}

// duplicateColumn reports a column listed twice in one block.
func (s *state) duplicateColumn(t *tableSym, c *ast.Column, first *colSym) {
	if first == nil {
		first = &colSym{declSpan: t.decl.Key.Sp}
	}
	s.errorAt(t.file, diag.DuplicateColumn, c.Name.Sp,
		fmt.Sprintf("column %s is declared twice in %s %s; remove one", c.Name.Name, t.decl.Kind.Keyword(), t.name()),
		diag.Related{File: t.file, Span: first.declSpan, Message: "first declared here"})
}

// keyColumn records the type of a listed key column.
func (s *state) keyColumn(t *tableSym, c *ast.Column, typ types.Type) {
	t.keyTyped = true
	t.keyPII = c.PII != nil
	if !typ.IsValid() {
		return
	}
	if typ.Nullable || (typ.Kind != types.Int && typ.Kind != types.String) {
		s.errorAt(t.file, diag.BadKeyColumn, c.Type.Sp,
			fmt.Sprintf("key column %s of %s is %s, but keys must be int or string (not nullable); change its type", c.Name.Name, t.name(), typ))
		return
	}
	t.keyType = typ
}

// checkSpecialColumns checks the time and id columns of an event log.
func (s *state) checkSpecialColumns(t *tableSym) {
	d := t.decl
	if d.Kind != ast.EventsTable {
		return
	}
	if d.Time == nil {
		s.errorAt(t.file, diag.BadKeyColumn, d.Name.Sp, fmt.Sprintf("event log %s needs a time column: write `events %s key K time T { ... }`", t.name(), t.name()))
		return
	}
	if d.Key != nil && d.Time.Name == d.Key.Name {
		s.errorAt(t.file, diag.BadKeyColumn, d.Time.Sp, fmt.Sprintf("the time column of %s cannot also be its key column %s; name the event time column", t.name(), d.Key.Name))
	}
	if d.ID != nil && (d.ID.Name == d.Time.Name || (d.Key != nil && d.ID.Name == d.Key.Name)) {
		s.errorAt(t.file, diag.BadKeyColumn, d.ID.Sp, fmt.Sprintf("the id column of %s must differ from its key and time columns; name the event id column", t.name()))
	}
	if c, ok := t.colIndex[d.Time.Name]; ok && c.typ.IsValid() && c.typ != types.Of(types.Time) {
		s.errorAt(t.file, diag.BadKeyColumn, c.decl.Type.Sp,
			fmt.Sprintf("time column %s of %s is declared %s; it must be `time` (not nullable)", c.name, t.name(), c.typ))
	}
}

// addTimeColumn adds an unlisted time column to an event log.
func (s *state) addTimeColumn(t *tableSym) {
	d := t.decl
	if d.Time == nil || (d.Key != nil && d.Time.Name == d.Key.Name) {
		return
	}
	if c, ok := t.colIndex[d.Time.Name]; ok {
		t.timeCol = c
		return
	}
	c := &colSym{name: d.Time.Name, typ: types.Of(types.Time), table: t, index: len(t.cols), planIdx: -1, refName: d.Time.Name, declSpan: d.Time.Sp}
	t.cols = append(t.cols, c)
	t.colIndex[c.name] = c
	t.timeCol = c
}

// settleKeyType picks the module's key type and checks listed keys agree.
func (s *state) settleKeyType() {
	var first *tableSym
	for _, t := range append(append([]*tableSym(nil), s.tables...), s.logs...) {
		if !t.keyTyped || !t.keyType.IsValid() {
			continue
		}
		if first == nil {
			first = t
			continue
		}
		if t.keyType != first.keyType {
			s.errorAt(t.file, diag.BadKeyColumn, t.decl.Key.Sp,
				fmt.Sprintf("key %s of %s is %s, but key %s of %s is %s; all entity keys must have one type",
					t.decl.Key.Name, t.name(), t.keyType, first.decl.Key.Name, first.name(), first.keyType),
				diag.Related{File: first.file, Span: first.decl.Key.Sp, Message: "key type set here"})
		}
	}
	s.keyType = types.Of(types.Int)
	if first != nil {
		s.keyType = first.keyType
	}
}

// indexEntityColumns maps entity-level column names to their declarations
// and names ambiguous ones by table.
func (s *state) indexEntityColumns() {
	for _, t := range s.tables {
		for _, c := range t.cols {
			s.columns[c.name] = append(s.columns[c.name], c)
		}
	}
	for _, cs := range s.columns {
		if len(cs) > 1 {
			for _, c := range cs {
				c.refName = c.table.name() + "." + c.name
			}
		}
	}
}
