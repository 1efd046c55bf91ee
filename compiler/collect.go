package compiler

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// reservedLabels may not name a segment or a part of a nested segment's
// path: storage uses them for holdout groups and DBSCAN noise.
var reservedLabels = map[string]bool{"holdout": true, "noise": true}

// collect builds the symbol tables of every file: one namespace for tables,
// event logs, features and segments (segments by dotted name), then the
// columns of each table, the entity key type and segment parents.
func collect(s *state) {
	var joined []*tableSym
	for _, f := range s.files {
		for _, d := range f.Decls {
			if t := s.collectDecl(f.Source, d); t != nil {
				joined = append(joined, t)
			}
		}
	}
	if s.entities != nil {
		s.tables = append(s.tables, s.entities)
	}
	s.tables = append(s.tables, joined...)
	for i, t := range s.tables {
		t.index = i
	}
	s.collectColumns()
	s.linkParents()
}

// collectDecl records one declaration; it returns joined tables, which are
// ordered after the entities table.
func (s *state) collectDecl(f *source.File, d ast.Decl) *tableSym {
	switch d := d.(type) {
	case *ast.TableDecl:
		return s.collectTable(f, d)
	case *ast.FeatureDecl:
		if d.Name != nil && s.declare(f, d.Name.Name, d.Name.Sp, "feature") {
			sym := &featureSym{decl: d, file: f, index: len(s.features)}
			s.features = append(s.features, sym)
			s.byName[d.Name.Name] = sym
		}
	case *ast.SegmentDecl:
		s.collectSegment(f, d)
	case *ast.LifecycleDecl:
		s.collectLifecycle(f, d)
	case *ast.TriggerDecl:
		s.collectTrigger(f, d)
	case *ast.ClusterDecl:
		s.collectCluster(f, d)
	}
	return nil
}

// collectTable records a table declaration.
func (s *state) collectTable(f *source.File, d *ast.TableDecl) *tableSym {
	if d.Name == nil || !s.declare(f, d.Name.Name, d.Name.Sp, d.Kind.Keyword()) {
		return nil
	}
	if d.Key == nil {
		s.errorAt(f, diag.BadKeyColumn, d.Name.Sp, fmt.Sprintf("%s %s needs a key column: write `%s %s key COLUMN ...`", d.Kind.Keyword(), d.Name.Name, d.Kind.Keyword(), d.Name.Name))
		return nil
	}
	t := &tableSym{decl: d, file: f, colIndex: map[string]*colSym{}}
	switch d.Kind {
	case ast.EntitiesTable:
		if s.entities != nil {
			first := s.entities
			s.errorAt(f, diag.MultipleEntities, d.Name.Sp,
				fmt.Sprintf("a module has one entities declaration, but %s is a second one; declare %s as `table %s key ...` to join its columns",
					d.Name.Name, d.Name.Name, d.Name.Name),
				diag.Related{File: first.file, Span: first.decl.Name.Sp, Message: "entities declared here"})
			return nil
		}
		s.entities = t
	case ast.EventsTable:
		t.index = len(s.logs)
		s.logs = append(s.logs, t)
	}
	s.byName[d.Name.Name] = t
	if d.Kind == ast.FeatureTable {
		return t
	}
	return nil
}

// collectSegment records a segment declaration by its dotted name.
func (s *state) collectSegment(f *source.File, d *ast.SegmentDecl) {
	if len(d.Path) == 0 {
		return
	}
	for _, p := range d.Path {
		if p != nil && reservedLabels[p.Name] {
			s.errorAt(f, diag.ReservedName, p.Sp,
				fmt.Sprintf("%q is reserved for the segments segc makes itself (holdout groups and clustering noise); choose another name", p.Name))
			return
		}
	}
	name := d.Name()
	span := d.Path[0].Sp.Join(d.Path[len(d.Path)-1].Sp)
	if !s.declare(f, name, span, "segment") {
		return
	}
	sym := &segmentSym{decl: d, file: f, index: len(s.segments), name: name}
	s.segments = append(s.segments, sym)
	s.byName[name] = sym
}

// declare registers a module-level name, reporting a duplicate.
func (s *state) declare(f *source.File, name string, span source.Span, what string) bool {
	if first, ok := s.decls[name]; ok {
		s.errorAt(f, diag.DuplicateDecl, span,
			fmt.Sprintf("%s is already declared as a %s in this module; rename one of them (all .seg files of a directory share one namespace)", name, first.what),
			diag.Related{File: first.file, Span: first.span, Message: "first declared here"})
		return false
	}
	s.decls[name] = declSite{file: f, span: span, what: what}
	return true
}

// linkParents sets each nested segment's parent, reporting missing ones.
func (s *state) linkParents() {
	for _, seg := range s.segments {
		path := seg.decl.Path
		if len(path) < 2 {
			continue
		}
		parentName := seg.name[:strings.LastIndex(seg.name, ".")]
		if p, ok := s.byName[parentName].(*segmentSym); ok {
			seg.parent = p
			continue
		}
		span := path[0].Sp.Join(path[len(path)-2].Sp)
		s.errorAt(seg.file, diag.UnknownParent, span,
			fmt.Sprintf("segment %s is nested in %s, which is not declared; declare `segment %s { ... }` first%s",
				seg.name, parentName, parentName, didYouMean(parentName, s.segmentNamesExcept(seg))))
	}
}

// segmentNamesExcept lists every segment name but seg's and its children's.
func (s *state) segmentNamesExcept(seg *segmentSym) []string {
	var out []string
	for _, n := range s.segmentNames() {
		if n != seg.name && !strings.HasPrefix(n, seg.name+".") {
			out = append(out, n)
		}
	}
	return out
}

// segmentNames lists every declared segment name.
func (s *state) segmentNames() []string {
	var out []string
	for _, seg := range s.segments {
		out = append(out, seg.name)
	}
	return out
}
