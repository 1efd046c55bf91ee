package cluster

import (
	"context"
	"fmt"
)

// KScore is one candidate k's outcome in AutoK.
type KScore struct {
	K          int     `json:"k"`
	Silhouette float64 `json:"silhouette"`
	Inertia    float64 `json:"inertia"`
}

// AutoKResult is AutoK's choice, every candidate's score, and the chosen
// model.
type AutoKResult struct {
	K      int
	Scores []KScore
	Model  *Model
}

// DefaultSilhouetteSample is the silhouette sample size AutoK uses on large
// populations (exact below it).
const DefaultSilhouetteSample = 10_000

// AutoK fits KMeans for every k in lo..hi (opts.K is ignored) and picks the
// k with the highest silhouette, the smallest k on a tie. The silhouette is
// computed on a sample of sampleSize rows seeded by opts.Seed (see
// Silhouette); sampleSize 0 means DefaultSilhouetteSample, negative means
// exact.
func AutoK(ctx context.Context, x Matrix, lo, hi int, opts Options, sampleSize int) (*AutoKResult, error) {
	if lo < 2 || hi < lo {
		return nil, fmt.Errorf("cluster: k=auto(%d..%d) needs 2 <= lo <= hi; silhouette is undefined for one cluster", lo, hi)
	}
	if sampleSize == 0 {
		sampleSize = DefaultSilhouetteSample
	}
	best := &AutoKResult{}
	bestScore := 0.0
	for k := lo; k <= hi; k++ {
		opts.K = k
		m, err := KMeans(ctx, x, opts)
		if err != nil {
			return nil, err
		}
		s, err := Silhouette(ctx, x, m.Labels, max(sampleSize, 0), opts.Seed)
		if err != nil {
			return nil, fmt.Errorf("cluster: k=auto: silhouette at k=%d: %w", k, err)
		}
		best.Scores = append(best.Scores, KScore{K: k, Silhouette: s, Inertia: m.Inertia})
		if best.Model == nil || s > bestScore {
			best.K, best.Model, bestScore = k, m, s
		}
	}
	return best, nil
}
