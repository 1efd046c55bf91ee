package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// This file compiles cluster segments, `segment NAME = cluster(...)`:
// collect declares the name, resolve binds the features and the naming
// feature, typecheck checks them and reads the parameters
// (cluster_params.go), hoist lowers the expressions, and order places the
// cluster after its features and before the segments that read it.

// clusterSym is a cluster declaration.
type clusterSym struct {
	decl     *ast.ClusterDecl
	file     *source.File
	index    int
	features []ast.Expr // the elements of features=[...]
	plan     *plan.Cluster
}

// name returns the cluster's name.
func (c *clusterSym) name() string { return c.decl.Name.Name }

// collectCluster declares a cluster segment's name.
func (s *state) collectCluster(f *source.File, d *ast.ClusterDecl) {
	if d.Name == nil {
		return
	}
	if reservedLabels[d.Name.Name] {
		s.errorAt(f, diag.ReservedName, d.Name.Sp,
			fmt.Sprintf("%q is reserved for the segments segc makes itself (holdout groups and clustering noise); choose another name", d.Name.Name))
		return
	}
	if !s.declare(f, d.Name.Name, d.Name.Sp, "cluster segment") {
		return
	}
	c := &clusterSym{decl: d, file: f, index: len(s.clusters),
		plan: &plan.Cluster{Index: len(s.clusters), Name: d.Name.Name, Loc: plan.Loc{File: f, Span: d.Sp}}}
	s.clusters = append(s.clusters, c)
	s.byName[d.Name.Name] = c
}

// resolveClusters resolves every cluster's features and naming feature,
// which are entity-level expressions.
func (s *state) resolveClusters() {
	for _, c := range s.clusters {
		sc := scope{file: c.file}
		for _, a := range c.decl.Args {
			if a.Name == nil || a.Name.Name != "features" {
				continue
			}
			list, ok := a.Value.(*ast.ListLit)
			if !ok {
				continue // reported by the parameter check
			}
			c.features = list.Elems
			for _, e := range list.Elems {
				s.resolveExpr(sc, e)
			}
		}
		if c.decl.NameBy != nil {
			s.resolveExpr(sc, c.decl.NameBy.Feature)
		}
	}
}

// resolveClusterRef resolves NAME.LABEL of a cluster.
func (s *state) resolveClusterRef(sc scope, e *ast.SelectorExpr, path []*ast.Ident, c *clusterSym) {
	if sc.log != nil {
		s.unknownEventColumn(sc, sc.log, path[0])
		return
	}
	if len(path) != 2 {
		s.errorAt(sc.file, diag.BadClusterRef, e.Sp, fmt.Sprintf("a cluster segment is written %s.LABEL, such as %s.c1", c.name(), c.name()))
		return
	}
	s.refs[e] = ref{kind: refCluster, cluster: c, label: path[1]}
}

// clusterAsValue reports a cluster's bare name used as a value.
func (s *state) clusterAsValue(sc scope, id *ast.Ident, c *clusterSym) {
	s.errorAt(sc.file, diag.BadClusterRef, id.Sp,
		fmt.Sprintf("%s is a cluster segment, made of one segment per cluster, and has no members of its own; write %s.LABEL, such as %s",
			id.Name, id.Name, labelExample(c)),
		diag.Related{File: c.file, Span: c.decl.Name.Sp, Message: "cluster declared here"})
}

// labelExample is the first label of a cluster, for messages.
func labelExample(c *clusterSym) string {
	if c.decl.NameBy != nil && len(c.decl.NameBy.Names) > 0 {
		return c.name() + "." + c.decl.NameBy.Names[0].Name
	}
	return c.name() + ".c1"
}

// typecheckClusters checks features and parameters of every cluster, then
// the labels its references use.
func (s *state) typecheckClusters() {
	for _, c := range s.clusters {
		sc := scope{file: c.file}
		for _, f := range c.features {
			s.checkClusterFeature(sc, f, "a cluster feature")
		}
		if c.decl.NameBy != nil {
			s.checkClusterFeature(sc, c.decl.NameBy.Feature, "the feature after `name by`")
		}
		s.readClusterParams(c)
		s.readClusterNames(c)
	}
}

// checkClusterFeature checks one feature is numeric.
func (s *state) checkClusterFeature(sc scope, e ast.Expr, what string) {
	t := s.check(sc, e)
	if !t.IsValid() || t.IsNumeric() {
		return
	}
	s.errorAt(sc.file, diag.BadClusterFeature, e.Span(),
		fmt.Sprintf("%s must be a number (int or float), but %s is %s; cluster on numbers, such as days_since(first_seen) for a time",
			what, exprText(e), t))
}

// lowerClusterRef lowers NAME.LABEL, reporting a label the cluster
// cannot have.
func (s *state) lowerClusterRef(node plan.Node, r ref) plan.Expr {
	c := r.cluster
	id, ok := c.plan.LabelID(r.label.Name)
	if !ok && c.plan.Algorithm != "" && (c.decl.NameBy == nil || len(c.plan.Names) > 0) {
		var labels []string
		for i := 0; i < c.plan.MaxClusters(); i++ {
			labels = append(labels, c.plan.Label(i))
		}
		if c.plan.Algorithm == plan.DBSCAN {
			labels = append(labels, "c1", "noise")
		}
		s.errorAt(node.L.File, diag.BadClusterRef, r.label.Sp,
			fmt.Sprintf("cluster %s has no cluster %s; its segments are %s%s", c.name(), r.label.Name, labelList(c), didYouMean(r.label.Name, labels)),
			diag.Related{File: c.file, Span: c.decl.Name.Sp, Message: "cluster declared here"})
	}
	return &plan.ClusterRef{Node: node, Cluster: c.index, Label: id, Name: c.name() + "." + r.label.Name}
}

// labelList describes a cluster's labels for a message.
func labelList(c *clusterSym) string {
	p := c.plan
	switch {
	case p.Algorithm == plan.DBSCAN:
		return fmt.Sprintf("%s.c1, %s.c2, ... and %s.noise", p.Name, p.Name, p.Name)
	case p.MaxClusters() == 0:
		return p.Name + ".c1, ..."
	}
	return fmt.Sprintf("%s.%s to %s", p.Name, p.Label(0), p.SegmentName(p.MaxClusters()-1))
}

// hoistClusters lowers the features and naming feature of every cluster;
// statistics in them are taken over all entities.
func (s *state) hoistClusters() {
	for _, c := range s.clusters {
		ctx := lowerCtx{file: c.file, owner: c.name(), population: -1}
		p := c.plan
		for _, f := range c.features {
			p.Features = append(p.Features, s.lower(ctx, f))
			p.FeatureNames = append(p.FeatureNames, exprText(f))
		}
		if nb := c.decl.NameBy; nb != nil {
			p.NameBy, p.NameByText, p.Desc = s.lower(ctx, nb.Feature), exprText(nb.Feature), nb.Desc
		}
	}
}

// planClusters returns the clusters for the plan.
func (s *state) planClusters() []*plan.Cluster {
	var out []*plan.Cluster
	for _, c := range s.clusters {
		out = append(out, c.plan)
	}
	return out
}
