package cluster

import (
	"context"
	"math"
	"slices"
)

// lloydState holds one restart's buffers: labels, Hamerly's distance bounds,
// each row's squared distance to its centroid, and per-chunk partial sums.
type lloydState struct {
	x       Matrix
	k       int
	bounds  bool        // use Hamerly's bounds to skip distance computations
	labels  []int32     // -1 before the first assignment
	upper   []float64   // upper bound of the distance to the assigned centre
	lower   []float64   // lower bound of the distance to every other centre
	half    []float64   // half the distance from each centre to its nearest other centre
	moved   []float64   // how far each centre moved in the last update
	movedBy []float64   // per centre: the largest move of any other centre
	sums    [][]float64 // per chunk: k x cols coordinate sums
	counts  [][]int     // per chunk: rows per cluster
	changed []int       // per chunk: rows whose label changed
}

// newLloydState allocates the buffers for x and k clusters.
func newLloydState(x Matrix, k int, bounds bool) *lloydState {
	nc := numChunks(x.Rows)
	s := &lloydState{x: x, k: k, bounds: bounds, labels: make([]int32, x.Rows),
		upper: make([]float64, x.Rows), lower: make([]float64, x.Rows),
		half: make([]float64, k), moved: make([]float64, k), movedBy: make([]float64, k),
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
// stopped on tol, relabel once against the final centres. Hamerly's bounds
// skip distance computations that cannot change a label; the labels are
// those of plain Lloyd.
func lloyd(ctx context.Context, x Matrix, centers Matrix, opts Options, tol float64, bounds bool) (*Model, error) {
	s := newLloydState(x, opts.K, bounds)
	next := NewMatrix(opts.K, x.Cols)
	strict, iter := false, 0
	for iter < opts.MaxIter {
		iter++
		s.halfGaps(centers)
		changed, err := s.assign(ctx, centers, opts.Workers)
		if err != nil {
			return nil, err
		}
		s.newCenters(centers, next)
		centers, next = next, centers
		s.recordMoves(next, centers)
		if changed == 0 {
			strict = true
			break
		}
		if shiftSq(centers, next) <= tol {
			break
		}
	}
	if !strict {
		s.bounds = false
		if _, err := s.assign(ctx, centers, opts.Workers); err != nil {
			return nil, err
		}
	}
	inertia, err := s.inertia(ctx, centers, opts.Workers)
	if err != nil {
		return nil, err
	}
	return &Model{Centroids: centers, Labels: s.labels, Inertia: inertia, NIter: iter}, nil
}

// halfGaps records, for every centre, half the distance to its nearest
// other centre: a row closer than that to its centre keeps it.
func (s *lloydState) halfGaps(centers Matrix) {
	for a := range s.k {
		gap := math.Inf(1)
		for b := range s.k {
			if a != b {
				gap = min(gap, sqDist(centers.Row(a), centers.Row(b)))
			}
		}
		s.half[a] = math.Sqrt(gap) / 2
	}
}

// recordMoves records how far each centre moved from old to now.
func (s *lloydState) recordMoves(old, now Matrix) {
	for c := range s.k {
		s.moved[c] = math.Sqrt(sqDist(old.Row(c), now.Row(c)))
	}
	for c := range s.k {
		s.movedBy[c] = 0
		for o, m := range s.moved {
			if o != c {
				s.movedBy[c] = max(s.movedBy[c], m)
			}
		}
	}
}

// assign labels every row with its nearest centre, keeps the per-chunk sums
// and counts in step, and returns how many labels changed.
func (s *lloydState) assign(ctx context.Context, centers Matrix, workers int) (int, error) {
	kernel := s.assignChunk
	if s.x.Cols == 3 {
		kernel = s.assignChunk3
	}
	err := forChunks(ctx, s.x.Rows, workers, func(c, lo, hi int) {
		s.changed[c] = kernel(c, lo, hi, centers)
	})
	total := 0
	for _, c := range s.changed {
		total += c
	}
	return total, err
}

// assignChunk labels rows [lo, hi) and keeps chunk c's sums and counts up
// to date by moving only the rows whose label changed. Hamerly's test skips
// the nearest-centre search when a row's upper bound (distance to its centre,
// grown by that centre's move) is within both half the gap to the next
// centre and its lower bound (distance to any other centre, shrunk by the
// largest other move). It returns how many labels changed.
func (s *lloydState) assignChunk(c, lo, hi int, centers Matrix) int {
	sums, counts := s.sums[c], s.counts[c]
	d := s.x.Cols
	labels, upper, lower := s.labels[lo:hi], s.upper[lo:hi], s.lower[lo:hi]
	half, moved, movedBy := s.half, s.moved, s.movedBy
	data := s.x.Data[lo*d : hi*d]
	changed := 0
	for i, a := range labels {
		row := data[i*d : i*d+d : i*d+d]
		if s.bounds && a >= 0 {
			u, lb := upper[i]+moved[a], lower[i]-movedBy[a]
			lower[i] = lb
			bound := half[a]
			if lb > bound {
				bound = lb
			}
			if u > bound {
				u = math.Sqrt(sqDist(row, centers.Data[int(a)*d:int(a)*d+d]))
			}
			upper[i] = u
			if u <= bound {
				continue
			}
		}
		best, second := nearestTwo(row, centers)
		upper[i], lower[i] = math.Sqrt(best.dist), math.Sqrt(second)
		if l := best.label; l != a {
			labels[i] = l
			changed++
			moveRow(sums, counts, row, a, l)
		}
	}
	return changed
}

// moveRow moves a row's coordinates from cluster from (none when -1) to
// cluster to in a chunk's sums and counts.
func moveRow(sums []float64, counts []int, row []float64, from, to int32) {
	d := len(row)
	if from >= 0 {
		counts[from]--
		acc := sums[int(from)*d : int(from)*d+d]
		for j, v := range row {
			acc[j] -= v
		}
	}
	counts[to]++
	acc := sums[int(to)*d : int(to)*d+d]
	for j, v := range row {
		acc[j] += v
	}
}

// candidate is a centre and its squared distance.
type candidate struct {
	label int32
	dist  float64
}

// nearestTwo returns the nearest centre (the lowest index on a tie) and the
// squared distance to the second nearest.
func nearestTwo(p []float64, c Matrix) (candidate, float64) {
	best, second := candidate{0, math.Inf(1)}, math.Inf(1)
	d := c.Cols
	for k := range c.Rows {
		dist := sqDist(p, c.Data[k*d:k*d+d])
		if dist < best.dist {
			best, second = candidate{int32(k), dist}, best.dist
		} else if dist < second {
			second = dist
		}
	}
	return best, second
}

// inertia is the sum of squared distances of rows to their final centre,
// summed per chunk in chunk order.
func (s *lloydState) inertia(ctx context.Context, centers Matrix, workers int) (float64, error) {
	part := make([]float64, numChunks(s.x.Rows))
	err := forChunks(ctx, s.x.Rows, workers, func(c, lo, hi int) {
		sum := 0.0
		for i := lo; i < hi; i++ {
			sum += sqDist(s.x.Row(i), centers.Row(int(s.labels[i])))
		}
		part[c] = sum
	})
	total := 0.0
	for _, p := range part {
		total += p
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
	s.relocateEmpty(old, next, counts)
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
func (s *lloydState) relocateEmpty(old, sums Matrix, counts []int) {
	var empty []int
	for l, n := range counts {
		if n == 0 {
			empty = append(empty, l)
		}
	}
	if len(empty) == 0 {
		return
	}
	for e, i := range s.farthestRows(old, len(empty)) {
		l, from := empty[e], int(s.labels[i])
		for j, v := range s.x.Row(i) {
			sums.Data[from*sums.Cols+j] -= v
			sums.Data[l*sums.Cols+j] = v
		}
		counts[from]--
		counts[l] = 1
	}
}

// farthestRows returns the m rows farthest from their centre in old, largest
// first.
func (s *lloydState) farthestRows(old Matrix, m int) []int {
	dist := make([]float64, s.x.Rows)
	idx := make([]int, s.x.Rows)
	for i := range idx {
		idx[i] = i
		dist[i] = sqDist(s.x.Row(i), old.Row(int(s.labels[i])))
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
