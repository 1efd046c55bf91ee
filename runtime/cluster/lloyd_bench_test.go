package cluster

import (
	"context"
	"testing"
)

// benchLloyd times one restart's Lloyd iterations on the benchmark rows from
// a fixed k-means++ start, with or without Hamerly's bounds.
func benchLloyd(b *testing.B, bounds bool) {
	p, err := Prepare(benchRFM(b), TransformLog1p, ScaleZScore)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	centers, err := kmeansPlusPlus(ctx, p.X, 4, newRNG(42, 3), 1)
	if err != nil {
		b.Fatal(err)
	}
	var m *Model
	for b.Loop() {
		m, err = lloyd(ctx, p.X, centers.Clone(), Options{K: 4, MaxIter: 300}, 1e-4, bounds)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.NIter), "iters")
}

// BenchmarkLloydPlain and BenchmarkLloydHamerly measure what the bounds pay.
func BenchmarkLloydPlain(b *testing.B)   { benchLloyd(b, false) }
func BenchmarkLloydHamerly(b *testing.B) { benchLloyd(b, true) }
