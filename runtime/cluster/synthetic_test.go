package cluster

import (
	"math"
	"math/rand/v2"
)

// syntheticRFM returns n RFM-like rows (recency days, purchase count,
// monetary) with log-normal-ish marginals and realistic correlation:
// frequent buyers buy recently and spend more. Deterministic in seed.
func syntheticRFM(n int, seed uint64) Matrix {
	rng := rand.New(rand.NewPCG(seed, 0xbe4c))
	x := NewMatrix(n, 3)
	for i := range n {
		activity := rng.NormFloat64()
		freq := 1 + math.Floor(math.Exp(0.9*activity+0.6*rng.NormFloat64()))
		recency := math.Min(365, math.Exp(4-0.8*activity+rng.NormFloat64())*rng.Float64()+0.5)
		spend := 0.0
		for range int(min(freq, 200)) {
			spend += math.Exp(3.7 + 0.8*rng.NormFloat64())
		}
		r := x.Row(i)
		r[0], r[1], r[2] = math.Round(recency*100)/100, freq, math.Round(spend*100)/100
	}
	return x
}
