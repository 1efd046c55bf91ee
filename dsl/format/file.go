package format

import (
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// file lays out the declarations in source order, then the comments after
// the last one.
func (p *printer) file(f *ast.File) []line {
	att, tail := p.spread(f.Comments, declSpans(f.Decls))
	names := p.featureNameWidths(f.Decls, att)
	var out []line
	prevOneLine := false
	for i, d := range f.Decls {
		lines, oneLine := p.decl(d, att[i], names[i])
		if len(lines) == 0 {
			continue
		}
		lines[0].blank = len(out) > 0 && (lines[0].blank || !prevOneLine || !oneLine)
		out = append(out, lines...)
		prevOneLine = oneLine
	}
	out = append(out, p.commentLines(tail, 0)...)
	if len(out) > 0 {
		out[0].blank = false
	}
	return out
}

// declSpans lists the spans of decls.
func declSpans(decls []ast.Decl) []source.Span {
	out := make([]source.Span, len(decls))
	for i, d := range decls {
		out[i] = d.Span()
	}
	return out
}

// featureNameWidths gives, for each feature, the widest name in its run of
// consecutive features with no blank line between them, so their `=` align.
func (p *printer) featureNameWidths(decls []ast.Decl, att []slots) []int {
	widths := make([]int, len(decls))
	for start := 0; start < len(decls); start++ {
		end := start
		widest := 0
		for end < len(decls) && p.inFeatureRun(decls, att, start, end) {
			widest = max(widest, width(identName(decls[end].(*ast.FeatureDecl).Name)))
			end++
		}
		for i := start; i < end; i++ {
			widths[i] = widest
		}
		start = max(start, end-1)
	}
	return widths
}

// inFeatureRun reports whether decls[i] is a feature that continues the run
// of features starting at decls[start].
func (p *printer) inFeatureRun(decls []ast.Decl, att []slots, start, i int) bool {
	if _, ok := decls[i].(*ast.FeatureDecl); !ok {
		return false
	}
	return i == start || !p.blankBefore(groupStart(att[i], decls[i].Span().Start))
}

// decl lays out one declaration with its comments and reports whether the
// declaration itself took a single line.
func (p *printer) decl(d ast.Decl, s slots, nameWidth int) ([]line, bool) {
	var own []line
	switch d := d.(type) {
	case *ast.FeatureDecl:
		own = []line{{text: featureText(d, nameWidth), comment: trailText(s)}}
		return p.group(s, d.Sp.Start, 0, own), true
	case *ast.TableDecl:
		own = p.table(d, s)
	case *ast.SegmentDecl:
		own = p.segment(d, s)
	case *ast.LifecycleDecl:
		own = p.lifecycle(d, s)
	case *ast.TriggerDecl:
		own = p.trigger(d, s)
	case *ast.ClusterDecl:
		own = p.cluster(d, s)
		if !hasClusterBlock(d) {
			return p.group(s, d.Sp.Start, 0, own), len(own) == 1
		}
	case *ast.TestDecl:
		own = p.test(d, s)
	case *ast.DestinationDecl:
		own = p.destination(d, s)
	}
	s.inner = nil // placed by table or segment
	return p.group(s, d.Span().Start, 0, own), len(own) == 1
}

// featureText is `feature NAME = EXPR` with the name padded to nameWidth.
func featureText(d *ast.FeatureDecl, nameWidth int) string {
	return "feature " + pad(identName(d.Name), nameWidth) + " = " + exprString(d.Value)
}
