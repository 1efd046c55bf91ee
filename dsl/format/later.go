package format

import (
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// lifecycle lays out a lifecycle: initial, terminal, then the transitions
// in source order with their states aligned.
func (p *printer) lifecycle(d *ast.LifecycleDecl, s slots) []line {
	header := p.headerSpan(d.Sp.Start, d.Name.Sp.End)
	var items []item
	if d.Initial != nil {
		items = append(items, textItem(d.Initial.Sp, "initial "+identName(d.Initial)))
	}
	if n := len(d.Terminal); n > 0 {
		sp := d.Terminal[0].Sp.Join(d.Terminal[n-1].Sp)
		items = append(items, textItem(sp, "terminal "+identList(d.Terminal)))
	}
	from, to := 0, 0
	for _, t := range d.Transitions {
		from, to = max(from, width(identName(t.From))), max(to, width(identName(t.To)))
	}
	for _, t := range d.Transitions {
		items = append(items, item{sp: t.Sp, lines: transitionLines(t, from, to)})
	}
	return p.block("lifecycle "+identName(d.Name), header, s.inner, items, trailText(s))
}

// transitionLines is `FROM -> TO  when C` or `FROM -> TO  on EVENTS`, the
// states padded to the given widths.
func transitionLines(t *ast.Transition, from, to int) []line {
	lead := pad(identName(t.From), from) + " -> " + pad(identName(t.To), to) + "  "
	if t.When != nil {
		return clauseLines(indentStep, lead+"when", t.When)
	}
	return eventLines(lead+"on", t.On)
}

// eventLines prints `keyword LOG [where F]`, breaking a long filter like a
// where clause.
func eventLines(keyword string, m *ast.EventMatch) []line {
	if m == nil {
		return []line{{indent: indentStep, text: keyword}}
	}
	head := keyword + " " + identName(m.Log)
	if m.Where == nil {
		return []line{{indent: indentStep, text: head}}
	}
	return clauseLines(indentStep, head+" where", m.Where)
}

// eventText is `LOG [where F]` on one line.
func eventText(m *ast.EventMatch) string {
	if m == nil {
		return ""
	}
	if m.Where == nil {
		return identName(m.Log)
	}
	return identName(m.Log) + " where " + exprString(m.Where)
}

// trigger lays out a trigger in canonical clause order: on, wait, enter,
// exit.
func (p *printer) trigger(d *ast.TriggerDecl, s slots) []line {
	header := p.headerSpan(d.Sp.Start, d.Name.Sp.End)
	var items []item
	if d.On != nil {
		items = append(items, item{sp: d.On.Sp, lines: eventLines("on", d.On)})
	}
	if d.Wait != nil {
		sp, text := d.Wait.Span(), "wait "+exprString(d.Wait)
		if d.Unless != nil {
			sp, text = sp.Join(d.Unless.Sp), text+" unless "+eventText(d.Unless)
		}
		items = append(items, textItem(sp, text))
	}
	if d.Enter != nil {
		sp, text := d.Enter.Sp, "enter "+identName(d.Enter)
		if d.For != nil {
			sp, text = sp.Join(d.For.Span()), text+" for "+exprString(d.For)
		}
		items = append(items, textItem(sp, text))
	}
	if d.ExitOn != nil {
		items = append(items, item{sp: d.ExitOn.Sp, lines: eventLines("exit on", d.ExitOn)})
	}
	return p.block("trigger "+identName(d.Name), header, s.inner, items, trailText(s))
}

// hasClusterBlock reports whether a cluster segment has clauses to print
// in a block.
func hasClusterBlock(d *ast.ClusterDecl) bool { return d.NameBy != nil || d.RetrainEvery != nil }

// cluster lays out `segment NAME = cluster(...)`, its arguments filled
// into lines of at most maxWidth, and its block when it has clauses.
func (p *printer) cluster(d *ast.ClusterDecl, s slots) []line {
	head := clusterHead(d)
	if !hasClusterBlock(d) {
		head[len(head)-1].comment = trailText(s)
		return head
	}
	end := d.Algorithm.Sp.End
	if n := len(d.Args); n > 0 {
		end = d.Args[n-1].Sp.End
	}
	header := p.headerSpan(d.Sp.Start, p.punctEnd(end, ')'))
	var items []item
	if n := d.NameBy; n != nil {
		items = append(items, textItem(n.Sp, namingText(n)))
	}
	if d.RetrainEvery != nil {
		items = append(items, textItem(d.RetrainEvery.Span(), "retrain every "+exprString(d.RetrainEvery)))
	}
	return p.blockLines(head, header, s.inner, items, trailText(s))
}

// clusterHead fills `segment NAME = cluster(ALGO, ARG=V, ...)` into lines,
// continuation lines aligned after the opening parenthesis. The last line
// leaves room for " {".
func clusterHead(d *ast.ClusterDecl) []line {
	open := "segment " + identName(d.Name) + " = cluster("
	parts := []string{identName(d.Algorithm)}
	for _, a := range d.Args {
		parts = append(parts, identName(a.Name)+"="+exprString(a.Value))
	}
	var out []line
	cur := open
	for i, part := range parts {
		sep := ", "
		if i == len(parts)-1 {
			part += ")"
		}
		if i == 0 {
			sep = ""
		}
		if i > 0 && width(cur)+len(sep)+width(part)+2 > maxWidth {
			out = append(out, line{text: cur + ","})
			cur, sep = strings.Repeat(" ", width(open)), ""
		}
		cur += sep + part
	}
	if len(parts) == 0 {
		cur += ")"
	}
	return append(out, line{text: cur})
}

// namingText is `name by FEATURE [desc]: NAME, ...`.
func namingText(n *ast.ClusterNaming) string {
	text := "name by " + exprString(n.Feature)
	if n.Desc {
		text += " desc"
	}
	return text + ": " + identList(n.Names)
}

// test lays out a test: as_of, the given blocks, then the expect lines.
func (p *printer) test(d *ast.TestDecl, s slots) []line {
	header := p.headerSpan(d.Sp.Start, d.Name.Sp.End)
	var items []item
	if d.AsOf != nil {
		items = append(items, textItem(d.AsOf.Sp, "as_of "+d.AsOf.Raw))
	}
	for _, g := range d.Givens {
		items = append(items, item{sp: g.Sp, nested: p.givenLines(g)})
	}
	for _, e := range d.Expects {
		items = append(items, textItem(e.Sp, expectText(e)))
	}
	return p.block("test "+d.Name.Raw, header, s.inner, items, trailText(s))
}

// givenLines lays out `given TABLE(COLS) { rows }` one level in, with the
// comments inside it.
func (p *printer) givenLines(g *ast.Given) func([]ast.Comment) []line {
	return func(inner []ast.Comment) []line {
		end := g.Table.Sp.End
		if n := len(g.Columns); n > 0 {
			end = p.punctEnd(g.Columns[n-1].Sp.End, ')')
		}
		header := p.headerSpan(g.Sp.Start, end)
		rows := make([]item, len(g.Rows))
		for i, r := range g.Rows {
			rows[i] = textItem(r.Sp, exprString(r))
		}
		head := "given " + identName(g.Table) + "(" + identList(g.Columns) + ")"
		lines := p.block(head, header, inner, rows, "")
		for i := range lines {
			lines[i].indent += indentStep
		}
		return lines
	}
}

// expectText is `expect PATH OP [keys]`.
func expectText(e *ast.Expect) string {
	keys := "[]"
	if e.Keys != nil {
		keys = exprString(e.Keys)
	}
	return "expect " + identPath(e.Segment) + " " + e.Op + " " + keys
}

// textItem is a one-line block item at the block's indentation.
func textItem(sp source.Span, text string) item {
	return item{sp: sp, lines: []line{{indent: indentStep, text: text}}}
}

// identList joins names with ", ".
func identList(ids []*ast.Ident) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = identName(id)
	}
	return strings.Join(names, ", ")
}

// identPath joins names with ".".
func identPath(ids []*ast.Ident) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = identName(id)
	}
	return strings.Join(names, ".")
}
