package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Inertia is the sum of squared Euclidean distances of the rows of x to
// their labelled centroid.
func Inertia(x, centroids Matrix, labels []int32) (float64, error) {
	if err := checkLabels(x, labels); err != nil {
		return 0, err
	}
	s := 0.0
	for i := range x.Rows {
		l := int(labels[i])
		if l < 0 || l >= centroids.Rows || centroids.Cols != x.Cols {
			return 0, fmt.Errorf("cluster: row %d has label %d but there are %d centroids of %d features", i, l, centroids.Rows, centroids.Cols)
		}
		s += sqDist(x.Row(i), centroids.Row(l))
	}
	return s, nil
}

// checkLabels reports labels that do not fit x.
func checkLabels(x Matrix, labels []int32) error {
	if err := x.checkFinite(); err != nil {
		return err
	}
	if len(labels) != x.Rows {
		return fmt.Errorf("cluster: %d labels for %d rows", len(labels), x.Rows)
	}
	return nil
}

// denseLabels maps arbitrary label values to 0..L-1 in increasing order of
// value (as scikit-learn's LabelEncoder) and returns the number of labels.
func denseLabels(labels []int32) ([]int, int) {
	if len(labels) == 0 {
		return nil, 0
	}
	lo, hi := slices.Min(labels), slices.Max(labels)
	if int64(hi)-int64(lo) < denseRange {
		return denseSmallLabels(labels, lo, hi)
	}
	values := slices.Clone(labels)
	slices.Sort(values)
	values = slices.Compact(values)
	out := make([]int, len(labels))
	for i, l := range labels {
		out[i], _ = slices.BinarySearch(values, l)
	}
	return out, len(values)
}

// denseRange is the widest label range denseLabels maps by a table
// instead of a sort: cluster labels are small.
const denseRange = 1 << 16

// denseSmallLabels is denseLabels for labels in [lo, hi], a small range:
// a table of the values present gives each its rank.
func denseSmallLabels(labels []int32, lo, hi int32) ([]int, int) {
	rank := make([]int, int(hi-lo)+1)
	for _, l := range labels {
		rank[l-lo] = 1
	}
	k := 0
	for v, present := range rank {
		rank[v] = k
		k += present
	}
	out := make([]int, len(labels))
	for i, l := range labels {
		out[i] = rank[l-lo]
	}
	return out, k
}

// DaviesBouldin is scikit-learn's davies_bouldin_score: the mean over
// clusters of the largest (s_i + s_j) / d(c_i, c_j), where s_i is the mean
// distance of cluster i's rows to its centroid c_i. It is 0 when every
// cluster is a point or all centroids coincide.
func DaviesBouldin(x Matrix, labels []int32) (float64, error) {
	if err := checkLabels(x, labels); err != nil {
		return 0, err
	}
	dense, k := denseLabels(labels)
	if k < 2 || k > x.Rows-1 {
		return 0, fmt.Errorf("cluster: Davies-Bouldin needs 2 to n-1 (%d) distinct labels, got %d", x.Rows-1, k)
	}
	centroids, counts := labelCentroids(x, dense, k)
	intra := make([]float64, k)
	for i := range x.Rows {
		intra[dense[i]] += math.Sqrt(sqDist(x.Row(i), centroids.Row(dense[i])))
	}
	for l := range intra {
		intra[l] /= float64(counts[l])
	}
	return dbFromParts(centroids, intra), nil
}

// dbFromParts combines centroids and mean intra-cluster distances into the
// Davies-Bouldin index.
func dbFromParts(centroids Matrix, intra []float64) float64 {
	k := centroids.Rows
	allZero := !slices.ContainsFunc(intra, func(v float64) bool { return math.Abs(v) > 1e-8 })
	total, centroidsApart := 0.0, false
	for a := range k {
		worst := 0.0
		for b := range k {
			d := math.Sqrt(sqDist(centroids.Row(a), centroids.Row(b)))
			if a == b || d == 0 {
				continue
			}
			centroidsApart = centroidsApart || d > 1e-8
			worst = max(worst, (intra[a]+intra[b])/d)
		}
		total += worst
	}
	if allZero || !centroidsApart {
		return 0
	}
	return total / float64(k)
}

