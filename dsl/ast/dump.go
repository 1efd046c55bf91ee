package ast

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/source"
)

// Dump renders a file as an indented tree for debugging and golden tests:
// one node per line with its kind, name or value and span as [start,end).
func Dump(f *File) string {
	var b strings.Builder
	fmt.Fprintf(&b, "File %s\n", f.Source.Name)
	for _, d := range f.Decls {
		dumpNode(&b, d, 1)
	}
	for _, c := range f.Comments {
		fmt.Fprintf(&b, "  Comment %q %s\n", c.Text, spanText(c.Sp))
	}
	return b.String()
}

// DumpNode renders one node and its children like Dump.
func DumpNode(n Node) string {
	var b strings.Builder
	dumpNode(&b, n, 0)
	return b.String()
}

// dumpNode writes n at the given depth, then its children.
func dumpNode(b *strings.Builder, n Node, depth int) {
	dumpLabeled(b, "", n, depth)
}

// dumpLabeled writes one node, prefixed by the role it plays in its parent
// when a bare kind would be ambiguous (a segment's where versus require).
func dumpLabeled(b *strings.Builder, label string, n Node, depth int) {
	if isNil(n) {
		return
	}
	fmt.Fprintf(b, "%s%s%s %s\n", strings.Repeat("  ", depth), label, describe(n), spanText(n.Span()))
	for _, c := range labeledChildren(n) {
		dumpLabeled(b, c.label, c.node, depth+1)
	}
}

// labeledChild is a child node with its role.
type labeledChild struct {
	label string
	node  Node
}

// labeledChildren names the optional children of declarations and queries
// and leaves the rest unlabeled.
func labeledChildren(n Node) []labeledChild {
	var out []labeledChild
	add := func(label string, c Node) { out = append(out, labeledChild{label, c}) }
	switch n := n.(type) {
	case *TableDecl:
		add("name: ", n.Name)
		add("key: ", n.Key)
		add("time: ", n.Time)
		add("id: ", n.ID)
		add("retention: ", n.Retention)
		add("from: ", n.From)
		add("where: ", n.Where)
		for _, c := range n.Columns {
			add("", c)
		}
	case *SegmentDecl:
		for _, p := range n.Path {
			add("path: ", p)
		}
		add("description: ", n.Description)
		add("where: ", n.Where)
		add("require: ", n.Require)
		add("holdout: ", n.Holdout)
	case *QueryExpr:
		add("source: ", n.Source)
		add("where: ", n.Where)
		add("within: ", n.Within)
		add("between: ", n.Between)
	case *Window:
		add("from: ", n.From)
		add("to: ", n.To)
	case *LifecycleDecl:
		add("name: ", n.Name)
		add("initial: ", n.Initial)
		for _, t := range n.Terminal {
			add("terminal: ", t)
		}
		for _, t := range n.Transitions {
			add("", t)
		}
	case *Transition:
		add("from: ", n.From)
		add("to: ", n.To)
		add("when: ", n.When)
		add("on: ", n.On)
	case *TriggerDecl:
		add("name: ", n.Name)
		add("on: ", n.On)
		add("wait: ", n.Wait)
		add("unless: ", n.Unless)
		add("enter: ", n.Enter)
		add("for: ", n.For)
		add("exit on: ", n.ExitOn)
	default:
		out = append(out, laterLabeledChildren(n)...)
	}
	return out
}

// laterLabeledChildren labels the children of cluster and test nodes.
func laterLabeledChildren(n Node) []labeledChild {
	var out []labeledChild
	add := func(label string, c Node) { out = append(out, labeledChild{label, c}) }
	switch n := n.(type) {
	case *ClusterDecl:
		add("name: ", n.Name)
		add("algorithm: ", n.Algorithm)
		for _, a := range n.Args {
			add("", a)
		}
		add("name by: ", n.NameBy)
		add("retrain every: ", n.RetrainEvery)
	case *DestinationDecl:
		add("name: ", n.Name)
		add("url: ", n.URL)
		for _, r := range n.Segments {
			add("segment: ", r)
		}
		add("secret_env: ", n.SecretEnv)
		add("secret: ", n.Secret)
		for _, st := range n.Settings() {
			add("", st)
		}
	case *Column:
		add("", n.Name)
		add("", n.Type)
		add("pii: ", n.PII)
	case *TestDecl:
		add("name: ", n.Name)
		add("as_of: ", n.AsOf)
		for _, g := range n.Givens {
			add("", g)
		}
		for _, e := range n.Expects {
			add("", e)
		}
	default:
		for _, c := range Children(n) {
			add("", c)
		}
	}
	return out
}

// spanText prints a span as [start,end).
func spanText(s source.Span) string { return fmt.Sprintf("[%d,%d)", s.Start, s.End) }

// describe is a node's kind and its own data, without children.
func describe(n Node) string {
	switch n := n.(type) {
	case *TableDecl:
		return "TableDecl " + n.Kind.Keyword()
	case *Ident:
		return fmt.Sprintf("Ident %q", n.Name)
	case *TypeRef:
		if n.Nullable {
			return "TypeRef nullable"
		}
		return "TypeRef"
	case *SegmentDecl:
		return fmt.Sprintf("SegmentDecl %q", n.Name())
	case *BinaryExpr:
		return fmt.Sprintf("BinaryExpr %q op%s", n.Op, spanText(n.OpSp))
	case *UnaryExpr:
		return fmt.Sprintf("UnaryExpr %q", n.Op)
	case *NumberLit:
		return describeNumber(n)
	case *DurationLit:
		return fmt.Sprintf("DurationLit %s seconds=%d", n.Text, n.Seconds)
	case *StringLit:
		return fmt.Sprintf("StringLit %q", n.Value)
	case *BoolLit:
		return fmt.Sprintf("BoolLit %t", n.Value)
	case *ClusterNaming:
		return fmt.Sprintf("ClusterNaming desc=%t", n.Desc)
	case *Expect:
		return fmt.Sprintf("Expect %q", n.Op)
	case *ClusterDecl:
		return fmt.Sprintf("ClusterDecl keyword%s", spanText(n.KeywordSp))
	case *DestinationDecl:
		return fmt.Sprintf("DestinationDecl %q", n.Name.Name)
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
}

// describeNumber shows a number's text and parsed value.
func describeNumber(n *NumberLit) string {
	if n.IsInt {
		return fmt.Sprintf("NumberLit %s int=%d", n.Text, n.Int)
	}
	return fmt.Sprintf("NumberLit %s float=%g", n.Text, n.Float)
}
