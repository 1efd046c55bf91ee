package cluster

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestAdjustedRandMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	cases := []struct {
		name string
		a, b []int32
		want float64
	}{
		{"k=4 vs k=5", ref.BlobsKMeans.Labels, ref.BlobsKMeans5.Labels, ref.ARIK4K5},
		{"uneven vs k=4", ref.BlobsOdd.Labels, ref.BlobsKMeans.Labels, ref.ARIOddK4},
		{"same partition renamed", []int32{0, 0, 1, 1, 2}, []int32{7, 7, 3, 3, -1}, 1},
		{"all one cluster both", []int32{1, 1, 1}, []int32{2, 2, 2}, 1},
		{"split vs one", []int32{0, 0, 1, 1}, []int32{0, 0, 0, 0}, 0},
	}
	for _, tc := range cases {
		got, err := AdjustedRand(tc.a, tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := AdjustedRand([]int32{1}, nil); err == nil {
		t.Error("different lengths: want an error")
	}
}

func TestPSI(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	train, same, shifted := make([]float64, 5000), make([]float64, 5000), make([]float64, 5000)
	for i := range train {
		train[i], same[i], shifted[i] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()+1
	}
	stable, err := PSI(train, same)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := PSI(train, shifted)
	if err != nil {
		t.Fatal(err)
	}
	if stable > 0.02 || moved < 0.25 {
		t.Errorf("PSI same distribution %v (want < 0.02), shifted by 1 sd %v (want > 0.25)", stable, moved)
	}
	if self, _ := PSI(train, train); self != 0 {
		t.Errorf("PSI of the training data against itself = %v, want 0", self)
	}
}

func TestPSIHandComputed(t *testing.T) {
	train := make([]float64, 100)
	for i := range train {
		train[i] = float64(i)
	}
	// Every current value is in the top bin (89.1, +inf): share 1 there,
	// epsilon elsewhere; training shares are 0.1 in each of the 10 bins.
	current := []float64{95, 99, math.NaN()}
	got, err := PSI(train, current)
	if err != nil {
		t.Fatal(err)
	}
	want := (1-0.1)*math.Log(1/0.1) + 9*(PSIEpsilon-0.1)*math.Log(PSIEpsilon/0.1)
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("PSI %v, want %v", got, want)
	}
	if _, err := PSI(nil, current); err == nil {
		t.Error("empty training data: want an error")
	}
}

// TestContingencyAdjustedRandIsBitIdentical: counting the pairs in a
// table over the whole label range (labels absent from a labeling, noise
// -1) gives AdjustedRand's value to the bit.
func TestContingencyAdjustedRandIsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	random := func(n, k int) []int32 {
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(rng.IntN(k)) - 1
		}
		return out
	}
	cases := []struct {
		name string
		a, b []int32
	}{
		{"renamed with noise", []int32{0, 0, 1, 1, 2}, []int32{7, 7, 3, 3, -1}},
		{"gaps in both", []int32{0, 5, 5, 9}, []int32{9, 0, 0, 5}},
		{"random 6 vs 4 labels", random(5000, 6), random(5000, 4)},
		{"random mostly equal", random(3000, 5), random(3000, 5)},
	}
	for _, tc := range cases {
		want, err := AdjustedRand(tc.a, tc.b)
		if err != nil {
			t.Fatal(err)
		}
		c := NewContingency(-1, 9)
		for i := range tc.a {
			c.Add(tc.a[i], tc.b[i])
		}
		if got := c.AdjustedRand(); math.Float64bits(got) != math.Float64bits(want) || c.N() != len(tc.a) {
			t.Errorf("%s: contingency %v over %d rows, AdjustedRand %v over %d", tc.name, got, c.N(), want, len(tc.a))
		}
	}
	if NewContingency(0, contingencyRange) != nil {
		t.Errorf("a range of %d labels has a table", contingencyRange+1)
	}
}