// labelCentroids returns the mean row of each dense label and the counts.
func labelCentroids(x Matrix, dense []int, k int) (Matrix, []int) {
	c := NewMatrix(k, x.Cols)
	counts := make([]int, k)
	for i := range x.Rows {
		counts[dense[i]]++
		acc := c.Row(dense[i])
		for j, v := range x.Row(i) {
			acc[j] += v
		}
	}
	for l := range k {
		for j := range x.Cols {
			c.Data[l*x.Cols+j] /= float64(counts[l])
		}
	}
	return c, counts
}

// Silhouette is scikit-learn's silhouette_score with the Euclidean metric:
// the mean over rows of (b - a) / max(a, b), where a is the mean distance to
// the other rows of the row's cluster and b the smallest mean distance to
// another cluster's rows; rows alone in their cluster score 0.
//
// sampleSize <= 0 or >= the number of rows computes it exactly (O(n^2)).
// Otherwise it is computed on sampleSize rows drawn without replacement by a
// partial Fisher-Yates shuffle of 0..n-1 with PCG(seed, silhouetteStream),
// like silhouette_score(sample_size=..., random_state=...) (the sample
// itself differs from numpy's).
func Silhouette(ctx context.Context, x Matrix, labels []int32, sampleSize int, seed uint64) (float64, error) {
	return SilhouetteOn(ctx, x, labels, sampleSize, seed, 0)
}

// SilhouetteOn is Silhouette on at most workers goroutines (0 means
// GOMAXPROCS). The score does not depend on it.
func SilhouetteOn(ctx context.Context, x Matrix, labels []int32, sampleSize int, seed uint64, workers int) (float64, error) {
	if err := checkLabels(x, labels); err != nil {
		return 0, err
	}
	if sampleSize > 0 && sampleSize < x.Rows {
		x, labels = sampleRows(x, labels, sampleSize, seed)
	}
	dense, k := denseLabels(labels)
	if k < 2 || k > x.Rows-1 {
		return 0, fmt.Errorf("cluster: silhouette needs 2 to n-1 (%d) distinct labels, got %d; use a larger sample", x.Rows-1, k)
	}
	counts := make([]int, k)
	for _, l := range dense {
		counts[l]++
	}
	sums, err := labelDistanceSums(ctx, x, dense, k, workers)
	if err != nil {
		return 0, err
	}
	scores := make([]float64, x.Rows)
	for i := range scores {
		scores[i] = silhouetteOf(sums[i*k:(i+1)*k], counts, dense[i])
	}
	return pairwiseSum(scores) / float64(len(scores)), nil
}

