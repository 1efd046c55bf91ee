package compiler

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// globPattern is what a destination glob may hold: names, dots, * and ?.
var globPattern = regexp.MustCompile(`^[\p{L}_*?][\p{L}\p{N}_.*?]*$`)

// storedNames are the segment names a run of the module stores: every
// segment (and NAME.holdout when it has a holdout), every lifecycle
// state as LIFECYCLE.STATE, every trigger's segment and every cluster
// label as CLUSTER.LABEL.
type storedNames struct {
	names    []string
	set      map[string]bool
	clusters map[string]*clusterSym // labels of DBSCAN are known only by pattern
}

// storedSegments lists the module's stored segment names.
func (s *state) storedSegments() *storedNames {
	out := &storedNames{set: map[string]bool{}, clusters: map[string]*clusterSym{}}
	for _, seg := range s.segments {
		out.add(seg.name)
		if seg.decl.Holdout != nil {
			out.add(seg.name + ".holdout")
		}
	}
	for _, l := range s.lifecycles {
		for _, st := range l.states {
			out.add(l.name() + "." + st)
		}
	}
	for _, t := range s.triggers {
		out.add(t.segment)
	}
	for _, c := range s.clusters {
		out.clusters[c.name()] = c
		for _, label := range clusterLabels(c) {
			out.add(c.name() + "." + label)
		}
	}
	slices.Sort(out.names)
	return out
}

// clusterLabels are a cluster's labels known at compile time: its names,
// c1..ck, or for DBSCAN c1 and noise.
func clusterLabels(c *clusterSym) []string {
	p := c.plan
	if p.Algorithm == plan.DBSCAN {
		return []string{"c1", "noise"}
	}
	var out []string
	for id := range p.MaxClusters() {
		out = append(out, p.Label(id))
	}
	return out
}

func (n *storedNames) add(name string) {
	if name != "" && !n.set[name] {
		n.set[name] = true
		n.names = append(n.names, name)
	}
}

// has reports whether name is stored, accepting any label a cluster can
// have (DBSCAN's c1..cN).
func (n *storedNames) has(name string) bool {
	if n.set[name] {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return false
	}
	c := n.clusters[name[:i]]
	if c == nil {
		return false
	}
	_, ok := c.plan.LabelID(name[i+1:])
	return ok
}

// matches lists the stored names a glob matches (SQLite GLOB with * and ?).
func (n *storedNames) matches(glob string) []string {
	re := globRegexp(glob)
	var out []string
	for _, name := range n.names {
		if re.MatchString(name) {
			out = append(out, name)
		}
	}
	return out
}

// globRegexp translates a glob of * and ? to an anchored expression.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// destinationSegments checks each segment reference: a name must be
// stored by the module (E0417, with a did-you-mean); a glob must be well
// formed (E0417) and should match something (W0609).
func (s *state) destinationSegments(f *source.File, d *ast.DestinationDecl, pd *plan.Destination, stored *storedNames) {
	for _, r := range d.Segments {
		name := r.Name()
		pd.Segments = append(pd.Segments, name)
		switch {
		case r.Glob != nil && !globPattern.MatchString(name):
			s.errorAt(f, diag.UnknownDestSeg, r.Sp, fmt.Sprintf("destination %s: glob %s may hold only names, dots, * (any text) and ? (one character)", d.Name.Name, r.Glob.Raw))
		case r.Glob == nil || !strings.ContainsAny(name, "*?"):
			if !stored.has(name) {
				s.errorAt(f, diag.UnknownDestSeg, r.Sp, fmt.Sprintf("destination %s: %s is not a segment the module stores (a segment, LIFECYCLE.STATE, CLUSTER.LABEL, SEGMENT.holdout or a trigger's segment)%s",
					d.Name.Name, name, didYouMean(name, stored.names)))
			}
		case len(stored.matches(name)) == 0:
			s.diags = append(s.diags, diag.Diagnostic{Severity: diag.Warning, Code: diag.GlobMatchesNothing, File: f, Span: r.Sp,
				Message: fmt.Sprintf("destination %s: glob %s matches no segment of the module, so it sends nothing today", d.Name.Name, r.Glob.Raw)})
		}
	}
}
