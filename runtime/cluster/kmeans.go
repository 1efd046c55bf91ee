package cluster

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// Options configures KMeans. Zero values select the defaults.
type Options struct {
	K       int     // number of clusters, at least 1
	NInit   int     // restarts, best inertia wins (default 10)
	MaxIter int     // Lloyd iterations per restart (default 300)
	Tol     float64 // relative tolerance (default 1e-4), see KMeans
	Seed    uint64  // seed of the PCG streams (restart r uses stream r)
	Workers int     // goroutines; 0 means GOMAXPROCS. Results do not depend on it.
}

// Model is a fitted k-means model.
type Model struct {
	Centroids Matrix  `json:"centroids"` // K x features, in prepared units
	Labels    []int32 `json:"-"`         // cluster of each training row
	Inertia   float64 `json:"inertia"`   // sum of squared distances to the assigned centroid
	NIter     int     `json:"n_iter"`    // Lloyd iterations of the best restart
	Restart   int     `json:"restart"`   // which restart won (0-based)
}

// Defaults of Options.
const (
	DefaultNInit   = 10
	DefaultMaxIter = 300
	DefaultTol     = 1e-4
)

// withDefaults fills zero fields with the defaults.
func (o Options) withDefaults() Options {
	if o.NInit <= 0 {
		o.NInit = DefaultNInit
	}
	if o.MaxIter <= 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	o.Workers = resolveWorkers(o.Workers)
	return o
}

// KMeans clusters the rows of x as scikit-learn's KMeans(algorithm="lloyd")
// does: NInit restarts, each seeded by greedy k-means++ and refined by Lloyd
// iterations until the labels stop changing, the summed squared centroid
// shift is at most Tol times the mean feature variance, or MaxIter
// iterations. The restart with the lowest inertia wins (the earliest on a tie).
// Empty clusters are moved to the points farthest from their centroids.
// With fewer distinct rows than K a cluster can still end empty, as in
// scikit-learn.
func KMeans(ctx context.Context, x Matrix, opts Options) (*Model, error) {
	if err := x.checkFinite(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if opts.K < 1 || opts.K > x.Rows {
		return nil, fmt.Errorf("cluster: k=%d needs 1 <= k <= number of rows (%d)", opts.K, x.Rows)
	}
	tol := opts.Tol * meanVariance(x)
	models, err := restarts(ctx, x, opts, tol)
	if err != nil {
		return nil, err
	}
	best := models[0]
	for _, m := range models[1:] {
		if m.Inertia < best.Inertia {
			best = m
		}
	}
	return best, nil
}

// restarts runs up to Workers of the NInit restarts side by side, each
// also sharing its row passes among Workers goroutines: while two
// restarts run, a worker that waits for the other's chunk leaves its core
// to the other restart, and the last restart still uses every core. A
// restart's result does not depend on its workers. It returns the models
// in restart order, or the first restart's error.
func restarts(ctx context.Context, x Matrix, opts Options, tol float64) ([]*Model, error) {
	side := min(opts.Workers, opts.NInit)
	models, errs := make([]*Model, opts.NInit), make([]error, opts.NInit)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range side {
		wg.Go(func() {
			for r := int(next.Add(1) - 1); r < opts.NInit; r = int(next.Add(1) - 1) {
				models[r], errs[r] = kmeansRestart(ctx, x, opts, tol, r)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return models, nil
}

// kmeansRestart runs one seeded restart: k-means++ then Lloyd.
func kmeansRestart(ctx context.Context, x Matrix, opts Options, tol float64, r int) (*Model, error) {
	rng := newRNG(opts.Seed, uint64(r))
	centers, err := kmeansPlusPlus(ctx, x, opts.K, rng, opts.Workers)
	if err != nil {
		return nil, err
	}
	m, err := lloyd(ctx, x, centers, opts, tol, true)
	if err != nil {
		return nil, err
	}
	m.Restart = r
	return m, nil
}

// meanVariance is the mean over features of the population variance, the
// scale of scikit-learn's tolerance.
func meanVariance(x Matrix) float64 {
	s := 0.0
	for j := range x.Cols {
		_, sd := meanStd(column(x, j))
		s += sd * sd
	}
	return s / float64(max(x.Cols, 1))
}

// Assign returns the nearest centroid of every row of x (the lowest index on
// a tie). It is how rows are labelled between retrains.
func Assign(x Matrix, centroids Matrix) ([]int32, error) {
	if err := x.checkFinite(); err != nil {
		return nil, err
	}
	if centroids.Cols != x.Cols || centroids.Rows == 0 {
		return nil, fmt.Errorf("cluster: %d centroids of %d features cannot label rows of %d features", centroids.Rows, centroids.Cols, x.Cols)
	}
	labels := make([]int32, x.Rows)
	if x.Cols == 3 {
		for i := range x.Rows {
			r := x.Data[i*3 : i*3+3 : i*3+3]
			best, _ := nearestTwo3(r[0], r[1], r[2], centroids.Data)
			labels[i] = best.label
		}
		return labels, nil
	}
	for i := range x.Rows {
		labels[i], _ = nearest(x.Row(i), centroids)
	}
	return labels, nil
}

// nearest returns the index of the closest row of c to p and its squared
// distance.
func nearest(p []float64, c Matrix) (int32, float64) {
	best, bestD := int32(0), math.Inf(1)
	for k := range c.Rows {
		if d := sqDist(p, c.Row(k)); d < bestD {
			best, bestD = int32(k), d
		}
	}
	return best, bestD
}
