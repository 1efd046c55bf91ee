package compiler

import (
	"container/heap"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/source"
)

// depGraph is the dependency graph of features, thresholds and segments.
// Nodes are numbered features first, then thresholds, then segments.
type depGraph struct {
	nodes []depNode
	edges [][]depEdge // edges[n]: what n reads
}

// depNode is one feature, threshold or segment.
type depNode struct {
	kind  plan.StepKind
	index int
	name  string
	loc   plan.Loc // the declaration's name, or the threshold's call
	rank  [2]int   // (file, offset): declaration order
}

// depEdge says a node reads another, at loc.
type depEdge struct {
	to  int
	loc plan.Loc
}

// order sorts features, thresholds and segments so that each comes after
// what it reads, stable by declaration order, and reports cycles.
func order(s *state) {
	g := s.buildGraph()
	done := g.kahn()
	for _, n := range done {
		s.steps = append(s.steps, plan.Step{Kind: g.nodes[n].kind, Index: g.nodes[n].index})
	}
	if len(done) < len(g.nodes) {
		s.reportCycles(g, done)
	}
}

// buildGraph builds the graph from the lowered expressions.
func (s *state) buildGraph() *depGraph {
	g := &depGraph{}
	fileRank := map[*source.File]int{}
	for i, f := range s.files {
		fileRank[f.Source] = i
	}
	rankOf := func(l plan.Loc) [2]int { return [2]int{fileRank[l.File], l.Span.Start} }
	for _, f := range s.features {
		loc := plan.Loc{File: f.file, Span: f.decl.Name.Sp}
		g.add(depNode{kind: plan.ComputeFeature, index: f.index, name: f.decl.Name.Name, loc: loc, rank: rankOf(loc)})
	}
	for _, t := range s.thresholds {
		g.add(depNode{kind: plan.ComputeThreshold, index: t.Index, name: t.Text, loc: t.Loc, rank: rankOf(t.Loc)})
	}
	for _, seg := range s.segments {
		loc := plan.Loc{File: seg.file, Span: seg.decl.Path[0].Sp.Join(seg.decl.Path[len(seg.decl.Path)-1].Sp)}
		g.add(depNode{kind: plan.ComputeSegment, index: seg.index, name: seg.name, loc: loc, rank: rankOf(loc)})
	}
	for _, l := range s.lifecycles {
		loc := plan.Loc{File: l.file, Span: l.decl.Name.Sp}
		g.add(depNode{kind: plan.ComputeLifecycle, index: l.index, name: l.name(), loc: loc, rank: rankOf(loc)})
	}
	for _, t := range s.triggers {
		loc := plan.Loc{File: t.file, Span: t.decl.Name.Sp}
		g.add(depNode{kind: plan.ComputeTrigger, index: t.index, name: t.segment, loc: loc, rank: rankOf(loc)})
	}
	s.addClusterNodes(g, rankOf)
	s.addEdges(g)
	return g
}

// add appends a node.
func (g *depGraph) add(n depNode) {
	g.nodes = append(g.nodes, n)
	g.edges = append(g.edges, nil)
}

// addEdges records what each node reads.
func (s *state) addEdges(g *depGraph) {
	nf, nt := len(s.features), len(s.thresholds)
	for _, f := range s.features {
		s.exprEdges(g, f.index, f.value)
	}
	for _, t := range s.thresholds {
		s.exprEdges(g, nf+t.Index, t.Value)
		s.exprEdges(g, nf+t.Index, t.By)
		if t.Population >= 0 {
			g.edges[nf+t.Index] = append(g.edges[nf+t.Index], depEdge{to: nf + nt + t.Population, loc: t.Loc})
		}
	}
	for _, seg := range s.segments {
		n := nf + nt + seg.index
		if seg.parent != nil {
			path := seg.decl.Path
			loc := plan.Loc{File: seg.file, Span: path[0].Sp.Join(path[len(path)-2].Sp)}
			g.edges[n] = append(g.edges[n], depEdge{to: nf + nt + seg.parent.index, loc: loc})
		}
		s.exprEdges(g, n, seg.where)
		s.exprEdges(g, n, seg.require)
	}
	s.clusterEdges(g)
	base := nf + nt + len(s.segments)
	for _, l := range s.lifecycles {
		for _, t := range l.trans {
			s.exprEdges(g, base+l.index, t.When)
		}
	}
}

// exprEdges adds an edge from node n to everything e references.
func (s *state) exprEdges(g *depGraph, n int, e plan.Expr) {
	nf, nt := len(s.features), len(s.thresholds)
	plan.Walk(e, func(x plan.Expr) {
		switch x := x.(type) {
		case *plan.FeatureRef:
			g.edges[n] = append(g.edges[n], depEdge{to: x.Feature, loc: x.L})
		case *plan.ThresholdRef:
			g.edges[n] = append(g.edges[n], depEdge{to: nf + x.Threshold, loc: x.L})
		case *plan.SegmentRef:
			g.edges[n] = append(g.edges[n], depEdge{to: nf + nt + x.Segment, loc: x.L})
		case *plan.StateRef:
			s.lifecycleEdge(g, n, x.Lifecycle, x.L)
		case *plan.TimeInRef:
			s.lifecycleEdge(g, n, x.Lifecycle, x.L)
		case *plan.ClusterRef:
			g.edges[n] = append(g.edges[n], depEdge{to: s.clusterNode(x.Cluster), loc: x.L})
		case *plan.TriggerRef:
			g.edges[n] = append(g.edges[n], depEdge{to: nf + nt + len(s.segments) + len(s.lifecycles) + x.Trigger, loc: x.L})
		}
	})
}

// kahn returns the nodes in dependency order, choosing among ready nodes
// the earliest declared; nodes on or behind a cycle are left out.
func (g *depGraph) kahn() []int {
	waiting := make([]int, len(g.nodes))
	readers := make([][]int, len(g.nodes))
	for n, es := range g.edges {
		for _, e := range es {
			waiting[n]++
			readers[e.to] = append(readers[e.to], n)
		}
	}
	ready := &rankHeap{g: g}
	for n := range g.nodes {
		if waiting[n] == 0 {
			heap.Push(ready, n)
		}
	}
	var out []int
	for ready.Len() > 0 {
		n := heap.Pop(ready).(int)
		out = append(out, n)
		for _, r := range readers[n] {
			if waiting[r]--; waiting[r] == 0 {
				heap.Push(ready, r)
			}
		}
	}
	return out
}

// rankHeap is a min-heap of node numbers by declaration rank.
type rankHeap struct {
	g     *depGraph
	items []int
}

func (h *rankHeap) Len() int { return len(h.items) }
func (h *rankHeap) Less(i, j int) bool {
	a, b := h.g.nodes[h.items[i]], h.g.nodes[h.items[j]]
	if a.rank != b.rank {
		return a.rank[0] < b.rank[0] || (a.rank[0] == b.rank[0] && a.rank[1] < b.rank[1])
	}
	return h.items[i] < h.items[j]
}
func (h *rankHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *rankHeap) Push(x any)    { h.items = append(h.items, x.(int)) }
func (h *rankHeap) Pop() any {
	n := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return n
}

// lifecycleEdge adds an edge from node n to lifecycle l, except from the
// lifecycle itself: its guards read the states before its transition.
func (s *state) lifecycleEdge(g *depGraph, n, l int, loc plan.Loc) {
	to := len(s.features) + len(s.thresholds) + len(s.segments) + l
	if n != to {
		g.edges[n] = append(g.edges[n], depEdge{to: to, loc: loc})
	}
}
