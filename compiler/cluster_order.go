package compiler

import "github.com/segc/segc/compiler/plan"

// addClusterNodes adds one dependency node per cluster, after the
// triggers' nodes.
func (s *state) addClusterNodes(g *depGraph, rankOf func(plan.Loc) [2]int) {
	for _, c := range s.clusters {
		loc := plan.Loc{File: c.file, Span: c.decl.Name.Sp}
		g.add(depNode{kind: plan.ComputeCluster, index: c.index, name: c.name(), loc: loc, rank: rankOf(loc)})
	}
}

// clusterNode is the node number of cluster i.
func (s *state) clusterNode(i int) int {
	return len(s.features) + len(s.thresholds) + len(s.segments) + len(s.lifecycles) + len(s.triggers) + i
}

// clusterEdges makes each cluster read its features and naming feature.
func (s *state) clusterEdges(g *depGraph) {
	for _, c := range s.clusters {
		n := s.clusterNode(c.index)
		for _, f := range c.plan.Features {
			s.exprEdges(g, n, f)
		}
		s.exprEdges(g, n, c.plan.NameBy)
	}
}
