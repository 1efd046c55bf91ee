package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDBSCANMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	x := loadCSV(t, "dbscan.csv", 0)
	for _, want := range ref.DBSCAN {
		t.Run(fmt.Sprintf("eps=%v min=%d", want.Eps, want.MinPoints), func(t *testing.T) {
			r, err := DBSCAN(context.Background(), x, want.Eps, want.MinPoints)
			if err != nil {
				t.Fatal(err)
			}
			var core, noise []int
			for i := range r.Labels {
				if r.Core[i] {
					core = append(core, i)
				}
				if r.Labels[i] == Noise {
					noise = append(noise, i)
				}
			}
			if !slices.Equal(core, want.Core) {
				t.Errorf("%d core rows, scikit-learn %d", len(core), len(want.Core))
			}
			if !slices.Equal(noise, want.Noise) {
				t.Errorf("%d noise rows, scikit-learn %d", len(noise), len(want.Noise))
			}
			if !slices.Equal(r.Labels, want.Labels) {
				t.Errorf("labels differ from scikit-learn's")
			}
		})
	}
}

// bruteCore is the O(n^2) definition of core rows.
func bruteCore(x Matrix, eps float64, minPoints int) []bool {
	core := make([]bool, x.Rows)
	for i := range x.Rows {
		n := 0
		for j := range x.Rows {
			if sqDist(x.Row(i), x.Row(j)) <= eps*eps {
				n++
			}
		}
		core[i] = n >= minPoints
	}
	return core
}

func TestDBSCANCoreRowsMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, dims := range []int{1, 2, 5} {
		x := NewMatrix(700, dims)
		for i := range x.Data {
			x.Data[i] = float64(rng.IntN(20)) / 4 // many exact ties at eps
		}
		r, err := DBSCAN(context.Background(), x, 0.5, 4)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Core, bruteCore(x, 0.5, 4)) {
			t.Errorf("dims=%d: k-d tree core rows differ from brute force", dims)
		}
	}
}

// BenchmarkDBSCAN clusters 200k two-dimensional rows: blobs plus noise.
func BenchmarkDBSCAN(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := NewMatrix(200_000, 2)
	for i := range x.Rows {
		r := x.Row(i)
		if i%10 == 0 {
			r[0], r[1] = rng.Float64()*40-20, rng.Float64()*40-20
			continue
		}
		c := float64(i % 5)
		r[0], r[1] = 6*c-12+rng.NormFloat64(), 3*c-6+rng.NormFloat64()
	}
	for b.Loop() {
		if _, err := DBSCAN(context.Background(), x, 0.1, 10); err != nil {
			b.Fatal(err)
		}
	}
}
