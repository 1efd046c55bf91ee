package cluster

import "math"

// kdLeafSize is the most rows a k-d tree leaf holds.
const kdLeafSize = 16

// kdTree is a static k-d tree over the rows of a matrix for radius queries.
// It keeps its own copy of the rows in tree order so leaves are contiguous.
type kdTree struct {
	dims  int
	idx   []int     // original row of each tree position
	pts   []float64 // rows in tree order, dims values each
	nodes []kdNode  // nodes[0] is the root
}

// kdNode owns tree positions [lo, hi); an inner node splits on dim at value
// into the children left and right.
type kdNode struct {
	lo, hi      int
	dim         int
	value       float64
	left, right int // -1 for a leaf
}

// newKDTree builds a k-d tree over the rows of x, splitting each node at the
// median of its widest dimension.
func newKDTree(x Matrix) *kdTree {
	t := &kdTree{dims: x.Cols, idx: make([]int, x.Rows), pts: make([]float64, len(x.Data))}
	for i := range t.idx {
		t.idx[i] = i
	}
	copy(t.pts, x.Data)
	t.build(0, x.Rows)
	return t
}

// point returns the row at tree position p.
func (t *kdTree) point(p int) []float64 { return t.pts[p*t.dims : (p+1)*t.dims : (p+1)*t.dims] }

// coord returns coordinate dim of the row at tree position p.
func (t *kdTree) coord(p, dim int) float64 { return t.pts[p*t.dims+dim] }

// swap exchanges tree positions a and b.
func (t *kdTree) swap(a, b int) {
	t.idx[a], t.idx[b] = t.idx[b], t.idx[a]
	pa, pb := t.point(a), t.point(b)
	for j := range pa {
		pa[j], pb[j] = pb[j], pa[j]
	}
}

// build creates the node owning positions [lo, hi) and returns its index.
func (t *kdTree) build(lo, hi int) int {
	id := len(t.nodes)
	t.nodes = append(t.nodes, kdNode{lo: lo, hi: hi, left: -1, right: -1})
	if hi-lo <= kdLeafSize {
		return id
	}
	dim := t.widest(lo, hi)
	mid := lo + (hi-lo)/2
	t.selectNth(lo, hi, mid, dim)
	value := t.coord(mid, dim)
	left := t.build(lo, mid)
	right := t.build(mid, hi)
	t.nodes[id].dim, t.nodes[id].value, t.nodes[id].left, t.nodes[id].right = dim, value, left, right
	return id
}

// selectNth reorders positions [lo, hi) so that position nth holds the value
// it would hold if sorted on dim, with nothing larger before it and nothing
// smaller after it (quickselect with a middle pivot).
func (t *kdTree) selectNth(lo, hi, nth, dim int) {
	for hi-lo > 1 {
		t.swap((lo+hi)/2, hi-1)
		pivot, store := t.coord(hi-1, dim), lo
		for p := lo; p < hi-1; p++ {
			if t.coord(p, dim) < pivot {
				t.swap(p, store)
				store++
			}
		}
		t.swap(store, hi-1)
		switch {
		case nth < store:
			hi = store
		case nth > store:
			lo = store + 1
		default:
			return
		}
	}
}

// widest returns the dimension with the largest spread in positions [lo, hi).
func (t *kdTree) widest(lo, hi int) int {
	best, spread := 0, -1.0
	for j := range t.dims {
		mn, mx := math.Inf(1), math.Inf(-1)
		for p := lo; p < hi; p++ {
			v := t.coord(p, j)
			mn, mx = min(mn, v), max(mx, v)
		}
		if mx-mn > spread {
			best, spread = j, mx-mn
		}
	}
	return best
}

// radius calls visit with the original row of every point within distance r
// of p (squared distance <= r2, as scikit-learn's radius_neighbors).
func (t *kdTree) radius(p []float64, r, r2 float64, visit func(i int)) {
	t.search(0, p, r, r2, visit)
}

// search visits the points of node id within r of p.
func (t *kdTree) search(id int, p []float64, r, r2 float64, visit func(i int)) {
	n := t.nodes[id]
	if n.left < 0 {
		for q := n.lo; q < n.hi; q++ {
			if sqDist(p, t.point(q)) <= r2 {
				visit(t.idx[q])
			}
		}
		return
	}
	// Points left of the split have coordinate <= value, right ones >= value.
	if p[n.dim]-r <= n.value {
		t.search(n.left, p, r, r2, visit)
	}
	if p[n.dim]+r >= n.value {
		t.search(n.right, p, r, r2, visit)
	}
}
