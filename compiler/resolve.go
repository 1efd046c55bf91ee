package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// scope is where an expression is read: per entity (log == nil), or per
// event of an event log inside an event query or a log's where filter.
type scope struct {
	file *source.File
	log  *tableSym
}

// resolve binds every name of every expression. In entity scope a bare
// name is a feature, then a segment, then a column of the entities table
// or a joined table (qualify as table.col when two tables have it). In
// event scope a bare name is a column of the log.
func resolve(s *state) {
	for _, l := range s.logs {
		s.resolveExpr(scope{file: l.file, log: l}, l.decl.Where)
	}
	for _, f := range s.features {
		s.resolveExpr(scope{file: f.file}, f.decl.Value)
	}
	for _, seg := range s.segments {
		sc := scope{file: seg.file}
		s.resolveExpr(sc, seg.decl.Where)
		s.resolveExpr(sc, seg.decl.Require)
	}
	s.resolveTime()
	s.resolveClusters()
}

// resolveExpr resolves the names in e.
func (s *state) resolveExpr(sc scope, e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		s.resolveIdent(sc, e)
	case *ast.SelectorExpr:
		s.resolveSelector(sc, e)
	case *ast.BinaryExpr:
		s.resolveExpr(sc, e.X)
		s.resolveExpr(sc, e.Y)
	case *ast.UnaryExpr:
		s.resolveExpr(sc, e.X)
	case *ast.ParenExpr:
		s.resolveExpr(sc, e.X)
	case *ast.ListLit:
		for _, x := range e.Elems {
			s.resolveExpr(sc, x)
		}
	case *ast.CallExpr:
		s.resolveCall(sc, e)
	case *ast.QueryExpr:
		s.errorAt(sc.file, diag.BadAggregate, e.Sp,
			"`where` and `within` make an event query, which only an event aggregate takes, such as count(events where ...) or sum(events.amount where ...)")
	case *ast.ByArg:
		s.errorAt(sc.file, diag.BadArguments, e.Sp, "`by` groups only percentile(x, p, by key) and median(x, by key)")
	}
}

// resolveIdent resolves a bare name.
func (s *state) resolveIdent(sc scope, id *ast.Ident) {
	if sc.log != nil {
		s.resolveEventName(sc, id)
		return
	}
	switch sym := s.byName[id.Name].(type) {
	case *featureSym:
		s.refs[id] = ref{kind: refFeature, feature: sym}
		return
	case *segmentSym:
		s.refs[id] = ref{kind: refSegment, segment: sym}
		return
	case *tableSym:
		s.tableAsValue(sc, id, sym)
		return
	case *triggerSym:
		s.refs[id] = ref{kind: refTrigger, trigger: sym}
		return
	case *clusterSym:
		s.clusterAsValue(sc, id, sym)
		return
	case *lifecycleSym:
		s.errorAt(sc.file, diag.UndefinedName, id.Sp,
			fmt.Sprintf("%s is a lifecycle, not a value; write %s.STATE for a state, or time_in(%s)", id.Name, id.Name, id.Name))
		return
	}
	cols := s.columns[id.Name]
	switch len(cols) {
	case 0:
		s.unknownName(sc, id)
	case 1:
		s.useColumn(id, cols[0])
	default:
		s.errorAt(sc.file, diag.UndefinedName, id.Sp,
			fmt.Sprintf("column %s is declared in both %s and %s; write %s.%s or %s.%s",
				id.Name, cols[0].table.name(), cols[1].table.name(), cols[0].table.name(), id.Name, cols[1].table.name(), id.Name))
	}
}

// useColumn binds a name to an entity-level column.
func (s *state) useColumn(e ast.Expr, c *colSym) {
	c.used = true
	s.refs[e] = ref{kind: refColumn, col: c}
}

// tableAsValue reports a table or log name used where a value is expected.
func (s *state) tableAsValue(sc scope, id *ast.Ident, t *tableSym) {
	if t.decl.Kind == ast.EventsTable {
		s.errorAt(sc.file, diag.BadAggregate, id.Sp,
			fmt.Sprintf("event log %s can only be read through an aggregate, such as count(%s where ...) or sum(%s.COLUMN)", id.Name, id.Name, id.Name))
		return
	}
	s.errorAt(sc.file, diag.UndefinedName, id.Sp,
		fmt.Sprintf("%s is a table, not a value; name one of its columns, such as %s.COLUMN", id.Name, id.Name))
}

// unknownName reports an unknown bare name in entity scope.
func (s *state) unknownName(sc scope, id *ast.Ident) {
	for _, l := range s.logs {
		if c, ok := l.colIndex[id.Name]; ok {
			s.errorAt(sc.file, diag.BadAggregate, id.Sp,
				fmt.Sprintf("%s is a column of event log %s, which is read only through an aggregate, such as sum(%s.%s) or count(%s where %s ...)",
					id.Name, l.name(), l.name(), c.name, l.name(), c.name))
			return
		}
	}
	s.errorAt(sc.file, diag.UndefinedName, id.Sp,
		fmt.Sprintf("unknown name %s: no feature, segment or column has this name%s", id.Name, didYouMean(id.Name, s.visibleNames())))
}

// visibleNames lists the names an entity-level expression can use.
func (s *state) visibleNames() []string {
	var out []string
	for _, f := range s.features {
		out = append(out, f.decl.Name.Name)
	}
	out = append(out, s.segmentNames()...)
	for name := range s.columns {
		out = append(out, name)
	}
	return out
}

// resolveEventName resolves a bare name inside an event query.
func (s *state) resolveEventName(sc scope, id *ast.Ident) {
	if c, ok := sc.log.colIndex[id.Name]; ok {
		c.used = true
		s.refs[id] = ref{kind: refEventColumn, col: c}
		return
	}
	s.unknownEventColumn(sc, sc.log, id)
}

// unknownEventColumn reports a name that is not a column of the log.
func (s *state) unknownEventColumn(sc scope, log *tableSym, id *ast.Ident) {
	hint := ""
	if _, ok := s.byName[id.Name]; ok || len(s.columns[id.Name]) > 0 {
		hint = fmt.Sprintf(" (%s is an entity-level name; an event query reads only columns of its log)", id.Name)
	}
	var names []string
	for _, c := range log.cols {
		names = append(names, c.name)
	}
	s.errorAt(sc.file, diag.UnknownColumn, id.Sp,
		fmt.Sprintf("event log %s has no column %s%s%s", log.name(), id.Name, hint, didYouMean(id.Name, names)),
		diag.Related{File: log.file, Span: log.decl.Name.Sp, Message: "event log declared here"})
}
