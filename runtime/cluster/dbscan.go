package cluster

import (
	"context"
	"fmt"
)

// Noise is the DBSCAN label of rows in no cluster.
const Noise = -1

// DBSCANResult is DBSCAN's outcome: a cluster label per row (Noise for
// noise), clusters numbered 0.. in order of their first core row, and which
// rows are core rows.
type DBSCANResult struct {
	Labels   []int32
	Core     []bool
	Clusters int
}

// DBSCAN is scikit-learn's DBSCAN(eps, min_samples=minPoints) with the
// Euclidean metric: a row is core when at least minPoints rows (itself
// included) lie within distance eps; clusters are the core rows connected
// through such neighbourhoods plus their non-core neighbours. Core rows and
// noise match scikit-learn exactly; so do border rows, which go to the
// first cluster (in order of its lowest core row) that reaches them.
// Neighbourhoods are found with a k-d tree.
func DBSCAN(ctx context.Context, x Matrix, eps float64, minPoints int) (*DBSCANResult, error) {
	if err := x.checkFinite(); err != nil {
		return nil, err
	}
	if !(eps > 0) || minPoints < 1 {
		return nil, fmt.Errorf("cluster: DBSCAN needs eps > 0 and min_points >= 1; got eps=%v, min_points=%d", eps, minPoints)
	}
	t := newKDTree(x)
	core, err := coreRows(ctx, t, eps, minPoints)
	if err != nil {
		return nil, err
	}
	res := &DBSCANResult{Labels: make([]int32, x.Rows), Core: core}
	for i := range res.Labels {
		res.Labels[i] = Noise
	}
	for i := range x.Rows {
		if res.Labels[i] != Noise || !core[i] {
			continue
		}
		if err := res.expand(ctx, x, t, i, eps, int32(res.Clusters)); err != nil {
			return nil, err
		}
		res.Clusters++
	}
	return res, nil
}

// coreRows marks the rows with at least minPoints neighbours within eps.
func coreRows(ctx context.Context, t *kdTree, eps float64, minPoints int) ([]bool, error) {
	core := make([]bool, len(t.idx))
	err := forChunks(ctx, len(t.idx), 0, func(_, lo, hi int) {
		for q := lo; q < hi; q++ { // tree order: neighbouring queries share leaves
			n := 0
			t.radius(t.point(q), eps, eps*eps, func(int) { n++ })
			core[t.idx[q]] = n >= minPoints
		}
	})
	return core, err
}

// expand labels everything density-reachable from core row seed.
func (r *DBSCANResult) expand(ctx context.Context, x Matrix, t *kdTree, seed int, eps float64, label int32) error {
	r.Labels[seed] = label
	stack := []int{seed}
	for popped := 0; len(stack) > 0; popped++ {
		if popped%chunkRows == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		t.radius(x.Row(i), eps, eps*eps, func(j int) {
			if r.Labels[j] != Noise {
				return
			}
			r.Labels[j] = label
			if r.Core[j] {
				stack = append(stack, j)
			}
		})
	}
	return nil
}
