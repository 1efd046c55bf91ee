package cluster

import (
	"math"
	"sort"
)

// kdLeafSize is the most rows a k-d tree leaf holds.
const kdLeafSize = 16

// kdTree is a static k-d tree over the rows of a matrix for radius queries.
type kdTree struct {
	x     Matrix
	idx   []int    // row indices, permuted so every node owns a contiguous range
	nodes []kdNode // nodes[0] is the root
}

// kdNode owns idx[lo:hi]; an inner node splits on dim at value into the
// children left and right.
type kdNode struct {
	lo, hi      int
	dim         int
	value       float64
	left, right int // -1 for a leaf
}

// newKDTree builds a k-d tree over the rows of x, splitting each node at the
// median of its widest dimension.
func newKDTree(x Matrix) *kdTree {
	t := &kdTree{x: x, idx: make([]int, x.Rows)}
	for i := range t.idx {
		t.idx[i] = i
	}
	t.build(0, x.Rows)
	return t
}

// build creates the node owning idx[lo:hi] and returns its index.
func (t *kdTree) build(lo, hi int) int {
	id := len(t.nodes)
	t.nodes = append(t.nodes, kdNode{lo: lo, hi: hi, left: -1, right: -1})
	if hi-lo <= kdLeafSize {
		return id
	}
	dim := t.widest(lo, hi)
	part := t.idx[lo:hi]
	sort.Slice(part, func(a, b int) bool { return t.x.At(part[a], dim) < t.x.At(part[b], dim) })
	mid := lo + (hi-lo)/2
	value := t.x.At(t.idx[mid], dim)
	left := t.build(lo, mid)
	right := t.build(mid, hi)
	t.nodes[id].dim, t.nodes[id].value, t.nodes[id].left, t.nodes[id].right = dim, value, left, right
	return id
}

// widest returns the dimension with the largest spread among idx[lo:hi].
func (t *kdTree) widest(lo, hi int) int {
	best, spread := 0, -1.0
	for j := range t.x.Cols {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, i := range t.idx[lo:hi] {
			v := t.x.At(i, j)
			mn, mx = min(mn, v), max(mx, v)
		}
		if mx-mn > spread {
			best, spread = j, mx-mn
		}
	}
	return best
}

// radius calls visit for every row within squared distance r2 of p
// (distance <= radius, as scikit-learn's radius_neighbors).
func (t *kdTree) radius(p []float64, r, r2 float64, visit func(i int)) {
	t.search(0, p, r, r2, visit)
}

// search visits the rows of node id within r of p.
func (t *kdTree) search(id int, p []float64, r, r2 float64, visit func(i int)) {
	n := t.nodes[id]
	if n.left < 0 {
		for _, i := range t.idx[n.lo:n.hi] {
			if sqDist(p, t.x.Row(i)) <= r2 {
				visit(i)
			}
		}
		return
	}
	// Rows left of the split have coordinate <= value, rows right >= value.
	if p[n.dim]-r <= n.value {
		t.search(n.left, p, r, r2, visit)
	}
	if p[n.dim]+r >= n.value {
		t.search(n.right, p, r, r2, visit)
	}
}
