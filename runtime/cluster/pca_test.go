package cluster

import (
	"math"
	"testing"
)

func TestPCAMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	cases := []struct {
		name string
		x    Matrix
		want pcaRef
	}{
		{"low rank 0.95", loadCSV(t, "pca.csv", 0), ref.LowRankPCA},
		{"low rank 0.99", loadCSV(t, "pca.csv", 0), ref.LowRankPCA99},
		{"blobs", loadCSV(t, "blobs.csv", 0), ref.BlobsPCA},
		{"online retail rfm", rfmPrepared(t).X, ref.RFMPCA},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, scores, err := PCA(tc.x, tc.want.VarianceKept)
			if err != nil {
				t.Fatal(err)
			}
			if p.Components.Rows != tc.want.NComponents {
				t.Fatalf("kept %d components, scikit-learn %d", p.Components.Rows, tc.want.NComponents)
			}
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
					t.Errorf("%s: %v, scikit-learn %v", what, got, want)
				}
			}
			for c := range tc.want.NComponents {
				near("ratio", p.ExplainedRatio[c], tc.want.Ratio[c])
				for j, w := range tc.want.Components[c] {
					near("component", p.Components.At(c, j), w)
				}
			}
			for i, row := range tc.want.Head {
				for c, w := range row {
					near("score", scores.At(i, c), w)
				}
			}
			again, err := p.Apply(tc.x)
			if err != nil {
				t.Fatal(err)
			}
			near("Apply", again.At(3, 0), scores.At(3, 0))
		})
	}
}

func TestPCARejectsBadInput(t *testing.T) {
	x := Matrix{Rows: 2, Cols: 1, Data: []float64{1, 2}}
	for _, kept := range []float64{0, -1, 1.5, math.NaN()} {
		if _, _, err := PCA(x, kept); err == nil {
			t.Errorf("kept %v: want an error", kept)
		}
	}
}
