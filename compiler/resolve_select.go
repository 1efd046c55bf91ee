package compiler

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// dottedPath returns the identifiers of a chain a.b.c, or nil when e is not
// such a chain.
func dottedPath(e ast.Expr) []*ast.Ident {
	switch e := e.(type) {
	case *ast.Ident:
		return []*ast.Ident{e}
	case *ast.SelectorExpr:
		if head := dottedPath(e.X); head != nil && e.Sel != nil {
			return append(head, e.Sel)
		}
	}
	return nil
}

// joinPath returns "a.b.c".
func joinPath(path []*ast.Ident) string {
	names := make([]string, len(path))
	for i, p := range path {
		names[i] = p.Name
	}
	return strings.Join(names, ".")
}

// resolveSelector resolves table.col, log.col and nested segment names.
func (s *state) resolveSelector(sc scope, e *ast.SelectorExpr) {
	path := dottedPath(e)
	if path == nil {
		s.resolveExpr(sc, e.X)
		s.errorAt(sc.file, diag.UndefinedName, e.Sel.Sp,
			fmt.Sprintf(".%s can follow only a table, event log or segment name", e.Sel.Name))
		return
	}
	switch sym := s.byName[path[0].Name].(type) {
	case *tableSym:
		s.resolveTableColumn(sc, e, path, sym)
	case *segmentSym:
		s.resolveNestedSegment(sc, e, path)
	case *lifecycleSym:
		s.resolveStateRef(sc, e, path, sym)
	case *clusterSym:
		s.resolveClusterRef(sc, e, path, sym)
	case *featureSym:
		s.errorAt(sc.file, diag.UndefinedName, e.Sel.Sp,
			fmt.Sprintf("%s is a feature, a single value; it has no .%s", path[0].Name, e.Sel.Name))
	default:
		if sc.log != nil {
			s.unknownEventColumn(sc, sc.log, path[0])
		} else {
			s.unknownName(sc, path[0])
		}
	}
}

// resolveTableColumn resolves table.col or log.col.
func (s *state) resolveTableColumn(sc scope, e *ast.SelectorExpr, path []*ast.Ident, t *tableSym) {
	if len(path) != 2 {
		s.errorAt(sc.file, diag.UndefinedName, e.Sp, fmt.Sprintf("%s is not a column: write %s.COLUMN", joinPath(path), t.name()))
		return
	}
	col, ok := t.colIndex[path[1].Name]
	if !ok {
		s.unknownTableColumn(sc, t, path[1])
		return
	}
	isLog := t.decl.Kind == ast.EventsTable
	switch {
	case isLog && sc.log == nil:
		s.errorAt(sc.file, diag.BadAggregate, e.Sp,
			fmt.Sprintf("%s is an event column, which is read only through an aggregate, such as sum(%s) or last(%s)", joinPath(path), joinPath(path), joinPath(path)))
	case sc.log != nil && t != sc.log:
		s.errorAt(sc.file, diag.BadAggregate, e.Sp,
			fmt.Sprintf("this event query reads event log %s; it cannot read %s", sc.log.name(), joinPath(path)))
	case isLog:
		col.used = true
		s.refs[e] = ref{kind: refEventColumn, col: col}
	default:
		s.useColumn(e, col)
	}
}

// unknownTableColumn reports table.col naming no declared column.
func (s *state) unknownTableColumn(sc scope, t *tableSym, sel *ast.Ident) {
	var names []string
	for _, c := range t.cols {
		names = append(names, c.name)
	}
	what := map[ast.TableKind]string{ast.EntitiesTable: "entities table", ast.FeatureTable: "table", ast.EventsTable: "event log"}[t.decl.Kind]
	s.errorAt(sc.file, diag.UnknownColumn, sel.Sp,
		fmt.Sprintf("%s %s has no column %s%s", what, t.name(), sel.Name, didYouMean(sel.Name, names)),
		diag.Related{File: t.file, Span: t.decl.Name.Sp, Message: what + " declared here"})
}

// resolveNestedSegment resolves parent.child.
func (s *state) resolveNestedSegment(sc scope, e *ast.SelectorExpr, path []*ast.Ident) {
	name := joinPath(path)
	if sc.log != nil {
		s.unknownEventColumn(sc, sc.log, path[0])
		return
	}
	if seg, ok := s.byName[name].(*segmentSym); ok {
		s.refs[e] = ref{kind: refSegment, segment: seg}
		return
	}
	s.errorAt(sc.file, diag.UndefinedName, e.Sp,
		fmt.Sprintf("unknown segment %s%s", name, didYouMean(name, s.segmentNames())))
}
