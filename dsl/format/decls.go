package format

import (
	"reflect"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// table lays out an entities, table or events declaration.
func (p *printer) table(d *ast.TableDecl, s slots) []line {
	header := p.headerSpan(d.Sp.Start, tableHeaderEnd(d))
	return p.block(tableHead(d), header, s.inner, p.columns(d.Columns, header, s.inner), trailText(s))
}

// tableHead is the declaration line before `{`.
func tableHead(d *ast.TableDecl) string {
	words := []string{d.Kind.Keyword(), identName(d.Name), "key", identName(d.Key)}
	if d.Time != nil {
		words = append(words, "time", d.Time.Name)
	}
	if d.ID != nil {
		words = append(words, "id", d.ID.Name)
	}
	if d.Retention != nil {
		words = append(words, "retention", d.Retention.Text)
	}
	if d.From != nil {
		words = append(words, "from", d.From.Raw)
	}
	if d.Where != nil {
		words = append(words, "where", exprString(d.Where))
	}
	return joinWords(words...)
}

// tableHeaderEnd is the end of the last header element written before `{`.
func tableHeaderEnd(d *ast.TableDecl) int {
	end := d.Sp.Start
	for _, n := range []ast.Node{d.Name, d.Key, d.Time, d.ID, d.Retention, d.From, d.Where} {
		if !isNilNode(n) {
			end = max(end, n.Span().End)
		}
	}
	return end
}

// columns lays out a table's columns: names padded so the types line up
// within each run of columns not broken by a blank line.
func (p *printer) columns(cols []*ast.Column, header source.Span, inner []ast.Comment) []item {
	widths := p.columnNameWidths(cols, header, inner)
	out := make([]item, len(cols))
	for i, c := range cols {
		text := pad(identName(c.Name), widths[i]+2) + typeText(c.Type)
		if c.PII != nil {
			text += " pii"
		}
		out[i] = item{sp: c.Sp, lines: []line{{indent: indentStep, text: strings.TrimRight(text, " ")}}}
	}
	return out
}

// columnNameWidths gives each column the widest name of its section, a run
// of columns with no blank line before any but the first.
func (p *printer) columnNameWidths(cols []*ast.Column, header source.Span, inner []ast.Comment) []int {
	items := make([]item, len(cols))
	for i, c := range cols {
		items[i] = item{sp: c.Sp}
	}
	_, att, _ := p.spreadItems(header, inner, items)
	widths := make([]int, len(cols))
	for start := 0; start < len(cols); {
		end := start + 1
		for end < len(cols) && !p.blankBefore(groupStart(att[end], cols[end].Sp.Start)) {
			end++
		}
		widest := 0
		for _, c := range cols[start:end] {
			widest = max(widest, width(identName(c.Name)))
		}
		for i := start; i < end; i++ {
			widths[i] = widest
		}
		start = end
	}
	return widths
}

// typeText is a column type such as `float?`.
func typeText(t *ast.TypeRef) string {
	if t == nil {
		return ""
	}
	if t.Nullable {
		return identName(t.Name) + "?"
	}
	return identName(t.Name)
}

// segment lays out a segment with its clauses in canonical order:
// description, where, require, holdout.
func (p *printer) segment(d *ast.SegmentDecl, s slots) []line {
	end := d.Sp.Start
	for _, id := range d.Path {
		end = max(end, id.Sp.End)
	}
	header := p.headerSpan(d.Sp.Start, end)
	return p.block("segment "+segmentName(d), header, s.inner, clauses(d), trailText(s))
}

// segmentName is the dotted path as written.
func segmentName(d *ast.SegmentDecl) string {
	names := make([]string, len(d.Path))
	for i, id := range d.Path {
		names[i] = identName(id)
	}
	return strings.Join(names, ".")
}

// clauses lays out the clauses a segment has, in canonical order.
func clauses(d *ast.SegmentDecl) []item {
	var out []item
	if d.Description != nil {
		out = append(out, item{sp: d.Description.Sp, lines: []line{{indent: indentStep, text: "description " + d.Description.Raw}}})
	}
	if d.Where != nil {
		out = append(out, item{sp: d.Where.Span(), lines: clauseLines(indentStep, "where", d.Where)})
	}
	if d.Require != nil {
		out = append(out, item{sp: d.Require.Span(), lines: clauseLines(indentStep, "require", d.Require)})
	}
	if d.Holdout != nil {
		out = append(out, item{sp: d.Holdout.Sp, lines: []line{{indent: indentStep, text: holdoutText(d.Holdout)}}})
	}
	return out
}

// holdoutText is `holdout N%`.
func holdoutText(h *ast.Holdout) string {
	if h.Percent == nil {
		return "holdout"
	}
	return "holdout " + h.Percent.Text + "%"
}

// isNilNode reports whether n is nil or a typed nil pointer.
func isNilNode(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
