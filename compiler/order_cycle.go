package compiler

import (
	"fmt"
	"sort"
	"strings"

	"github.com/segc/segc/dsl/diag"
)

// reportCycles reports one cycle per strongly connected component of the
// nodes the topological sort could not place.
func (s *state) reportCycles(g *depGraph, done []int) {
	placed := make([]bool, len(g.nodes))
	for _, n := range done {
		placed[n] = true
	}
	for _, comp := range g.components(placed) {
		if cycle := g.cycleIn(comp); cycle != nil {
			s.reportCycle(g, cycle)
		}
	}
}

// components returns the strongly connected components among unplaced
// nodes (Tarjan), each sorted by declaration rank, in rank order.
func (g *depGraph) components(placed []bool) [][]int {
	t := &tarjan{g: g, placed: placed, index: make([]int, len(g.nodes)), low: make([]int, len(g.nodes)), on: make([]bool, len(g.nodes))}
	for n := range g.nodes {
		if !placed[n] && t.index[n] == 0 {
			t.visit(n)
		}
	}
	less := func(a, b int) bool {
		ra, rb := g.nodes[a].rank, g.nodes[b].rank
		return ra[0] < rb[0] || (ra[0] == rb[0] && (ra[1] < rb[1] || (ra[1] == rb[1] && a < b)))
	}
	for _, c := range t.out {
		sort.Slice(c, func(i, j int) bool { return less(c[i], c[j]) })
	}
	sort.Slice(t.out, func(i, j int) bool { return less(t.out[i][0], t.out[j][0]) })
	return t.out
}

// tarjan is the state of Tarjan's algorithm (recursive; the graph is as
// deep as the longest dependency chain in a module).
type tarjan struct {
	g          *depGraph
	placed     []bool
	index, low []int
	on         []bool
	stack      []int
	next       int
	out        [][]int
}

func (t *tarjan) visit(n int) {
	t.next++
	t.index[n], t.low[n] = t.next, t.next
	t.stack = append(t.stack, n)
	t.on[n] = true
	for _, e := range t.g.edges[n] {
		switch {
		case t.placed[e.to]:
		case t.index[e.to] == 0:
			t.visit(e.to)
			t.low[n] = min(t.low[n], t.low[e.to])
		case t.on[e.to]:
			t.low[n] = min(t.low[n], t.index[e.to])
		}
	}
	if t.low[n] != t.index[n] {
		return
	}
	var comp []int
	for {
		m := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[m] = false
		comp = append(comp, m)
		if m == n {
			break
		}
	}
	t.out = append(t.out, comp)
}

// cycleIn returns the edges of a shortest cycle through the component's
// first node, or nil when the component is a single node without a loop.
func (g *depGraph) cycleIn(comp []int) []depStep {
	in := map[int]bool{}
	for _, n := range comp {
		in[n] = true
	}
	start := comp[0]
	prev := map[int]depStep{}
	queue := []int{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range g.edges[n] {
			if !in[e.to] {
				continue
			}
			if e.to == start {
				return unwind(prev, depStep{from: n, edge: e}, start)
			}
			if _, seen := prev[e.to]; !seen {
				prev[e.to] = depStep{from: n, edge: e}
				queue = append(queue, e.to)
			}
		}
	}
	return nil
}

// depStep is one edge of a cycle.
type depStep struct {
	from int
	edge depEdge
}

// unwind rebuilds the path start -> ... -> last.from -> start.
func unwind(prev map[int]depStep, last depStep, start int) []depStep {
	path := []depStep{last}
	for n := last.from; n != start; n = prev[n].from {
		path = append(path, prev[n])
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// reportCycle reports a cycle at its first node.
func (s *state) reportCycle(g *depGraph, cycle []depStep) {
	first := g.nodes[cycle[0].from]
	names := []string{first.name}
	var related []diag.Related
	for _, st := range cycle {
		to := g.nodes[st.edge.to]
		names = append(names, to.name)
		related = append(related, diag.Related{File: st.edge.loc.File, Span: st.edge.loc.Span,
			Message: fmt.Sprintf("cycle goes through here: %s reads %s", g.nodes[st.from].name, to.name)})
	}
	s.errorAt(first.loc.File, diag.Cycle, first.loc.Span,
		fmt.Sprintf("dependency cycle %s: %s %s depends on itself; break the cycle by removing one of these references",
			strings.Join(names, " -> "), first.kind, first.name), related...)
}
