package format

import (
	"sort"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// indentStep is the indentation of a block's contents.
const indentStep = 2

// item is one line-group inside a block: a column or a segment clause.
// An item holding a block of its own has nested instead of lines: it lays
// the item out with the comments inside its span.
type item struct {
	sp     source.Span
	lines  []line
	nested func(inner []ast.Comment) []line
}

// block lays out `head {`, the items with their comments, the comments that
// end the block, and `}` carrying trail. Items print in the order given,
// each with the comments next to it in the source. An empty block with no
// comments is `head {}` on one line. inner holds the comments inside the
// declaration; header spans the declaration from its start through `{`.
func (p *printer) block(head string, header source.Span, inner []ast.Comment, items []item, trail string) []line {
	return p.blockLines([]line{{text: head}}, header, inner, items, trail)
}

// blockLines is block with a head of one or more lines.
func (p *printer) blockLines(head []line, header source.Span, inner []ast.Comment, items []item, trail string) []line {
	hs, att, tail := p.spreadItems(header, inner, items)
	head = append([]line(nil), head...)
	last := &head[len(head)-1]
	if len(items) == 0 && len(tail) == 0 && hs.trail == nil {
		last.text, last.comment = last.text+" {}", trail
		return p.group(slots{inner: hs.inner}, header.Start, 0, head)
	}
	last.text, last.comment = last.text+" {", trailText(hs)
	out := p.group(slots{inner: hs.inner}, header.Start, 0, head)
	for i, it := range items {
		lines := it.lines
		if it.nested != nil {
			lines, att[i].inner = it.nested(att[i].inner), nil
		}
		own := append([]line(nil), lines...)
		own[len(own)-1].comment = trailText(att[i])
		ls := p.group(att[i], it.sp.Start, indentStep, own)
		ls[0].blank = i > 0 && p.blankBefore(groupStart(att[i], it.sp.Start))
		out = append(out, ls...)
	}
	tl := p.commentLines(tail, indentStep)
	if len(items) == 0 && len(tl) > 0 {
		tl[0].blank = false
	}
	out = append(out, tl...)
	return append(out, line{text: "}", comment: trail})
}

// spreadItems attaches the comments inside a declaration to its header and
// its items, taken in source order, and returns the header's comments, each
// item's comments (indexed like items) and the comments ending the block.
func (p *printer) spreadItems(header source.Span, inner []ast.Comment, items []item) (slots, []slots, []ast.Comment) {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return items[order[a]].sp.Start < items[order[b]].sp.Start })
	spans := []source.Span{header}
	for _, i := range order {
		spans = append(spans, items[i].sp)
	}
	att, tail := p.spread(inner, spans)
	byItem := make([]slots, len(items))
	for k, i := range order {
		byItem[i] = att[k+1]
	}
	return att[0], byItem, tail
}

// headerSpan is the span from a declaration's start through its `{`.
func (p *printer) headerSpan(start, lastEnd int) source.Span {
	return source.Span{Start: start, End: p.braceEnd(lastEnd)}
}

// braceEnd returns the offset just past the `{` that follows off across
// white space and comments, or off when there is none.
func (p *printer) braceEnd(off int) int { return p.punctEnd(off, '{') }

// punctEnd returns the offset just past the character ch that follows off
// across white space and comments, or off when there is none.
func (p *printer) punctEnd(off int, ch byte) int {
	if p.src == nil {
		return off
	}
	src := p.src.Src
	for i := p.src.Clamp(off); i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r', '\n', '\f', '\v':
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case ch:
			return i + 1
		default:
			return off
		}
	}
	return off
}

// joinWords joins the non-empty words with single spaces.
func joinWords(words ...string) string {
	var kept []string
	for _, w := range words {
		if w != "" {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}
