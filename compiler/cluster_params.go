package compiler

import (
	"fmt"
	"math"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// clusterParams lists each algorithm's named parameters.
func clusterParams() map[string][]string {
	common := []string{"features", "transform", "scale", "reduce"}
	return map[string][]string{
		plan.KMeans: append([]string{"k", "seed", "n_init", "max_iter", "tol"}, common...),
		plan.DBSCAN: append([]string{"eps", "min_points"}, common...),
	}
}

// The accepted values of transform= and scale=.
var (
	clusterTransforms = []string{"none", "log1p"}
	clusterScales     = []string{"none", "zscore", "minmax", "robust"}
)

// The defaults and bounds of the parameters.
const (
	defaultNInit   = 10
	defaultMaxIter = 300
	defaultTol     = 1e-4
	maxClusterK    = 100
)

// readClusterParams checks the algorithm and every named argument and
// fills the plan's parameters, reporting E0412 for anything unknown,
// missing or out of range.
func (s *state) readClusterParams(c *clusterSym) {
	p, d := c.plan, c.decl
	p.Transform, p.Scale, p.NInit, p.MaxIter, p.Tol = "none", "none", defaultNInit, defaultMaxIter, defaultTol
	params := clusterParams()
	if d.Algorithm == nil {
		return
	}
	allowed, ok := params[d.Algorithm.Name]
	if !ok {
		s.errorAt(c.file, diag.BadClusterArg, d.Algorithm.Sp,
			fmt.Sprintf("unknown clustering algorithm %s: use kmeans or dbscan%s", d.Algorithm.Name, didYouMean(d.Algorithm.Name, []string{"kmeans", "dbscan"})))
		return
	}
	p.Algorithm = d.Algorithm.Name
	seen := map[string]bool{}
	for _, a := range d.Args {
		if a.Name == nil || !s.knownParam(c, a, allowed, params) {
			continue
		}
		seen[a.Name.Name] = true
		s.readParam(c, a)
	}
	s.requireParams(c, seen)
}

// knownParam reports an argument the algorithm does not take.
func (s *state) knownParam(c *clusterSym, a *ast.NamedArg, allowed []string, params map[string][]string) bool {
	name := a.Name.Name
	for _, n := range allowed {
		if n == name {
			return true
		}
	}
	for algo, ns := range params {
		for _, n := range ns {
			if n == name {
				s.errorAt(c.file, diag.BadClusterArg, a.Name.Sp,
					fmt.Sprintf("%s is a parameter of %s, not of %s; %s takes %s", name, algo, c.plan.Algorithm, c.plan.Algorithm, strings.Join(allowed, ", ")))
				return false
			}
		}
	}
	s.errorAt(c.file, diag.BadClusterArg, a.Name.Sp,
		fmt.Sprintf("unknown parameter %s of cluster(%s, ...): it takes %s%s", name, c.plan.Algorithm, strings.Join(allowed, ", "), didYouMean(name, allowed)))
	return false
}

// requireParams reports missing parameters: features always, k for
// k-means, eps and min_points for DBSCAN.
func (s *state) requireParams(c *clusterSym, seen map[string]bool) {
	need := []string{"features"}
	example := map[string]string{"features": "features=[recency_days, frequency, monetary]", "k": "k=4 or k=auto(2..8)",
		"eps": "eps=0.5", "min_points": "min_points=10"}
	if c.plan.Algorithm == plan.KMeans {
		need = append(need, "k")
	} else {
		need = append(need, "eps", "min_points")
	}
	for _, n := range need {
		if !seen[n] {
			s.errorAt(c.file, diag.BadClusterArg, c.decl.KeywordSp,
				fmt.Sprintf("cluster(%s, ...) needs %s=; add %s", c.plan.Algorithm, n, example[n]))
		}
	}
}

// readParam reads one known argument into the plan.
func (s *state) readParam(c *clusterSym, a *ast.NamedArg) {
	p := c.plan
	switch a.Name.Name {
	case "features":
		s.readFeatures(c, a)
	case "k":
		s.readK(c, a)
	case "transform":
		p.Transform = s.paramWord(c, a, clusterTransforms)
	case "scale":
		p.Scale = s.paramWord(c, a, clusterScales)
	case "seed":
		p.Seed = uint64(s.paramInt(c, a, 0, math.MaxInt64, "a non-negative integer, such as seed=42"))
	case "n_init":
		p.NInit = int(s.paramInt(c, a, 1, 1000, "an integer from 1 to 1000, such as n_init=10"))
	case "max_iter":
		p.MaxIter = int(s.paramInt(c, a, 1, 1_000_000, "a positive integer, such as max_iter=300"))
	case "min_points":
		p.MinPoints = int(s.paramInt(c, a, 1, 1_000_000, "a positive integer, such as min_points=10"))
	case "tol":
		p.Tol = s.paramFloat(c, a, 0, false, math.Inf(1), "a number at least 0, such as tol=0.0001")
	case "eps":
		p.Eps = s.paramFloat(c, a, 0, true, math.Inf(1), "a number above 0, such as eps=0.5")
	case "reduce":
		s.readReduce(c, a)
	}
}

// readFeatures checks features=[...] is a non-empty list.
func (s *state) readFeatures(c *clusterSym, a *ast.NamedArg) {
	if l, ok := a.Value.(*ast.ListLit); ok && len(l.Elems) > 0 {
		return
	}
	s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(),
		"features= takes a non-empty list of numeric entity-level values, such as features=[recency_days, frequency, monetary]")
}