// labelDistanceSums returns, row-major, each row's summed distance to the
// rows of each label. Each pair of row chunks is one unit of work that
// computes its distances once and adds them to the rows on both sides;
// the units' partial sums are added in a fixed order, so the result does
// not depend on the number of workers.
func labelDistanceSums(ctx context.Context, x Matrix, dense []int, k, workers int) ([]float64, error) {
	nc := numChunks(x.Rows)
	var pairs [][2]int
	for a := range nc {
		for b := a; b < nc; b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	parts := make([][]float64, len(pairs))
	// One "chunk" of forChunks per pair: forChunks only numbers the units.
	err := forChunks(ctx, len(pairs)*chunkRows, workers, func(p, _, _ int) {
		parts[p] = pairSums(x, dense, k, pairs[p][0], pairs[p][1])
	})
	if err != nil {
		return nil, err
	}
	sums := make([]float64, x.Rows*k)
	for p, pair := range pairs {
		addPart(sums, parts[p], x.Rows, k, pair)
	}
	return sums, nil
}

// chunkSpan returns the rows [lo, hi) of chunk c of n rows.
func chunkSpan(c, n int) (int, int) { return c * chunkRows, min(n, (c+1)*chunkRows) }

// pairSums sums, per row and label, the distances between the rows of
// chunks a <= b: a's rows first (k sums each), then, when b != a, b's.
func pairSums(x Matrix, dense []int, k, a, b int) []float64 {
	aLo, aHi := chunkSpan(a, x.Rows)
	bLo, bHi := chunkSpan(b, x.Rows)
	out := make([]float64, (aHi-aLo)*k)
	outB := out
	if a != b {
		out = make([]float64, (aHi-aLo+bHi-bLo)*k)
		outB = out[(aHi-aLo)*k:]
	}
	for i := aLo; i < aHi; i++ {
		from := bLo
		if a == b {
			from = i + 1
		}
		if x.Cols == 3 {
			pairRow3(x, dense, k, i, from, bLo, bHi, out[(i-aLo)*k:(i-aLo+1)*k], outB)
		} else {
			pairRow(x, dense, k, i, from, bLo, bHi, out[(i-aLo)*k:(i-aLo+1)*k], outB)
		}
	}
	return out
}

// pairRow adds the distances between row i and rows [from, hi) of the
// chunk starting at lo: to row i's sums by the other row's label (rowA) and
// to each other row's sum for row i's label (in outB, k per row from lo).
func pairRow(x Matrix, dense []int, k, i, from, lo, hi int, rowA, outB []float64) {
	p, own := x.Row(i), dense[i]
	for j := from; j < hi; j++ {
		d := math.Sqrt(sqDist(p, x.Row(j)))
		rowA[dense[j]] += d
		outB[(j-lo)*k+own] += d
	}
}

// pairRow3 is pairRow for rows of three features, with the distance
// written out; the operations and their order are pairRow's.
func pairRow3(x Matrix, dense []int, k, i, from, lo, hi int, rowA, outB []float64) {
	p := x.Data[i*3 : i*3+3 : i*3+3]
	p0, p1, p2 := p[0], p[1], p[2]
	own := dense[i]
	data, labels := x.Data[from*3:hi*3], dense[from:hi]
	outB = outB[(from-lo)*k:]
	for j, l := range labels {
		d := math.Sqrt(sqDist3(p0, p1, p2, data[j*3:j*3+3]))
		rowA[l] += d
		outB[j*k+own] += d
	}
}

// addPart adds a pair's partial sums to the rows of its chunks.
func addPart(sums, part []float64, n, k int, pair [2]int) {
	aLo, aHi := chunkSpan(pair[0], n)
	addRows(sums[aLo*k:aHi*k], part[:(aHi-aLo)*k])
	if pair[0] != pair[1] {
		bLo, bHi := chunkSpan(pair[1], n)
		addRows(sums[bLo*k:bHi*k], part[(aHi-aLo)*k:])
	}
}

func addRows(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

// silhouetteOf is one row's silhouette from its summed distance to each
// label's rows.
func silhouetteOf(sums []float64, counts []int, own int) float64 {
	if counts[own] == 1 {
		return 0
	}
	a := sums[own] / float64(counts[own]-1)
	b := math.Inf(1)
	for l, s := range sums {
		if l != own {
			b = min(b, s/float64(counts[l]))
		}
	}
	if m := max(a, b); m > 0 {
		return (b - a) / m
	}
	return 0
}

// sampleRows draws m rows without replacement (see Silhouette), in
// increasing row order.
func sampleRows(x Matrix, labels []int32, m int, seed uint64) (Matrix, []int32) {
	rng := newRNG(seed, silhouetteStream)
	perm := make([]int, x.Rows)
	for i := range perm {
		perm[i] = i
	}
	for i := range m {
		j := i + rng.IntN(x.Rows-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	pick := perm[:m]
	slices.Sort(pick)
	out, ls := NewMatrix(m, x.Cols), make([]int32, m)
	for r, i := range pick {
		copy(out.Row(r), x.Row(i))
		ls[r] = labels[i]
	}
	return out, ls
}

// pairwiseSum sums v by recursive halving, like numpy, to keep rounding small.
func pairwiseSum(v []float64) float64 {
	if len(v) <= 8 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s
	}
	h := len(v) / 2
	return pairwiseSum(v[:h]) + pairwiseSum(v[h:])
}
