package cluster

import (
	"fmt"
	"math"
)

// MatchCentroids matches retrained centroids to the stored ones so that each
// cluster keeps its identity: it returns, for every row of next, the row of
// old it continues, minimising the summed Euclidean distance between matched
// centroids (the Hungarian algorithm). When next has more rows than old, the
// extra ones get -1 (new clusters); when it has fewer, some old ones are left
// unmatched.
func MatchCentroids(old, next Matrix) ([]int, error) {
	if err := old.checkFinite(); err != nil {
		return nil, err
	}
	if err := next.checkFinite(); err != nil {
		return nil, err
	}
	if old.Cols != next.Cols {
		return nil, fmt.Errorf("cluster: cannot match centroids of %d features to centroids of %d features", next.Cols, old.Cols)
	}
	cost := func(i, j int) float64 { return math.Sqrt(sqDist(next.Row(i), old.Row(j))) }
	if next.Rows <= old.Rows {
		return hungarian(next.Rows, old.Rows, cost), nil
	}
	byOld := hungarian(old.Rows, next.Rows, func(i, j int) float64 { return cost(j, i) })
	match := make([]int, next.Rows)
	for i := range match {
		match[i] = -1
	}
	for o, n := range byOld {
		match[n] = o
	}
	return match, nil
}

// hungarian solves the rectangular assignment problem for rows <= cols with
// the potentials method (O(rows^2 cols)) and returns each row's column.
func hungarian(rows, cols int, cost func(i, j int) float64) []int {
	u, v := make([]float64, rows+1), make([]float64, cols+1)
	owner := make([]int, cols+1) // owner[j]: 1-based row assigned to column j, 0 if none
	way := make([]int, cols+1)
	for i := 1; i <= rows; i++ {
		owner[0] = i
		j0 := 0
		minv := make([]float64, cols+1)
		used := make([]bool, cols+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for owner[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := owner[j0], math.Inf(1), 0
			for j := 1; j <= cols; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= cols; j++ {
				if used[j] {
					u[owner[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			owner[j0] = owner[j1]
			j0 = j1
		}
	}
	match := make([]int, rows)
	for j := 1; j <= cols; j++ {
		if owner[j] != 0 {
			match[owner[j]-1] = j - 1
		}
	}
	return match
}