// readK reads k=N (N >= 2) or k=auto(LO..HI) (2 <= LO < HI).
func (s *state) readK(c *clusterSym, a *ast.NamedArg) {
	p := c.plan
	if call, ok := a.Value.(*ast.CallExpr); ok && call.Fun != nil && call.Fun.Name == "auto" {
		var r *ast.RangeLit
		if len(call.Args) == 1 {
			r, _ = call.Args[0].(*ast.RangeLit)
		}
		lo, hi := int64(0), int64(0)
		if r != nil {
			lo, _ = intLiteral(r.Lo)
			hi, _ = intLiteral(r.Hi)
		}
		if r == nil || lo < 2 || hi <= lo || hi > maxClusterK {
			s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(),
				fmt.Sprintf("k=auto(LO..HI) takes two integers with 2 <= LO < HI <= %d, such as k=auto(2..8)", maxClusterK))
			return
		}
		p.KMin, p.KMax = int(lo), int(hi)
		return
	}
	k, ok := intLiteral(a.Value)
	if !ok || k < 2 || k > maxClusterK {
		s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(),
			fmt.Sprintf("k must be an integer from 2 to %d, or auto(2..8) to choose it by silhouette, not %s", maxClusterK, exprText(a.Value)))
		return
	}
	p.K = int(k)
}

// readReduce reads reduce=pca(SHARE) with 0 < SHARE <= 1.
func (s *state) readReduce(c *clusterSym, a *ast.NamedArg) {
	call, ok := a.Value.(*ast.CallExpr)
	var v float64
	if ok && call.Fun != nil && call.Fun.Name == "pca" && len(call.Args) == 1 {
		v, ok = numberLiteral(call.Args[0])
	} else {
		ok = false
	}
	if !ok || v <= 0 || v > 1 {
		s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(),
			"reduce= takes pca(SHARE), the share of variance to keep, above 0 and at most 1, such as reduce=pca(0.95)")
		return
	}
	c.plan.Reduce = v
}

// paramWord reads a bare word among the accepted ones.
func (s *state) paramWord(c *clusterSym, a *ast.NamedArg, accepted []string) string {
	id, ok := a.Value.(*ast.Ident)
	if ok {
		for _, w := range accepted {
			if w == id.Name {
				return w
			}
		}
	}
	hint := ""
	if ok {
		hint = didYouMean(id.Name, accepted)
	}
	s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(),
		fmt.Sprintf("%s= takes one of %s, not %s%s", a.Name.Name, strings.Join(accepted, ", "), exprText(a.Value), hint))
	return accepted[0]
}

