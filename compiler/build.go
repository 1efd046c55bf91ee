package compiler

import (
	"github.com/segc/segc/compiler/plan"
)

// build assembles the immutable plan when no error was reported.
func build(s *state) {
	if s.diags.HasErrors() {
		return
	}
	p := &plan.Plan{KeyType: s.keyType, Aggregates: s.aggregates, Thresholds: s.thresholds, Steps: s.steps}
	for _, t := range s.tables {
		pt := s.planTable(t)
		if t == s.entities {
			p.Entities = pt
		} else {
			p.Tables = append(p.Tables, pt)
		}
	}
	for _, c := range s.usedColumns {
		p.Columns = append(p.Columns, s.columnOf(c))
	}
	for i, l := range s.logs {
		p.Logs = append(p.Logs, s.planLog(l, s.logFilters[i]))
	}
	for _, f := range s.features {
		p.Features = append(p.Features, &plan.Feature{Index: f.index, Name: f.decl.Name.Name, Value: f.value, Type: f.typ,
			Loc: plan.Loc{File: f.file, Span: f.decl.Sp}})
	}
	for _, seg := range s.segments {
		p.Segments = append(p.Segments, planSegment(seg))
	}
	p.Lifecycles = s.planLifecycles()
	p.Triggers = s.planTriggers()
	p.Clusters = s.planClusters()
	p.Destinations = s.dests
	p.Hash = p.ComputeHash()
	s.plan = p
}

// planTable converts an entities or joined table; its columns are shared
// with Plan.Columns for the used ones.
func (s *state) planTable(t *tableSym) *plan.Table {
	pt := &plan.Table{Name: t.name(), SQLTable: sqlTable(t), Key: t.decl.Key.Name, KeyType: s.keyType,
		KeyPII: t.keyPII, Loc: plan.Loc{File: t.file, Span: t.decl.Sp}}
	for _, c := range t.cols {
		pt.Columns = append(pt.Columns, s.columnOf(c))
	}
	return pt
}

// columnOf returns the one plan.Column for a column symbol.
func (s *state) columnOf(c *colSym) *plan.Column {
	if s.planColumns == nil {
		s.planColumns = map[*colSym]*plan.Column{}
	}
	if pc, ok := s.planColumns[c]; ok {
		return pc
	}
	pc := &plan.Column{Table: c.table.name(), SQLTable: sqlTable(c.table), Name: c.name, Type: c.typ,
		Index: c.planIdx, Used: c.used, PII: c.decl != nil && c.decl.PII != nil, Loc: plan.Loc{File: c.table.file, Span: c.declSpan}}
	s.planColumns[c] = pc
	return pc
}

// sqlTable returns the database table of a declaration.
func sqlTable(t *tableSym) string {
	if t.decl.From != nil {
		return t.decl.From.Value
	}
	return t.name()
}

// planLog converts an event log.
func (s *state) planLog(l *tableSym, filter plan.Expr) *plan.EventLog {
	pl := &plan.EventLog{Index: l.index, Name: l.name(), SQLTable: sqlTable(l), Key: l.decl.Key.Name, KeyType: s.keyType,
		Time: l.decl.Time.Name, Filter: filter, Loc: plan.Loc{File: l.file, Span: l.decl.Sp}}
	if l.decl.ID != nil {
		pl.ID = l.decl.ID.Name
	}
	for _, c := range l.cols {
		pl.Columns = append(pl.Columns, &plan.EventColumn{Name: c.name, Type: c.typ, Used: c.used,
			PII: c.decl != nil && c.decl.PII != nil, Loc: plan.Loc{File: l.file, Span: c.declSpan}})
	}
	return pl
}

// planSegment converts a segment.
func planSegment(seg *segmentSym) *plan.Segment {
	ps := &plan.Segment{Index: seg.index, Name: seg.name, Parent: -1, Where: seg.where, Require: seg.require,
		Holdout: seg.holdout, Loc: plan.Loc{File: seg.file, Span: seg.decl.Sp}}
	if seg.parent != nil {
		ps.Parent = seg.parent.index
	}
	if seg.decl.Description != nil {
		ps.Description = seg.decl.Description.Value
	}
	return ps
}
