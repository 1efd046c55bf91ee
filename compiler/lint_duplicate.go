package compiler

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// lintDuplicateSegments reports a segment with the same parent and the
// same where, require and holdout as an earlier one, compared as canonical
// plan text (W0704).
func lintDuplicateSegments(s *state) {
	first := map[string]*segmentSym{}
	c := canonicalizer{s: s, refs: regexp.MustCompile(`\$([at])([0-9]+)`)}
	for _, seg := range s.segments {
		key := c.segmentKey(seg)
		prev, ok := first[key]
		if !ok {
			first[key] = seg
			continue
		}
		s.report(diag.Warning, seg.file, diag.DuplicateSegment, segmentNameSpan(seg.decl),
			fmt.Sprintf("segment %s is identical to segment %s (same parent, where, require and holdout): they always have the same members; delete one of them or make them differ", seg.name, prev.name),
			diag.Related{File: prev.file, Span: segmentNameSpan(prev.decl), Message: "segment " + prev.name + " declared here"})
	}
}

// canonicalizer renders plan expressions for comparison; refs matches the
// $aN and $tN placeholders of plan.FormatExpr.
type canonicalizer struct {
	s    *state
	refs *regexp.Regexp
}

// segmentKey is the canonical text of what decides a segment's members.
func (c canonicalizer) segmentKey(seg *segmentSym) string {
	parent := -1
	if seg.parent != nil {
		parent = seg.parent.index
	}
	return fmt.Sprintf("%d|%s|%s|%d", parent, c.canonical(seg.where), c.canonical(seg.require), seg.holdout)
}

// canonical renders e with aggregates and thresholds spelled out, so two
// expressions compare equal exactly when they compute the same thing.
func (c canonicalizer) canonical(e plan.Expr) string {
	if e == nil {
		return "true"
	}
	s := c.s
	return c.refs.ReplaceAllStringFunc(plan.FormatExpr(e), func(m string) string {
		n, _ := strconv.Atoi(m[2:])
		if m[1] == 'a' && n < len(s.aggregates) {
			a := s.aggregates[n]
			return fmt.Sprintf("%s(%d:%s|%s|%d)", a.Func, a.Log, c.canonical(a.Value), c.canonical(a.Filter), a.Window)
		}
		if m[1] == 't' && n < len(s.thresholds) {
			t := s.thresholds[n]
			return fmt.Sprintf("%s(%s|%g|%s|%d)", t.Kind, c.canonical(t.Value), t.P, c.canonical(t.By), t.Population)
		}
		return m
	})
}
