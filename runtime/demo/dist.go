package demo

import (
	"math"
	"math/rand/v2"
)

// countries are the 12 country codes, most frequent first (Zipf weights).
func countries() [12]string {
	return [12]string{"US", "GB", "DE", "FR", "CA", "AU", "NL", "ES", "IT", "SE", "BR", "JP"}
}

// zipfCumulative returns the cumulative Zipf(s) distribution over n ranks.
func zipfCumulative(n int, s float64) []float64 {
	cum := make([]float64, n)
	total := 0.0
	for k := range n {
		total += 1 / math.Pow(float64(k+1), s)
		cum[k] = total
	}
	for k := range cum {
		cum[k] /= total
	}
	return cum
}

// pick returns the first index whose cumulative weight exceeds u in [0,1).
func pick(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// logNormal draws exp(mu + sigma*Z) with mu chosen so the mean is mean.
func logNormal(r *rand.Rand, mean, sigma float64) float64 {
	mu := math.Log(mean) - sigma*sigma/2
	return math.Exp(mu + sigma*r.NormFloat64())
}

// poisson draws a Poisson(lambda) count: Knuth's product method for small
// lambda, a rounded normal approximation for large lambda.
func poisson(r *rand.Rand, lambda float64) int64 {
	if lambda <= 0 {
		return 0
	}
	if lambda >= 30 {
		return max(0, int64(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	limit := math.Exp(-lambda)
	var k int64
	for p := r.Float64(); p > limit; p *= r.Float64() {
		k++
	}
	return k
}

// binomial draws the number of successes in n trials of probability p.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	var k int64
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// roundTo rounds x to the given number of decimal places, so exported text
// round-trips exactly through other tools.
func roundTo(x float64, places int) float64 {
	scale := math.Pow10(places)
	return math.Round(x*scale) / scale
}

// splitmix64 is a bijective 64-bit mixer used to derive per-chunk seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// chunkRand returns the random stream of one chunk: it depends only on the
// seed and the chunk index, so output never depends on the worker count.
func chunkRand(seed int64, chunk int) *rand.Rand {
	a := splitmix64(uint64(seed) ^ splitmix64(uint64(chunk)))
	b := splitmix64(a ^ 0x5ca1ab1e)
	return rand.New(rand.NewPCG(a, b))
}
