package format

import (
	"sort"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// printer lays out one file. src gives line numbers and blank lines; it may
// be nil for a hand-built tree, which then has no comments to place.
type printer struct {
	src *source.File
}

// slots are the comments attached to one item (a declaration, a block
// header, a column or a clause).
type slots struct {
	lead  []ast.Comment // own-line comments before the item
	inner []ast.Comment // comments inside the item's span
	trail *ast.Comment  // the comment after the item on its last line
}

// spread attaches each comment to one of items, spans in source order, and
// returns the comments after the last item that trail none of them.
func (p *printer) spread(cs []ast.Comment, items []source.Span) ([]slots, []ast.Comment) {
	att := make([]slots, len(items))
	var tail []ast.Comment
	for _, c := range sortedComments(cs) {
		i := sort.Search(len(items), func(i int) bool { return items[i].End > c.Sp.Start })
		switch {
		case i < len(items) && items[i].Start <= c.Sp.Start:
			att[i].inner = append(att[i].inner, c)
		case i > 0 && att[i-1].trail == nil && p.sameLine(items[i-1].End-1, c.Sp.Start):
			att[i-1].trail = &c
		case i < len(items):
			att[i].lead = append(att[i].lead, c)
		default:
			tail = append(tail, c)
		}
	}
	return att, tail
}

// sortedComments returns a copy of cs ordered by position.
func sortedComments(cs []ast.Comment) []ast.Comment {
	out := append([]ast.Comment(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sp.Start < out[j].Sp.Start })
	return out
}

// sameLine reports whether two offsets lie on one source line.
func (p *printer) sameLine(a, b int) bool {
	if p.src == nil {
		return false
	}
	return p.src.Position(max(a, 0)).Line == p.src.Position(b).Line
}

// blankBefore reports whether an empty line separates the text at off from
// whatever precedes it in the source.
func (p *printer) blankBefore(off int) bool {
	if p.src == nil {
		return false
	}
	newlines := 0
	for i := p.src.Clamp(off) - 1; i >= 0; i-- {
		switch p.src.Src[i] {
		case '\n':
			newlines++
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return newlines >= 2
		}
	}
	return false
}

// commentText is a comment as printed: without trailing white space.
func commentText(c ast.Comment) string {
	return strings.TrimRight(c.Text, " \t\r\f\v")
}

// trailText is the trailing comment in s, or "".
func trailText(s slots) string {
	if s.trail == nil {
		return ""
	}
	return commentText(*s.trail)
}

// commentLines prints own-line comments at indent, each keeping a blank line
// that preceded it in the source.
func (p *printer) commentLines(cs []ast.Comment, indent int) []line {
	out := make([]line, 0, len(cs))
	for _, c := range cs {
		out = append(out, line{indent: indent, comment: commentText(c), blank: p.blankBefore(c.Sp.Start)})
	}
	return out
}

// group prints an item with its comments: the own-line comments before it,
// then the comments from inside it, then its own lines. A blank line before
// the item in the source stays before the comments that moved out of it;
// those stick to the item.
func (p *printer) group(s slots, start, indent int, item []line) []line {
	out := p.commentLines(s.lead, indent)
	for i, c := range s.inner {
		out = append(out, line{indent: indent, comment: commentText(c), blank: i == 0 && p.blankBefore(start)})
	}
	if len(item) > 0 {
		item[0].blank = len(s.inner) == 0 && p.blankBefore(start)
	}
	return append(out, item...)
}

// groupStart is the source offset of the first line group prints: its first
// leading comment, else the item.
func groupStart(s slots, start int) int {
	if len(s.lead) > 0 {
		return s.lead[0].Sp.Start
	}
	return start
}
