package cluster

import (
	"context"
	"math"
	"slices"
	"testing"
)

// padZero returns x with a column of zeros appended. Its squared distances
// are x's plus 0*0, bit for bit, but they go through the general loops
// instead of the three-feature kernels.
func padZero(x Matrix) Matrix {
	out := NewMatrix(x.Rows, x.Cols+1)
	for i := range x.Rows {
		copy(out.Row(i), x.Row(i))
	}
	return out
}

// dropLast returns x without its last column.
func dropLast(x Matrix) Matrix {
	out := NewMatrix(x.Rows, x.Cols-1)
	for i := range x.Rows {
		copy(out.Row(i), x.Row(i)[:x.Cols-1])
	}
	return out
}

func TestThreeFeatureKernelsMatchTheGeneralLoops(t *testing.T) {
	p, err := Prepare(syntheticRFM(30000, 11), TransformLog1p, ScaleZScore)
	if err != nil {
		t.Fatal(err)
	}
	x3, x4 := p.X, padZero(p.X)
	ctx := context.Background()
	for _, tc := range []struct {
		k      int
		bounds bool
	}{{1, true}, {2, true}, {4, true}, {4, false}, {7, true}} {
		c3, err := kmeansPlusPlus(ctx, x3, tc.k, newRNG(3, 1), 2)
		if err != nil {
			t.Fatal(err)
		}
		c4, err := kmeansPlusPlus(ctx, x4, tc.k, newRNG(3, 1), 2)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c3.Data, dropLast(c4).Data) {
			t.Fatalf("k=%d: k-means++ picked other centres with three features", tc.k)
		}
		opts := Options{K: tc.k, MaxIter: 300, Workers: 2}
		m3, err := lloyd(ctx, x3, c3, opts, 1e-7, tc.bounds)
		if err != nil {
			t.Fatal(err)
		}
		m4, err := lloyd(ctx, x4, c4, opts, 1e-7, tc.bounds)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m3.Labels, m4.Labels) || m3.NIter != m4.NIter || m3.Inertia != m4.Inertia || !slices.Equal(m3.Centroids.Data, dropLast(m4.Centroids).Data) {
			t.Errorf("k=%d bounds=%v: three features give inertia %v after %d iterations, the general loop %v after %d",
				tc.k, tc.bounds, m3.Inertia, m3.NIter, m4.Inertia, m4.NIter)
		}
		a3, err := Assign(x3, m3.Centroids)
		if err != nil {
			t.Fatal(err)
		}
		a4, err := Assign(x4, m4.Centroids)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a3, a4) {
			t.Errorf("k=%d: Assign labels rows differently with three features", tc.k)
		}
		if tc.k < 2 {
			continue
		}
		for _, sample := range []int{5000, 4097, 8193} { // even and odd chunk ends
			s3, err := Silhouette(ctx, x3, m3.Labels, sample, 7)
			if err != nil {
				t.Fatal(err)
			}
			s4, err := Silhouette(ctx, x4, m4.Labels, sample, 7)
			if err != nil {
				t.Fatal(err)
			}
			if math.Float64bits(s3) != math.Float64bits(s4) {
				t.Errorf("k=%d sample %d: silhouette %v with three features, %v with the general loop", tc.k, sample, s3, s4)
			}
		}
	}
}

func TestSqDist3IsSqDistBitForBit(t *testing.T) {
	rng := newRNG(5, 0)
	for range 100000 {
		p := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		c := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		if got, want := sqDist3(p[0], p[1], p[2], c), sqDist(p, c); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("sqDist3(%v, %v) = %v, sqDist %v", p, c, got, want)
		}
	}
}

func TestDistancesToSumsAsSumChunked(t *testing.T) {
	x3 := syntheticRFM(2*chunkRows+5, 8)
	floor := make([]float64, x3.Rows)
	for i := range floor {
		floor[i] = float64(i%97) * 1e3
	}
	for _, x := range []Matrix{x3, padZero(x3)} {
		for _, fl := range [][]float64{nil, floor} {
			out := make([]float64, x.Rows)
			sum, err := distancesTo(context.Background(), x, x.Row(3), fl, out, 2)
			if err != nil {
				t.Fatal(err)
			}
			if want := sumChunked(out); math.Float64bits(sum) != math.Float64bits(want) {
				t.Errorf("%d features, floor %v: sum %v, sumChunked %v", x.Cols, fl != nil, sum, want)
			}
		}
	}
}
