package cluster

import (
	"context"
	"math"
	"slices"
	"testing"
)

// sortedSizes returns the cluster sizes of labels in increasing order.
func sortedSizes(labels []int32, k int) []int {
	s := make([]int, k)
	for _, l := range labels {
		s[l]++
	}
	slices.Sort(s)
	return s
}

func TestKMeansMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	cases := []struct {
		name  string
		x     Matrix
		want  kmeansRef
		sizes []int // sizes to match within 1%
	}{
		{"blobs k=4", loadCSV(t, "blobs.csv", 0), ref.BlobsKMeans, ref.BlobsKMeans.Sizes},
		{"blobs k=5", loadCSV(t, "blobs.csv", 0), ref.BlobsKMeans5, ref.BlobsKMeans5.Sizes},
		// The RFM landscape is flat: scikit-learn's own sizes move by ~3%
		// between random states (see reference.py's landscape), so sizes are
		// compared with the best optimum scikit-learn reaches over 30 seeds.
		{"online retail rfm", rfmPrepared(t).X, ref.RFMKMeans, ref.RFMLandscape.BestSizes},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{K: tc.want.K, NInit: tc.want.NInit, Seed: tc.want.RandomState}
			m, err := KMeans(context.Background(), tc.x, opts)
			if err != nil {
				t.Fatal(err)
			}
			if m.Inertia > tc.want.Inertia*1.001 {
				t.Errorf("inertia %.6f is more than 0.1%% above scikit-learn's %.6f", m.Inertia, tc.want.Inertia)
			}
			got := sortedSizes(m.Labels, tc.want.K)
			for i, w := range tc.sizes {
				if math.Abs(float64(got[i]-w)) > 0.01*float64(w) {
					t.Errorf("sizes %v, scikit-learn %v: differ by more than 1%%", got, tc.sizes)
					break
				}
			}
			t.Logf("inertia %.6f (sklearn %.6f, %+.4f%%) sizes %v (sklearn %v) iterations %d",
				m.Inertia, tc.want.Inertia, 100*(m.Inertia/tc.want.Inertia-1), got, tc.sizes, m.NIter)
		})
	}
}

func TestKMeansSameResultForAnyWorkerCount(t *testing.T) {
	x := syntheticRFM(20000, 3)
	p, err := Prepare(x, TransformLog1p, ScaleZScore)
	if err != nil {
		t.Fatal(err)
	}
	var first *Model
	for _, w := range []int{1, 2, 3, 8} {
		m, err := KMeans(context.Background(), p.X, Options{K: 5, NInit: 3, Seed: 9, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = m
			continue
		}
		if m.Inertia != first.Inertia || !slices.Equal(m.Labels, first.Labels) || !slices.Equal(m.Centroids.Data, first.Centroids.Data) {
			t.Errorf("workers=%d: inertia %v differs from workers=1's %v", w, m.Inertia, first.Inertia)
		}
	}
}

func TestKMeansInertiaIsConsistent(t *testing.T) {
	x := loadCSV(t, "blobs.csv", 0)
	m, err := KMeans(context.Background(), x, Options{K: 3, NInit: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	in, err := Inertia(x, m.Centroids, m.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(in-m.Inertia) > 1e-9*in {
		t.Errorf("model inertia %v, recomputed %v", m.Inertia, in)
	}
	a, err := Assign(x, m.Centroids)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, m.Labels) {
		t.Error("Assign disagrees with the model's own labels")
	}
}

func TestKMeansRejectsBadInput(t *testing.T) {
	nan := Matrix{Rows: 2, Cols: 1, Data: []float64{1, math.NaN()}}
	ok := Matrix{Rows: 2, Cols: 1, Data: []float64{1, 2}}
	cases := []struct {
		name string
		x    Matrix
		k    int
	}{
		{"nan", nan, 1},
		{"k too large", ok, 3},
		{"k zero", ok, 0},
		{"bad shape", Matrix{Rows: 3, Cols: 1, Data: []float64{1}}, 1},
	}
	for _, tc := range cases {
		if _, err := KMeans(context.Background(), tc.x, Options{K: tc.k}); err == nil {
			t.Errorf("%s: want an error", tc.name)
		}
	}
}

func TestKMeansHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := KMeans(ctx, syntheticRFM(1000, 1), Options{K: 2}); err == nil {
		t.Error("want the context's error")
	}
}

func TestKMeansDuplicatePointsRelocateEmptyClusters(t *testing.T) {
	x := Matrix{Rows: 6, Cols: 1, Data: []float64{0, 0, 0, 0, 0, 10}}
	m, err := KMeans(context.Background(), x, Options{K: 3, NInit: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if m.Inertia != 0 {
		t.Errorf("inertia %v, want 0 (two distinct values, three clusters)", m.Inertia)
	}
	// As in scikit-learn, a cluster can end empty when rows tie: the
	// relocated row keeps its label and ties go to the lowest centroid.
	for _, v := range m.Centroids.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("centroids %v: want finite", m.Centroids.Data)
		}
	}
}

func TestHamerlyBoundsGivePlainLloydLabels(t *testing.T) {
	x, err := Prepare(syntheticRFM(30000, 5), TransformLog1p, ScaleZScore)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, k := range []int{2, 4, 7} {
		opts := Options{K: k, MaxIter: 300, Workers: 2}
		centers, err := kmeansPlusPlus(ctx, x.X, k, newRNG(1, 0), 2)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := lloyd(ctx, x.X, centers.Clone(), opts, 1e-6, false)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := lloyd(ctx, x.X, centers.Clone(), opts, 1e-6, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(plain.Labels, fast.Labels) || plain.NIter != fast.NIter || plain.Inertia != fast.Inertia {
			t.Errorf("k=%d: bounds changed the result: iterations %d vs %d, inertia %v vs %v", k, fast.NIter, plain.NIter, fast.Inertia, plain.Inertia)
		}
	}
}
