package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/internal/grammar"
)

// destination converts a destination declaration. Each clause comes at
// most once (E0105); url and segments are required.
func (c *converter) destination(g *grammar.DestDecl) *ast.DestinationDecl {
	d := &ast.DestinationDecl{Name: ident(g.Name), Sp: spanOf(g.Tokens)}
	eachOnce(c, g.Clauses, func(cl *grammar.DestClause) []lexer.Token { return cl.Tokens },
		"destination "+d.Name.Name, "line", func(cl *grammar.DestClause) { c.destClause(d, cl) })
	if d.URL == nil {
		c.missing(d.Name, "destination", "a `url \"https://...\"` line: where to post the changes")
	}
	if d.Segments == nil {
		c.missing(d.Name, "destination", "a `segments NAME, ...` line: whose enters and exits to send")
	}
	return d
}

// destClause fills one destination clause.
func (c *converter) destClause(d *ast.DestinationDecl, cl *grammar.DestClause) {
	switch {
	case cl.URL != nil:
		d.URL = c.stringLit(cl.URL)
	case cl.Segments != nil:
		for _, r := range cl.Segments {
			d.Segments = append(d.Segments, c.segmentRef(r))
		}
	case cl.SecretEnv != nil:
		d.SecretEnv = c.stringLit(cl.SecretEnv)
	case cl.Secret != nil:
		d.Secret = c.stringLit(cl.Secret)
	case cl.Setting != nil:
		key := &ast.Ident{Name: cl.Setting.Key, Sp: tokenSpan(cl.Setting.Tokens[0])}
		st := &ast.Setting{Key: key, Value: c.expr(cl.Setting.Value), Sp: key.Sp}
		if st.Value != nil {
			st.Sp = st.Sp.Join(st.Value.Span())
		}
		if slot := d.SettingSlot(key.Name); slot != nil {
			*slot = st
		}
	}
}

// segmentRef converts a name or glob of a segments line.
func (c *converter) segmentRef(g *grammar.SegmentRef) *ast.SegmentRef {
	r := &ast.SegmentRef{Sp: spanOf(g.Tokens)}
	if g.Glob != nil {
		r.Glob = c.stringLit(g.Glob)
		return r
	}
	for _, p := range g.Path {
		r.Path = append(r.Path, ident(p))
	}
	return r
}
