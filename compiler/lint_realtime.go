package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// lintNotRealTime notes each segment whose membership depends on a
// population statistic (percentile, median, zscore), directly or through
// features, referenced segments or its parent (I0705). Such a threshold
// moves when anyone's value moves, so the segment can only be recomputed
// in batch, never kept up to date one event at a time.
func lintNotRealTime(s *state) {
	b := batchFinder{s: s, features: map[int]*batchCause{}, segments: map[int]*batchCause{}}
	for _, seg := range s.segments {
		c := b.segment(seg.index)
		if c == nil {
			continue
		}
		via := ""
		if c.via != "" {
			via = " (through " + c.via + ")"
		}
		s.report(diag.Info, seg.file, diag.NotRealTime, segmentNameSpan(seg.decl),
			fmt.Sprintf("segment %s cannot be kept up to date in real time: it depends on %s%s, a statistic over the whole population that only a batch run recomputes",
				seg.name, c.text, via),
			diag.Related{File: c.loc.File, Span: c.loc.Span, Message: "population statistic here"})
	}
}

// batchCause is the first population statistic something depends on.
type batchCause struct {
	text string
	via  string // the feature or segment it comes through, "" when direct
	loc  plan.Loc
}

// batchFinder memoises, per feature and segment, the statistic it depends
// on (nil for none).
type batchFinder struct {
	s        *state
	features map[int]*batchCause
	segments map[int]*batchCause
}

// segment returns the statistic segment i depends on.
func (b *batchFinder) segment(i int) *batchCause {
	if c, ok := b.segments[i]; ok {
		return c
	}
	b.segments[i] = nil // a cycle cannot reach here: order rejected it
	seg := b.s.segments[i]
	var c *batchCause
	if seg.parent != nil {
		c = b.through(b.segment(seg.parent.index), "parent "+seg.parent.name)
	}
	for _, e := range segmentExprs(seg) {
		if c == nil {
			c = b.expr(e)
		}
	}
	b.segments[i] = c
	return c
}

// feature returns the statistic feature i depends on.
func (b *batchFinder) feature(i int) *batchCause {
	if c, ok := b.features[i]; ok {
		return c
	}
	b.features[i] = nil
	c := b.expr(b.s.features[i].value)
	b.features[i] = c
	return c
}

// expr returns the first statistic e depends on.
func (b *batchFinder) expr(e plan.Expr) *batchCause {
	var c *batchCause
	plan.Walk(e, func(x plan.Expr) {
		if c != nil {
			return
		}
		switch x := x.(type) {
		case *plan.ThresholdRef:
			// x.L, not the threshold's Loc: equal statistics share one
			// threshold, whose Loc is the first use in any segment.
			c = &batchCause{text: b.s.thresholds[x.Threshold].Text, loc: x.L}
		case *plan.FeatureRef:
			c = b.through(b.feature(x.Feature), "feature "+x.Name)
		case *plan.SegmentRef:
			c = b.through(b.segment(x.Segment), "segment "+x.Name)
		}
	})
	return c
}

// through records the first hop by which a cause was reached.
func (b *batchFinder) through(c *batchCause, hop string) *batchCause {
	if c == nil {
		return nil
	}
	if c.via == "" {
		return &batchCause{text: c.text, via: hop, loc: c.loc}
	}
	return &batchCause{text: c.text, via: hop + " -> " + c.via, loc: c.loc}
}
