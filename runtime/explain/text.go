package explain

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText renders an explanation in plain language: a headline, one
// line per clause with a ✓ (true), ✗ (false) or ? (null: unknown, so not
// true) mark and the actual values, the conclusion, the stored
// membership, the features used, and notes.
func WriteText(w io.Writer, x *Explanation) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw}
	t.header(x)
	t.body(x.Tree, 0)
	t.conclusion(x)
	t.features(x.Tree)
	for _, n := range x.Notes {
		t.printf("note: %s\n", n)
	}
	return bw.Flush()
}

type textWriter struct{ w *bufio.Writer }

func (t *textWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

func (t *textWriter) line(depth int, v Verdict, text string) {
	t.printf("%s%s %s\n", strings.Repeat("    ", depth), mark(v), text)
}

func mark(v Verdict) string {
	switch v {
	case True:
		return "✓"
	case False:
		return "✗"
	}
	return "?"
}

func (t *textWriter) header(x *Explanation) {
	t.printf("%s %s: %s\n", x.KeyColumn, keyLiteral(x.Entity), verdictPhrase(x))
	if x.Tree.Description != "" {
		t.printf("%s: %s\n", x.Tree.Segment, x.Tree.Description)
	}
	asOf := x.AsOf.UTC().Format(time.DateTime)
	if x.Source == "stored" {
		t.printf("Explained from run %d (as of %s) with the thresholds it recorded.\n\n", x.RunID, asOf)
	} else {
		t.printf("Recomputed as of %s; nothing was written.\n\n", asOf)
	}
}

// verdictPhrase is the headline's answer.
func verdictPhrase(x *Explanation) string {
	switch {
	case x.Member:
		return "member of " + x.Segment
	case x.HeldOut && x.Segment == x.Tree.Segment:
		return "not a member of " + x.Segment + " (held out: in " + x.Segment + ".holdout)"
	}
	return "not a member of " + x.Segment
}

// body renders a segment's clauses.
func (t *textWriter) body(seg *Node, depth int) {
	for _, c := range seg.Children {
		t.clause(c, depth)
	}
}

// clause renders a population, where, require or holdout clause.
func (t *textWriter) clause(c *Node, depth int) {
	switch c.Kind {
	case KindPopulation:
		parent := c.Children[0]
		t.line(depth, c.Verdict, "population: "+memberPhrase(parent))
		t.body(parent, depth+1)
	case KindHoldout:
		t.holdout(c, depth)
	case KindState, KindTrigger, KindCluster:
		t.timeNode(c, depth)
	default:
		body := c.Children[0]
		if isLeaf(body) {
			t.line(depth, c.Verdict, string(c.Kind)+" "+leafText(body))
			t.thresholds(body, depth+1)
			return
		}
		t.line(depth, c.Verdict, string(c.Kind)+" "+c.Expr)
		t.expr(body, depth+1, true)
	}
}

func memberPhrase(seg *Node) string {
	if seg.Verdict == True {
		return "member of " + seg.Segment
	}
	return "not a member of " + seg.Segment
}

func isLeaf(n *Node) bool {
	return n.Kind == KindCompare || n.Kind == KindIn || n.Kind == KindValue
}

// expr renders a condition; top marks a clause's own and-chain, whose
// operands are listed directly.
func (t *textWriter) expr(n *Node, depth int, top bool) {
	switch n.Kind {
	case KindAnd, KindOr:
		if !(top && n.Kind == KindAnd) {
			t.line(depth, n.Verdict, map[Kind]string{KindAnd: "all of:", KindOr: "any of:"}[n.Kind])
			depth++
		}
		for _, c := range n.Children {
			t.expr(c, depth, false)
		}
	case KindNot:
		t.line(depth, n.Verdict, "not:")
		t.expr(n.Children[0], depth+1, false)
	case KindSegment:
		t.line(depth, n.Verdict, memberPhrase(n))
		t.body(n, depth+1)
	case KindState, KindTrigger, KindCluster:
		t.timeNode(n, depth)
	default:
		t.line(depth, n.Verdict, leafText(n))
		t.thresholds(n, depth+1)
	}
}

// leafText renders a comparison, an `in` or a value with its values.
func leafText(n *Node) string {
	switch n.Kind {
	case KindCompare:
		return operandText(n.Operands[0]) + " " + opText(n.Op) + " " + operandText(n.Operands[1]) + nullSuffix(n)
	case KindIn:
		return operandText(n.Operands[0]) + " in [" + strings.Join(n.List, ", ") + "]" + nullSuffix(n)
	}
	o := n.Operands[0]
	if o.Value == nil {
		return o.Expr + " is null (unknown, so not true)"
	}
	return o.Expr + " is " + o.Text
}

func nullSuffix(n *Node) string {
	if n.Verdict == Null {
		return " (null: unknown, so not true)"
	}
	return ""
}

// operandText is "monetary 1,204.50", "5", or "p90(monetary) 1,187.20
// over all customers".
func operandText(o *Operand) string {
	if th := o.Threshold; th != nil {
		return th.Label + " " + th.Text + " " + thresholdScope(th)
	}
	if o.Const || o.Expr == o.Text {
		return o.Text
	}
	return o.Expr + " " + o.Text
}

// thresholdScope is "(over all customers)" or "(over all customers with
// country = "FR")", marking recomputed values in stored mode.
func thresholdScope(th *Threshold) string {
	s := "over " + th.Population
	if th.Group != nil {
		s += " with " + th.Group.Text
	}
	return "(" + s + ")"
}

// thresholds lists statistics read inside a clause's expressions.
func (t *textWriter) thresholds(n *Node, depth int) {
	for _, th := range n.Thresholds {
		t.printf("%s  where %s = %s %s\n", strings.Repeat("    ", depth), th.Label, th.Text, thresholdScope(th))
	}
}

// holdout renders the holdout split.
func (t *textWriter) holdout(c *Node, depth int) {
	h := c.Holdout
	cut := fmt.Sprintf("bucket %s of 10,000 %s %s", group(fmt.Sprint(h.Bucket)), map[bool]string{true: "<", false: "≥"}[c.Verdict == True], group(fmt.Sprint(h.BasisPoints)))
	switch {
	case !h.Reached:
		t.printf("%s· %s: not applied, an earlier clause is not true (%s)\n", strings.Repeat("    ", depth), c.Expr, cut)
	case c.Verdict == True:
		t.line(depth, False, fmt.Sprintf("%s: %s, so held out: in %s instead", c.Expr, cut, h.Target))
	default:
		t.line(depth, True, fmt.Sprintf("%s: %s, so not held out", c.Expr, cut))
	}
}

// conclusion says the verdict and why, and what segc_members says.
func (t *textWriter) conclusion(x *Explanation) {
	why := ""
	if !x.Member {
		why = failing(x.Tree)
	}
	t.printf("→ %s%s\n", verdictPhrase(x), why)
	if s := x.Stored; s != nil && s.Agrees {
		t.printf("segc_members (run %d) agrees.\n", s.RunID)
	}
}

// failing names the first clause that kept the entity out.
func failing(seg *Node) string {
	for _, c := range seg.Children {
		if c.Kind != KindHoldout && c.Verdict != True {
			if c.Kind == KindPopulation {
				return ": " + memberPhrase(c.Children[0])
			}
			if r := timeReason(c); r != "" {
				return ": " + r
			}
			return fmt.Sprintf(": its %s clause is %s", c.Kind, c.Verdict)
		}
	}
	return ""
}

// features lists the definitions of the features the clauses read.
func (t *textWriter) features(root *Node) {
	seen := map[string]bool{}
	var lines []string
	walkNodes(root, func(n *Node) {
		for _, o := range n.Operands {
			if o.Definition != "" && !seen[o.Expr] {
				seen[o.Expr] = true
				lines = append(lines, fmt.Sprintf("  %s = %s", o.Expr, o.Definition))
			}
		}
	})
	if len(lines) > 0 {
		t.printf("\nFeatures:\n%s\n", strings.Join(lines, "\n"))
	}
}

// walkNodes calls f for n and its descendants, parents first.
func walkNodes(n *Node, f func(*Node)) {
	f(n)
	for _, c := range n.Children {
		walkNodes(c, f)
	}
}
