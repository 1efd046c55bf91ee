package plan

import (
	"fmt"
	"strings"
)

// Text and JSON forms of clusters and cluster references.

type jsonCluster struct {
	Name         string      `json:"name"`
	Algorithm    string      `json:"algorithm"`
	Features     []*jsonExpr `json:"features"`
	FeatureNames []string    `json:"feature_names"`
	K            int         `json:"k,omitempty"`
	KMin         int         `json:"k_min,omitempty"`
	KMax         int         `json:"k_max,omitempty"`
	Transform    string      `json:"transform"`
	Scale        string      `json:"scale"`
	Seed         uint64      `json:"seed"`
	NInit        int         `json:"n_init,omitempty"`
	MaxIter      int         `json:"max_iter,omitempty"`
	Tol          float64     `json:"tol,omitempty"`
	Reduce       float64     `json:"reduce,omitempty"`
	Eps          float64     `json:"eps,omitempty"`
	MinPoints    int         `json:"min_points,omitempty"`
	NameBy       *jsonExpr   `json:"name_by,omitempty"`
	Desc         bool        `json:"desc,omitempty"`
	Names        []string    `json:"names,omitempty"`
	RetrainEvery int64       `json:"retrain_every,omitempty"`
	Loc          string      `json:"loc,omitempty"`
}

// cluster encodes a cluster.
func (e jsonEnc) cluster(c *Cluster) jsonCluster {
	out := jsonCluster{Name: c.Name, Algorithm: c.Algorithm, FeatureNames: c.FeatureNames, K: c.K, KMin: c.KMin, KMax: c.KMax,
		Transform: c.Transform, Scale: c.Scale, Seed: c.Seed, NInit: c.NInit, MaxIter: c.MaxIter, Tol: c.Tol,
		Reduce: c.Reduce, Eps: c.Eps, MinPoints: c.MinPoints, NameBy: e.expr(c.NameBy), Desc: c.Desc, Names: c.Names,
		RetrainEvery: c.RetrainEvery, Loc: e.loc(c.Loc)}
	for _, f := range c.Features {
		out.Features = append(out.Features, e.expr(f))
	}
	return out
}

// fillClusters adds the clusters.
func (e jsonEnc) fillClusters(p *Plan, out *jsonPlan) {
	for _, c := range p.Clusters {
		out.Clusters = append(out.Clusters, e.cluster(c))
	}
}

// clusterRef encodes a cluster reference; ok is false for other nodes.
func (e jsonEnc) clusterRef(j *jsonExpr, x Expr) bool {
	r, ok := x.(*ClusterRef)
	if !ok {
		return false
	}
	c, l := r.Cluster, r.Label
	j.Expr, j.Index, j.Name = "cluster", &c, r.Name
	j.Value = l
	return true
}

// writeClusterRef writes rfm.champions; ok is false for other nodes.
func writeClusterRef(b *strings.Builder, e Expr) bool {
	r, ok := e.(*ClusterRef)
	if ok {
		b.WriteString(r.Name)
	}
	return ok
}

// clusterStep writes a cluster step: parameters, features and naming.
func (t *textWriter) clusterStep(n int, c *Cluster) {
	t.located(c.Loc, "%3d. %s", n, formatCluster(c))
	for i, f := range c.Features {
		t.located(f.Loc(), "       feature %d: %s", i+1, FormatExpr(f))
	}
	if c.NameBy != nil {
		dir := "asc"
		if c.Desc {
			dir = "desc"
		}
		t.located(c.NameBy.Loc(), "       name by %s %s: %s", FormatExpr(c.NameBy), dir, strings.Join(c.Names, ", "))
	}
	if c.RetrainEvery > 0 {
		t.line("       retrain every %s", FormatDuration(c.RetrainEvery))
	}
	t.line("       -> %s", strings.Join(clusterSegments(c), ", "))
}

// clusterSegments lists the stored segments a cluster can make.
func clusterSegments(c *Cluster) []string {
	if c.Algorithm == DBSCAN {
		return []string{c.Name + ".c1..", c.SegmentName(NoiseLabel)}
	}
	if len(c.Names) == 0 && c.K == 0 {
		return []string{fmt.Sprintf("%s.c1..%s.c%d", c.Name, c.Name, c.KMax)}
	}
	var out []string
	for i := 0; i < c.MaxClusters(); i++ {
		out = append(out, c.SegmentName(i))
	}
	return out
}
