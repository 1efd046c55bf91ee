package cluster

import (
	"context"
	"math"
	"slices"
	"testing"
)

func TestMetricsMatchSklearn(t *testing.T) {
	ref := loadReference(t)
	blobs := loadCSV(t, "blobs.csv", 0)
	cases := []struct {
		name string
		x    Matrix
		want metricsRef
	}{
		{"blobs kmeans labels", blobs, ref.BlobsMetrics},
		{"blobs uneven labels with a singleton", blobs, ref.BlobsOdd},
		{"online retail rfm", rfmPrepared(t).X, ref.RFMMetrics},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Silhouette(context.Background(), tc.x, tc.want.Labels, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(s-tc.want.Silhouette) > 1e-6 {
				t.Errorf("silhouette %.12f, scikit-learn %.12f", s, tc.want.Silhouette)
			}
			db, err := DaviesBouldin(tc.x, tc.want.Labels)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(db-tc.want.DaviesBouldin) > 1e-6 {
				t.Errorf("Davies-Bouldin %.12f, scikit-learn %.12f", db, tc.want.DaviesBouldin)
			}
		})
	}
}

func TestSilhouetteSampled(t *testing.T) {
	ref := loadReference(t)
	x := rfmPrepared(t).X
	labels := ref.RFMMetrics.Labels
	full, err := Silhouette(context.Background(), x, labels, x.Rows, 1)
	if err != nil {
		t.Fatal(err)
	}
	if full != mustSilhouette(t, x, labels, 0, 0) {
		t.Error("sampleSize >= n must compute the exact silhouette")
	}
	a := mustSilhouette(t, x, labels, 1500, 42)
	if b := mustSilhouette(t, x, labels, 1500, 42); a != b {
		t.Errorf("same seed gave %v and %v", a, b)
	}
	if c := mustSilhouette(t, x, labels, 1500, 43); c == a {
		t.Errorf("different seeds gave the same sample score %v", c)
	}
	if math.Abs(a-ref.RFMMetrics.Silhouette) > 0.03 {
		t.Errorf("sampled silhouette %v is far from the exact %v", a, ref.RFMMetrics.Silhouette)
	}
}

// mustSilhouette is Silhouette that fails the test on error.
func mustSilhouette(t *testing.T, x Matrix, labels []int32, n int, seed uint64) float64 {
	t.Helper()
	s, err := Silhouette(context.Background(), x, labels, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMetricsRejectDegenerateLabels(t *testing.T) {
	x := Matrix{Rows: 3, Cols: 1, Data: []float64{0, 1, 2}}
	for _, labels := range [][]int32{{0, 0, 0}, {0, 1, 2}, {0, 1}} {
		if _, err := Silhouette(context.Background(), x, labels, 0, 0); err == nil {
			t.Errorf("silhouette of %v: want an error", labels)
		}
		if _, err := DaviesBouldin(x, labels); err == nil {
			t.Errorf("Davies-Bouldin of %v: want an error", labels)
		}
	}
}

func TestDenseLabelsRankValuesInIncreasingOrder(t *testing.T) {
	cases := []struct {
		labels []int32
		want   []int
		k      int
	}{
		{[]int32{3, -1, 3, 0}, []int{2, 0, 2, 1}, 3},
		{[]int32{7}, []int{0}, 1},
		{[]int32{-2, 1 << 20, 5, -2}, []int{0, 2, 1, 0}, 3}, // too wide for the table
		{[]int32{math.MinInt32, math.MaxInt32}, []int{0, 1}, 2},
	}
	for _, tc := range cases {
		got, k := denseLabels(tc.labels)
		if !slices.Equal(got, tc.want) || k != tc.k {
			t.Errorf("denseLabels(%v) = %v, %d; want %v, %d", tc.labels, got, k, tc.want, tc.k)
		}
	}
}
