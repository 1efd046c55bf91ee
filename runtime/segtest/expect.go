package segtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/holdout"
)

// StoredSegments lists the names a run stores membership under, which an
// expect may name: every segment, NAME.holdout for a segment with a
// holdout, LIFECYCLE.STATE for every lifecycle state, and every trigger.
func StoredSegments(p *plan.Plan) []string {
	var names []string
	for _, s := range p.Segments {
		names = append(names, s.Name)
		if s.Holdout > 0 {
			names = append(names, s.Name+".holdout")
		}
	}
	for _, lc := range p.Lifecycles {
		for _, st := range lc.States {
			names = append(names, lc.Name+"."+st)
		}
	}
	for _, t := range p.Triggers {
		names = append(names, t.Segment)
	}
	return names
}

// expect checks one expect line.
func (l *loader) expect(e *ast.Expect) *Expectation {
	name := e.SegmentName()
	if !contains(l.segments, name) {
		l.unknownSegment(e, name)
		return nil
	}
	x := &Expectation{Decl: e, Segment: name, Op: e.Op, keyType: l.plan.KeyType}
	ok := true
	for _, k := range e.Keys.Elems {
		key, msg := keyText(k, l.plan.KeyType)
		if msg != "" {
			l.errorf(BadExpect, k.Span(), "%s", msg)
			ok = false
			continue
		}
		x.Keys = append(x.Keys, key)
	}
	if !ok {
		return nil
	}
	x.Keys = sortKeys(dedupe(x.Keys), l.plan.KeyType)
	return x
}

// unknownSegment reports an expect naming no stored segment.
func (l *loader) unknownSegment(e *ast.Expect, name string) {
	first, last := e.Segment[0].Sp, e.Segment[len(e.Segment)-1].Sp
	sp := first
	sp.End = last.End
	msg := fmt.Sprintf("expect names %s, which is not a segment of the module", name)
	if s := diag.Suggest(name, l.segments); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else if len(l.segments) > 0 {
		msg += fmt.Sprintf(": its segments are %s", strings.Join(l.segments, ", "))
	}
	l.errorf(BadExpect, sp, "%s", msg)
}

// keyText converts an expected key literal to the canonical key text.
func keyText(e ast.Expr, keyType types.Type) (string, string) {
	if keyType.Kind == types.String {
		if s, ok := e.(*ast.StringLit); ok {
			return s.Value, ""
		}
		return "", `entity keys of this module are strings: write them quoted, such as "c1"`
	}
	if n, ok := intLiteral(e); ok {
		return holdout.IntKey(n), ""
	}
	return "", "entity keys of this module are integers: write them unquoted, such as 42"
}

func dedupe(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// sortKeys orders keys as entity keys sort: numerically for int keys.
func sortKeys(keys []string, keyType types.Type) []string {
	sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j], keyType) })
	return keys
}

func keyLess(a, b string, keyType types.Type) bool {
	if keyType.Kind != types.String {
		x, _ := strconv.ParseInt(a, 10, 64)
		y, _ := strconv.ParseInt(b, 10, 64)
		return x < y
	}
	return a < b
}
