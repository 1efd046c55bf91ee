package ast

import "reflect"

// Inspect calls f for n and, while f returns true, for each child of n in
// source order. It handles declarations and expressions.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for _, c := range Children(n) {
		Inspect(c, f)
	}
}

// Children returns the direct children of n in source order, skipping nil.
func Children(n Node) []Node {
	var out []Node
	add := func(cs ...Node) {
		for _, c := range cs {
			if !isNil(c) {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *TableDecl:
		add(n.Name, n.Key, n.Time, n.ID, n.Retention, n.From, n.Where)
		for _, c := range n.Columns {
			add(c)
		}
	case *Column:
		add(n.Name, n.Type, n.PII)
	case *TypeRef:
		add(n.Name)
	case *FeatureDecl:
		add(n.Name, n.Value)
	case *SegmentDecl:
		for _, p := range n.Path {
			add(p)
		}
		add(n.Description, n.Where, n.Require, n.Holdout)
	case *Holdout:
		add(n.Percent)
	case *BinaryExpr:
		add(n.X, n.Y)
	case *UnaryExpr:
		add(n.X)
	case *ParenExpr:
		add(n.X)
	case *SelectorExpr:
		add(n.X, n.Sel)
	case *CallExpr:
		add(n.Fun)
		for _, a := range n.Args {
			add(a)
		}
	case *QueryExpr:
		add(n.Source, n.Where, n.Within, n.Between)
	case *Window:
		add(n.From, n.To)
	case *RangeLit:
		add(n.Lo, n.Hi)
	case *ByArg:
		add(n.Key)
	case *ListLit:
		for _, e := range n.Elems {
			add(e)
		}
	default:
		out = append(out, laterChildren(n)...)
	}
	return out
}

// isNil reports whether a Node interface is nil or holds a nil pointer.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
