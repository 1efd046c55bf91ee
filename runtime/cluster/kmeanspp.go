package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
)

// kmeansPlusPlus picks k initial centres with scikit-learn's greedy
// k-means++: the first centre is a uniformly random row; each next centre is
// the best (lowest resulting potential) of 2+floor(ln k) rows sampled with
// probability proportional to their squared distance to the nearest chosen
// centre.
func kmeansPlusPlus(ctx context.Context, x Matrix, k int, rng *rand.Rand, workers int) (Matrix, error) {
	centers := NewMatrix(k, x.Cols)
	first := rng.IntN(x.Rows)
	copy(centers.Row(0), x.Row(first))
	closest := make([]float64, x.Rows)
	pot, err := distancesTo(ctx, x, x.Row(first), nil, closest, workers)
	if err != nil {
		return Matrix{}, err
	}
	trials := 2 + int(math.Log(float64(k)))
	cand := make([][]float64, trials)
	for t := range cand {
		cand[t] = make([]float64, x.Rows)
	}
	cum := make([]float64, x.Rows)
	for c := 1; c < k; c++ {
		cumulative(closest, cum)
		bestT, bestPot, bestID := -1, math.Inf(1), 0
		for t := range trials {
			id := sort.SearchFloat64s(cum, rng.Float64()*pot)
			id = min(id, x.Rows-1)
			p, err := distancesTo(ctx, x, x.Row(id), closest, cand[t], workers)
			if err != nil {
				return Matrix{}, err
			}
			if p < bestPot {
				bestT, bestPot, bestID = t, p, id
			}
		}
		if bestT < 0 { // every potential was NaN: cannot happen with finite rows
			bestT, bestPot, bestID = 0, sumChunked(cand[0]), 0
		}
		closest, cand[bestT] = cand[bestT], closest
		pot = bestPot
		copy(centers.Row(c), x.Row(bestID))
	}
	return centers, nil
}

// distancesTo writes into out the squared distance of every row to p, or
// its minimum with floor[i] when floor is not nil, and returns their sum
// as sumChunked(out) would: each chunk summed in order as it is written,
// then the chunks in order.
func distancesTo(ctx context.Context, x Matrix, p, floor, out []float64, workers int) (float64, error) {
	parts := make([]float64, numChunks(x.Rows))
	err := forChunks(ctx, x.Rows, workers, func(c, lo, hi int) {
		if x.Cols == 3 {
			parts[c] = distancesTo3(x.Data[lo*3:hi*3], p, floorPart(floor, lo, hi), out[lo:hi])
			return
		}
		s := 0.0
		for i := lo; i < hi; i++ {
			d := sqDist(p, x.Row(i))
			if floor != nil {
				d = min(d, floor[i])
			}
			out[i] = d
			s += d
		}
		parts[c] = s
	})
	total := 0.0
	for _, s := range parts {
		total += s
	}
	return total, err
}

// floorPart is floor[lo:hi], or nil when there is no floor.
func floorPart(floor []float64, lo, hi int) []float64 {
	if floor == nil {
		return nil
	}
	return floor[lo:hi]
}

// distancesTo3 is distancesTo's loop for rows of three features (data,
// three values per row), with the distance written out; it returns the
// distances' sum.
func distancesTo3(data, p, floor, out []float64) float64 {
	p0, p1, p2 := p[0], p[1], p[2]
	s := 0.0
	for i := range out {
		d := sqDist3(p0, p1, p2, data[i*3:i*3+3])
		if floor != nil {
			d = min(d, floor[i])
		}
		out[i] = d
		s += d
	}
	return s
}

// cumulative writes the running sum of v into cum.
func cumulative(v, cum []float64) {
	s := 0.0
	for i, x := range v {
		s += x
		cum[i] = s
	}
}

// sumChunked sums v chunk by chunk, the same summation order everywhere.
func sumChunked(v []float64) float64 {
	total := 0.0
	for lo := 0; lo < len(v); lo += chunkRows {
		s := 0.0
		for _, x := range v[lo:min(len(v), lo+chunkRows)] {
			s += x
		}
		total += s
	}
	return total
}