// paramInt reads an integer literal in [lo, hi].
func (s *state) paramInt(c *clusterSym, a *ast.NamedArg, lo, hi int64, want string) int64 {
	v, ok := intLiteral(a.Value)
	if !ok || v < lo || v > hi {
		s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(), fmt.Sprintf("%s= takes %s, not %s", a.Name.Name, want, exprText(a.Value)))
		return lo
	}
	return v
}

// paramFloat reads a number literal above lo (or at least lo) and at most
// hi.
func (s *state) paramFloat(c *clusterSym, a *ast.NamedArg, lo float64, strict bool, hi float64, want string) float64 {
	v, ok := numberLiteral(a.Value)
	if !ok || v < lo || (strict && v == lo) || v > hi || math.IsNaN(v) {
		s.errorAt(c.file, diag.BadClusterArg, a.Value.Span(), fmt.Sprintf("%s= takes %s, not %s", a.Name.Name, want, exprText(a.Value)))
		return lo
	}
	return v
}

// intLiteral returns an integer literal's value.
func intLiteral(e ast.Expr) (int64, bool) {
	v, ok := literalValue(e)
	n, isInt := v.(int64)
	if _, dur := literalNode(e).(*ast.DurationLit); dur {
		return 0, false
	}
	return n, ok && isInt
}

// numberLiteral returns an int or decimal literal's value as a float.
func numberLiteral(e ast.Expr) (float64, bool) {
	if _, dur := literalNode(e).(*ast.DurationLit); dur {
		return 0, false
	}
	switch v, _ := literalValue(e); v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// readClusterNames checks `name by FEATURE: NAMES` and `retrain every D`.
func (s *state) readClusterNames(c *clusterSym) {
	p, d := c.plan, c.decl
	if d.RetrainEvery != nil {
		v, ok := literalValue(d.RetrainEvery)
		n, _ := v.(int64)
		if _, dur := literalNode(d.RetrainEvery).(*ast.DurationLit); !ok || !dur || n <= 0 {
			s.errorAt(c.file, diag.BadClusterArg, d.RetrainEvery.Span(),
				fmt.Sprintf("`retrain every` takes a positive duration such as 7d, not %s", exprText(d.RetrainEvery)))
		}
		p.RetrainEvery = n
	}
	if d.NameBy == nil || p.Algorithm == "" {
		return
	}
	s.checkNames(c, d.NameBy)
}

// checkNames checks the names: distinct, not reserved, one per cluster.
func (s *state) checkNames(c *clusterSym, nb *ast.ClusterNaming) {
	p := c.plan
	if p.Algorithm == plan.DBSCAN {
		s.errorAt(c.file, diag.BadClusterNames, nb.Sp,
			"dbscan finds its number of clusters from the data, so they cannot be named in advance; remove `name by` (the clusters are c1, c2, ... by size)")
		return
	}
	seen := map[string]bool{}
	var names []string
	for _, id := range nb.Names {
		switch {
		case reservedLabels[id.Name]:
			s.errorAt(c.file, diag.BadClusterNames, id.Sp, fmt.Sprintf("%q is reserved for the segments segc makes itself; choose another cluster name", id.Name))
		case seen[id.Name]:
			s.errorAt(c.file, diag.BadClusterNames, id.Sp, fmt.Sprintf("cluster name %s is given twice; each cluster needs its own name", id.Name))
		}
		seen[id.Name] = true
		names = append(names, id.Name)
	}
	switch {
	case p.K == 0 && p.KMax > 0:
		s.errorAt(c.file, diag.BadClusterNames, nb.Sp,
			"with k=auto(...) the number of clusters is chosen at training, so they cannot be named; fix k (k=4) to name them, or remove the names")
	case p.K > 0 && len(names) != p.K:
		s.errorAt(c.file, diag.BadClusterNames, nb.Sp,
			fmt.Sprintf("k=%d makes %d clusters, but %d names are given; give exactly one name per cluster, in ranking order", p.K, p.K, len(names)))
	default:
		p.Names = names
	}
}
