package cluster

import (
	"context"
	"slices"
)

// lloydState holds one restart's buffers: labels, each row's squared
// distance to its centroid, and per-chunk partial sums.
type lloydState struct {
	x       Matrix
	k       int
	labels  []int32
	dist    []float64
	sums    [][]float64 // per chunk: k x cols coordinate sums
	counts  [][]int     // per chunk: rows per cluster
	changed []int       // per chunk: rows whose label changed
}

// newLloydState allocates the buffers for x and k clusters; labels start at -1.
func newLloydState(x Matrix, k int) *lloydState {
	nc := numChunks(x.Rows)
	s := &lloydState{x: x, k: k, labels: make([]int32, x.Rows), dist: make([]float64, x.Rows),
		sums: make([][]float64, nc), counts: make([][]int, nc), changed: make([]int, nc)}
	for c := range nc {
		s.sums[c] = make([]float64, k*x.Cols)
		s.counts[c] = make([]int, k)
	}
	for i := range s.labels {
		s.labels[i] = -1
	}
	return s
}

// lloyd refines centers by Lloyd iterations, as scikit-learn's
// _kmeans_single_lloyd: assign and accumulate in one pass, stop when labels
// are unchanged or the summed squared centre shift is at most tol; when
// stopped on tol, relabel once against the final centres.
func lloyd(ctx context.Context, x Matrix, centers Matrix, opts Options, tol float64) (*Model, error) {
	s := newLloydState(x, opts.K)
	next := NewMatrix(opts.K, x.Cols)
	strict, iter := false, 0
	for iter < opts.MaxIter {
		iter++
		changed, err := s.assign(ctx, centers, opts.Workers)
		if err != nil {
			return nil, err
		}
		s.newCenters(centers, next)
		centers, next = next, centers
		if changed == 0 {
			strict = true
			break
		}
		if shiftSq(centers, next) <= tol {
			break
		}
	}
	if !strict {
		if _, err := s.assign(ctx, centers, opts.Workers); err != nil {
			return nil, err
		}
	}
	return &Model{Centroids: centers, Labels: s.labels, Inertia: sumChunked(s.dist), NIter: iter}, nil
}

// assign labels every row with its nearest centre, records the squared
// distance, accumulates per-chunk sums and counts, and returns how many
// labels changed.
func (s *lloydState) assign(ctx context.Context, centers Matrix, workers int) (int, error) {
	err := forChunks(ctx, s.x.Rows, workers, func(c, lo, hi int) {
		sums, counts := s.sums[c], s.counts[c]
		clear(sums)
		clear(counts)
		changed, d := 0, s.x.Cols
		for i := lo; i < hi; i++ {
			row := s.x.Row(i)
			l, dist := nearest(row, centers)
			if l != s.labels[i] {
				changed++
				s.labels[i] = l
			}
			s.dist[i] = dist
			counts[l]++
			acc := sums[int(l)*d : int(l)*d+d]
			for j, v := range row {
				acc[j] += v
			}
		}
		s.changed[c] = changed
	})
	total := 0
	for _, c := range s.changed {
		total += c
	}
	return total, err
}

// newCenters writes the mean of each cluster into next, combining chunk sums
// in chunk order; empty clusters are relocated first.
func (s *lloydState) newCenters(old, next Matrix) {
	clear(next.Data)
	counts := make([]int, s.k)
	for c := range s.sums {
		for i, v := range s.sums[c] {
			next.Data[i] += v
		}
		for l, n := range s.counts[c] {
			counts[l] += n
		}
	}
	s.relocateEmpty(next, counts)
	for l := range s.k {
		if counts[l] == 0 { // a relocation emptied a singleton: keep its centre
			copy(next.Row(l), old.Row(l))
			continue
		}
		for j := range next.Cols {
			next.Data[l*next.Cols+j] /= float64(counts[l])
		}
	}
}

// relocateEmpty gives every empty cluster one of the rows farthest from
// their centroid (largest first, the lowest row on a tie), removing that row
// from its own cluster's sums, as scikit-learn does.
func (s *lloydState) relocateEmpty(sums Matrix, counts []int) {
	var empty []int
	for l, n := range counts {
		if n == 0 {
			empty = append(empty, l)
		}
	}
	if len(empty) == 0 {
		return
	}
	far := farthestRows(s.dist, len(empty))
	for e, l := range empty {
		i := far[e]
		from := int(s.labels[i])
		for j, v := range s.x.Row(i) {
			sums.Data[from*sums.Cols+j] -= v
			sums.Data[l*sums.Cols+j] = v
		}
		counts[from]--
		counts[l] = 1
	}
}

// farthestRows returns the indices of the m largest distances, largest first.
func farthestRows(dist []float64, m int) []int {
	idx := make([]int, len(dist))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case dist[a] > dist[b]:
			return -1
		case dist[a] < dist[b]:
			return 1
		}
		return 0
	})
	return idx[:m]
}

// shiftSq is the summed squared distance between matching rows of a and b.
func shiftSq(a, b Matrix) float64 {
	s := 0.0
	for k := range a.Rows {
		s += sqDist(a.Row(k), b.Row(k))
	}
	return s
}
