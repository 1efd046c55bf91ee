package cluster

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// PSI bins and the share given to empty bins.
const (
	PSIBins    = 10
	PSIEpsilon = 1e-4
)

// PSI is the population stability index of a feature's current values
// against its training values: sum over bins of (c - t) * ln(c / t), where t
// and c are the training and current shares of each bin. The bins are the
// PSIBins quantile bins of the training data: edges at the training
// deciles (numpy linear quantiles), duplicate edges merged, intervals
// (-inf, e1], (e1, e2], ..., (e9, +inf). A bin's share below PSIEpsilon
// counts as PSIEpsilon, so empty bins stay finite. NaN values (nulls) are
// ignored. Common reading: < 0.1 stable, 0.1 to 0.25 drifting, > 0.25 shifted.
func PSI(train, current []float64) (float64, error) {
	t, c := finite(train), finite(current)
	if len(t) == 0 || len(c) == 0 {
		return 0, fmt.Errorf("cluster: PSI needs non-null training and current values; got %d and %d", len(t), len(c))
	}
	slices.Sort(t)
	edges := make([]float64, 0, PSIBins-1)
	for b := 1; b < PSIBins; b++ {
		edges = append(edges, quantileSorted(t, float64(b)/PSIBins))
	}
	edges = slices.Compact(edges)
	pt, pc := binShares(t, edges), binShares(c, edges)
	psi := 0.0
	for b := range pt {
		psi += (pc[b] - pt[b]) * math.Log(pc[b]/pt[b])
	}
	return psi, nil
}

// finite returns a copy of the non-NaN values.
func finite(v []float64) []float64 {
	out := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

// binShares returns the share of values in each bin (-inf, e1], ...,
// (e_last, +inf), floored at PSIEpsilon.
func binShares(v []float64, edges []float64) []float64 {
	counts := make([]float64, len(edges)+1)
	for _, x := range v {
		counts[sort.SearchFloat64s(edges, x)]++
	}
	for b := range counts {
		counts[b] = max(counts[b]/float64(len(v)), PSIEpsilon)
	}
	return counts
}

// AdjustedRand is scikit-learn's adjusted_rand_score of two labelings of the
// same rows: 1 for identical partitions (label values do not matter), about
// 0 for independent ones.
func AdjustedRand(a, b []int32) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("cluster: adjusted Rand index needs labelings of equal length; got %d and %d", len(a), len(b))
	}
	da, ka := denseLabels(a)
	db, kb := denseLabels(b)
	table := make([]float64, ka*kb)
	for i := range da {
		table[da[i]*kb+db[i]]++
	}
	return adjustedRand(table, ka, kb, len(a)), nil
}

// adjustedRand is the adjusted Rand index of the contingency table of n
// pairs (ka rows by kb columns). Rows or columns of zeros (labels that
// do not occur) leave it unchanged, to the bit: they add only zeros.
func adjustedRand(table []float64, ka, kb, n int) float64 {
	rowSum, colSum := make([]float64, ka), make([]float64, kb)
	for r := range ka {
		for c := range kb {
			rowSum[r] += table[r*kb+c]
			colSum[c] += table[r*kb+c]
		}
	}
	nf := float64(n)
	squares, rowDot, colDot := 0.0, 0.0, 0.0
	for r := range ka {
		for c := range kb {
			v := table[r*kb+c]
			squares += v * v
			rowDot += v * colSum[c]
			colDot += v * rowSum[r]
		}
	}
	tp, fp, fn := squares-nf, rowDot-squares, colDot-squares
	tn := nf*nf - fp - fn - squares
	if fn == 0 && fp == 0 {
		return 1
	}
	return 2 * (tp*tn - fn*fp) / ((tp+fn)*(fn+tn) + (tp+fp)*(fp+tn))
}

// Contingency counts pairs of labels (one from each of two labelings of
// the same rows) in a small range, so that AdjustedRand can be taken
// without keeping both labelings.
type Contingency struct {
	lo    int32
	k     int
	table []float64
	n     int
}

// contingencyRange is the widest label range a Contingency counts (its
// table has the square of it): cluster ids are small.
const contingencyRange = 256

// NewContingency returns an empty table for labels in [lo, hi]; nil when
// the range is too wide for a table (more than contingencyRange labels).
func NewContingency(lo, hi int32) *Contingency {
	k := int64(hi) - int64(lo) + 1
	if k <= 0 || k > contingencyRange {
		return nil
	}
	return &Contingency{lo: lo, k: int(k), table: make([]float64, k*k)}
}

// Add counts one row labelled a in the first labeling and b in the
// second; both must be in the table's range.
func (c *Contingency) Add(a, b int32) {
	c.table[int(a-c.lo)*c.k+int(b-c.lo)]++
	c.n++
}

// N returns the number of rows counted.
func (c *Contingency) N() int { return c.n }

// AdjustedRand is AdjustedRand of the two labelings counted, to the bit.
func (c *Contingency) AdjustedRand() float64 {
	return adjustedRand(c.table, c.k, c.k, c.n)
}
