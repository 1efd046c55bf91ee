package cluster

import "math/rand/v2"

// silhouetteStream is the PCG stream of the silhouette sample (see the
// package documentation for all streams).
const silhouetteStream = 1 << 32

// newRNG returns the PCG generator for one documented random stream.
func newRNG(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}
