package runtime

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/segc/segc/runtime/cluster"
)

// This file adapts package cluster to the cluster step. Pieces the
// numerics package does not offer yet (matching, PSI, adjusted Rand, PCA,
// DBSCAN) are small local stand-ins until it does.

// silhouetteSample is the number of rows the silhouette is computed on for
// larger populations (like scikit-learn's silhouette_score(sample_size=)).
const silhouetteSample = 10000

// sampleSize returns the silhouette sample for n rows (0: exact).
func sampleSize(n int) int {
	if n > silhouetteSample {
		return silhouetteSample
	}
	return 0
}

// matchCentroids pairs the rows of next with the rows of prev so that the
// summed squared distance is smallest; out[i] is the prev row matched to
// next row i, or -1 when next has more rows than prev.
func matchCentroids(prev, next cluster.Matrix) []int {
	cost := make([][]float64, next.Rows)
	for i := range cost {
		cost[i] = make([]float64, prev.Rows)
		for j := range cost[i] {
			cost[i][j] = sqDist(next.Row(i), prev.Row(j))
		}
	}
	return hungarian(cost)
}

// hungarian solves the rectangular assignment problem (minimum cost) with
// the O(n^3) potentials method; rows without a column get -1.
func hungarian(cost [][]float64) []int {
	rows := len(cost)
	if rows == 0 {
		return nil
	}
	cols := len(cost[0])
	n := max(rows, cols)
	a := func(i, j int) float64 {
		if i < rows && j < cols {
			return cost[i][j]
		}
		return 0
	}
	u, v := make([]float64, n+1), make([]float64, n+1)
	p, way := make([]int, n+1), make([]int, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, n+1)
		used := make([]bool, n+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := a(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, rows)
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= n; j++ {
		if p[j] > 0 && p[j] <= rows && j <= cols {
			out[p[j]-1] = j - 1
		}
	}
	return out
}

func sqDist(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}

// psi is the population stability index of actual against expected bin
// shares; shares below 1e-4 count as 1e-4 so empty bins stay finite.
func psi(expected, actual []float64) float64 {
	const floor = 1e-4
	s := 0.0
	for i := range expected {
		e, a := max(expected[i], floor), max(actual[i], floor)
		s += (a - e) * math.Log(a/e)
	}
	return s
}

// adjustedRand is the adjusted Rand index of two labelings of the same
// rows (scikit-learn's adjusted_rand_score); 1 for identical partitions.
func adjustedRand(a, b []int32) float64 {
	n := len(a)
	if n < 2 {
		return 1
	}
	type pair struct{ x, y int32 }
	cells, rows, cols := map[pair]int{}, map[int32]int{}, map[int32]int{}
	for i := range a {
		cells[pair{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	c2 := func(m int) float64 { return float64(m) * float64(m-1) / 2 }
	var index, sa, sb float64
	for _, m := range cells {
		index += c2(m)
	}
	for _, m := range rows {
		sa += c2(m)
	}
	for _, m := range cols {
		sb += c2(m)
	}
	expected := sa * sb / c2(n)
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// pcaProjection is a fitted PCA: rows are centred by Mean and multiplied
// by Components (features x kept components).
type pcaProjection struct {
	Mean       []float64      `json:"mean"`
	Components cluster.Matrix `json:"components"`
	Explained  []float64      `json:"explained_variance_ratio"`
}

// fitPCA is not available until package cluster offers PCA.
func fitPCA(x cluster.Matrix, share float64) (*pcaProjection, error) {
	return nil, fmt.Errorf("reduce=pca(%g) is not available yet: the numerics package has no PCA", share)
}

// project applies a fitted PCA to x (x itself without one).
func (p *pcaProjection) project(x cluster.Matrix) cluster.Matrix {
	if p == nil {
		return x
	}
	k := p.Components.Cols
	out := cluster.NewMatrix(x.Rows, k)
	for i := 0; i < x.Rows; i++ {
		row := x.Row(i)
		for c := 0; c < k; c++ {
			s := 0.0
			for j, v := range row {
				s += (v - p.Mean[j]) * p.Components.At(j, c)
			}
			out.Data[i*k+c] = s
		}
	}
	return out
}

// dbscan is not available until package cluster offers DBSCAN.
func dbscan(_ context.Context, _ cluster.Matrix, eps float64, minPoints int) ([]int32, error) {
	return nil, fmt.Errorf("cluster(dbscan, eps=%g, min_points=%d) is not available yet: the numerics package has no DBSCAN", eps, minPoints)
}

// quantileEdges returns the distinct interior decile edges of sorted values.
func quantileEdges(sorted []float64) []float64 {
	var edges []float64
	for q := 1; q < 10; q++ {
		pos := float64(q) / 10 * float64(len(sorted)-1)
		lo := int(math.Floor(pos))
		v := sorted[lo]
		if lo+1 < len(sorted) {
			v += (pos - float64(lo)) * (sorted[lo+1] - sorted[lo])
		}
		if len(edges) == 0 || v > edges[len(edges)-1] {
			edges = append(edges, v)
		}
	}
	return edges
}

// binShares returns the share of values in each bin of edges: bin b holds
// values v with edges[b-1] < v <= edges[b].
func binShares(values []float64, edges []float64) []float64 {
	out := make([]float64, len(edges)+1)
	for _, v := range values {
		b, _ := slices.BinarySearch(edges, v)
		out[b]++
	}
	for i := range out {
		out[i] /= float64(max(len(values), 1))
	}
	return out
}
