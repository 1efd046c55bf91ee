package runtime

import (
	"math"

	"github.com/segc/segc/runtime/cluster"
)

// This file adapts package cluster to the cluster step. Drift is computed
// from bins stored with the model (cluster.PSI needs the raw training
// values, which a stored model does not keep), with the same deciles and
// floor as cluster.PSI.

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

// silhouetteSampleFor is sampleSize in cluster.AutoK's convention, where
// a negative size means exact.
func silhouetteSampleFor(n int) int {
	if s := sampleSize(n); s > 0 {
		return s
	}
	return -1
}

// matchCentroids pairs the rows of next with the rows of prev (see
// cluster.MatchCentroids); out[i] is the prev row next row i continues, or
// -1 for a new cluster.
func matchCentroids(prev, next cluster.Matrix) ([]int, error) {
	return cluster.MatchCentroids(prev, next)
}

// psi is the population stability index of actual against expected bin
// shares; shares below 1e-4 count as 1e-4 so empty bins stay finite.
func psi(expected, actual []float64) float64 {
	floor := cluster.PSIEpsilon
	s := 0.0
	for i := range expected {
		e, a := max(expected[i], floor), max(actual[i], floor)
		s += (a - e) * math.Log(a/e)
	}
	return s
}

// pcaProjection is a fitted PCA.
type pcaProjection = cluster.Projection

// fitPCA fits the PCA that keeps share of the variance and projects x.
func fitPCA(x cluster.Matrix, share float64) (*pcaProjection, cluster.Matrix, error) {
	return cluster.PCA(x, share)
}

// project applies a fitted PCA to x (x itself without one).
func project(p *pcaProjection, x cluster.Matrix) (cluster.Matrix, error) {
	if p == nil {
		return x, nil
	}
	return p.Apply(x)
}

// quantileEdges returns the distinct interior decile edges of sorted values
// (only the positions the deciles read need be in sorted order: see
// decileEdges).
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

// binShares returns the share of values in each bin of edges (ascending):
// bin b holds values v with edges[b-1] < v <= edges[b] (see binOf).
func binShares(values []float64, edges []float64) []float64 {
	counts := make([]int, len(edges)+1)
	for _, v := range values {
		counts[binOf(v, edges)]++
	}
	return sharesOf(counts, len(values))
}

// binOf is the bin of v: the number of edges below it, counted over all
// (at most nine) edges, adding each comparison's 0 or 1: no branch to
// mispredict (an `if e < v { b++ }` compiled to one, twice as slow).
func binOf(v float64, edges []float64) int {
	b := 0
	for _, e := range edges {
		b += boolInt(e < v)
	}
	return b
}

// sharesOf divides each bin's count by the number of values (by 1 when
// there are none).
func sharesOf(counts []int, n int) []float64 {
	out := make([]float64, len(counts))
	for i, c := range counts {
		out[i] = float64(c) / float64(max(n, 1))
	}
	return out
}
