package runtime

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// storedModel is the JSON of a segc_models row's model column.
type storedModel struct {
	Algorithm string          `json:"algorithm"`
	Features  []string        `json:"features"`
	Scaler    *cluster.Scaler `json:"scaler"`
	PCA       *pcaProjection  `json:"pca,omitempty"`
	// Centroids are in the clustering space (scaled, then projected), one
	// row per cluster; IDs[i] and Labels[i] are row i's cluster id and
	// label.
	Centroids cluster.Matrix `json:"centroids"`
	IDs       []int          `json:"ids"`
	Labels    []string       `json:"labels"`
	// Centers are each cluster's mean of the transformed, unscaled
	// features: a retrain matches clusters by them. Means are the means in
	// original units, for profiles and naming.
	Centers cluster.Matrix `json:"centers"`
	Means   cluster.Matrix `json:"means"`
	// Bins are each feature's training deciles (original units) and the
	// share of training rows in each bin, for drift.
	Bins []driftBins `json:"bins"`
}

// driftBins are one feature's decile edges and training shares.
type driftBins struct {
	Edges  []float64 `json:"edges"`
	Shares []float64 `json:"shares"`
}

// fit is a trained model before naming: labels are centroid positions
// (-1 noise).
type fit struct {
	prep      *cluster.Prepared
	pca       *pcaProjection
	z         cluster.Matrix
	centroids cluster.Matrix
	labels    []int32
	metrics   *ModelMetrics
}

// trainCluster fits c on the complete rows, names the clusters (matching
// them to the previous model's on a retrain) and records the new model.
func (r *run) trainCluster(c *plan.Cluster, res *ClusterResult, prev *store.ModelRow) error {
	f, err := r.fitCluster(c, res.raw)
	if err != nil {
		return err
	}
	k := f.centroids.Rows
	m := &storedModel{Algorithm: c.Algorithm, Features: c.FeatureNames, Scaler: f.prep.Scaler, PCA: f.pca, Centroids: f.centroids}
	m.Centers = groupMeans(f.prep.Transformed, nil, f.labels, k)
	m.Means = groupMeans(res.raw, f.prep.Kept, f.labels, k)
	m.Bins = trainingBins(res.raw, f.prep.Kept)
	ranked := r.rankClusters(res, f)
	m.IDs = ranked
	if prev != nil && res.Reason != "the definition changed" {
		m.IDs = r.matchPrevious(c, prev, m, f, ranked)
	}
	for _, id := range m.IDs {
		m.Labels = append(m.Labels, c.Label(id))
	}
	res.model, res.IDs, res.Metrics, res.Trained = m, m.IDs, f.metrics, true
	res.Version, res.TrainedAt = 1, r.ev.AsOf
	if prev != nil {
		res.Version = prev.Version + 1
	}
	r.setAssign(res, f.prep.Kept, f.labels)
	return nil
}

// fitCluster prepares the rows and runs the algorithm.
func (r *run) fitCluster(c *plan.Cluster, raw cluster.Matrix) (*fit, error) {
	prep, err := cluster.Prepare(raw, c.Transform, c.Scale)
	if err != nil {
		return nil, err
	}
	f := &fit{prep: prep, z: prep.X}
	if c.Reduce > 0 {
		if f.pca, f.z, err = fitPCA(prep.X, c.Reduce); err != nil {
			return nil, err
		}
	}
	if need := max(c.K, c.KMin, 2); c.Algorithm == plan.KMeans && f.z.Rows < need {
		return nil, fmt.Errorf("cluster %s: only %d entities have every feature non-null, fewer than the %d clusters asked for", c.Name, f.z.Rows, need)
	}
	if c.Algorithm == plan.DBSCAN {
		err = r.fitDBSCAN(c, f)
	} else {
		err = r.fitKMeans(c, f)
	}
	return f, err
}

// fitKMeans runs k-means with the fixed k, or picks k in the auto range
// by silhouette (cluster.AutoK, the smaller k on a tie).
func (r *run) fitKMeans(c *plan.Cluster, f *fit) error {
	opts := cluster.Options{K: c.K, NInit: c.NInit, MaxIter: c.MaxIter, Tol: c.Tol, Seed: c.Seed}
	var best *cluster.Model
	var scores []KScore
	if c.K > 0 {
		m, err := cluster.KMeans(r.ctx, f.z, opts)
		if err != nil {
			return err
		}
		best = m
	} else {
		auto, err := cluster.AutoK(r.ctx, f.z, c.KMin, min(c.KMax, f.z.Rows-1), opts, silhouetteSampleFor(f.z.Rows))
		if err != nil {
			return err
		}
		best = auto.Model
		for _, s := range auto.Scores {
			scores = append(scores, KScore(s))
		}
	}
	f.centroids, f.labels = best.Centroids, best.Labels
	met, err := r.qualityMetrics(c, f)
	if err != nil {
		return err
	}
	met.Inertia, met.NIter, met.SilhouetteByK = best.Inertia, best.NIter, scores
	f.metrics = met
	return nil
}

// fitDBSCAN runs DBSCAN; centroids are the clusters' means.
func (r *run) fitDBSCAN(c *plan.Cluster, f *fit) error {
	d, err := cluster.DBSCAN(r.ctx, f.z, c.Eps, c.MinPoints)
	if err != nil {
		return err
	}
	f.labels = d.Labels
	f.centroids = groupMeans(f.z, nil, d.Labels, d.Clusters)
	met, err := r.qualityMetrics(c, f)
	if err != nil {
		return err
	}
	f.metrics = met
	return nil
}

// qualityMetrics computes sizes, silhouette (sampled for large n, in the
// background: see ModelMetrics.Wait) and Davies-Bouldin over the non-noise
// rows, and inertia.
func (r *run) qualityMetrics(c *plan.Cluster, f *fit) (*ModelMetrics, error) {
	k := f.centroids.Rows
	met := &ModelMetrics{Sizes: make([]int, k), Rows: f.z.Rows}
	var idx []int
	for i, l := range f.labels {
		if l < 0 {
			met.Noise++
			continue
		}
		met.Sizes[l]++
		idx = append(idx, i)
	}
	x, labels := subset(f.z, f.labels, idx)
	if distinct := nonEmpty(met.Sizes); distinct < 2 || distinct > len(idx)-1 {
		met.Inertia, _ = cluster.Inertia(x, f.centroids, labels)
		return met, nil // the silhouette needs 2 to n-1 clusters
	}
	// The silhouette (O(sample^2)) is only stored and printed, so it is
	// computed while the run goes on and the store writes the members; the
	// store waits for it before writing the model (store.ModelRow.Later).
	// It takes one worker: what runs beside it (the rest of the training,
	// then the store writing the cluster's members) takes one core, and
	// with every core it slowed both down.
	met.SilhouetteSample = sampleSize(len(idx))
	met.later = inBackground(func() error {
		var err error
		met.Silhouette, err = cluster.SilhouetteOn(r.ctx, x, labels, met.SilhouetteSample, c.Seed, 1)
		return err
	})
	var err error
	if met.DaviesBouldin, err = cluster.DaviesBouldin(x, labels); err != nil {
		return nil, err
	}
	met.Inertia, err = cluster.Inertia(x, f.centroids, labels)
	return met, err
}

// subset keeps the rows idx of x and their labels.
func subset(x cluster.Matrix, labels []int32, idx []int) (cluster.Matrix, []int32) {
	if len(idx) == x.Rows {
		return x, labels
	}
	out := cluster.NewMatrix(len(idx), x.Cols)
	ls := make([]int32, len(idx))
	for i, row := range idx {
		copy(out.Row(i), x.Row(row))
		ls[i] = labels[row]
	}
	return out, ls
}

// groupMeans averages the rows (kept[i] of x when kept is set, else i) by
// label; noise (-1) is left out.
func groupMeans(x cluster.Matrix, kept []int, labels []int32, k int) cluster.Matrix {
	out := cluster.NewMatrix(k, x.Cols)
	counts := make([]int, k)
	for i, l := range labels {
		if l < 0 {
			continue
		}
		row := i
		if kept != nil {
			row = kept[i]
		}
		counts[l]++
		for j, v := range x.Row(row) {
			out.Data[int(l)*x.Cols+j] += v
		}
	}
	for l := range k {
		for j := range x.Cols {
			out.Data[l*x.Cols+j] /= float64(max(counts[l], 1))
		}
	}
	return out
}

// rankClusters gives cluster ids by a fresh ranking: by the mean of the
// naming feature (asc, or desc) over each cluster's members, or by size,
// largest first. Ties go to the larger, then the earlier, cluster.
func (r *run) rankClusters(res *ClusterResult, f *fit) []int {
	c := res.Cluster
	k := f.centroids.Rows
	sizes := make([]int, k)
	for _, l := range f.labels {
		if l >= 0 {
			sizes[l]++
		}
	}
	key := make([]float64, k)
	if c.NameBy != nil {
		key = r.namingMeans(res, f.prep.Kept, f.labels, k)
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if d := compareKey(key[a], key[b], c.Desc); d != 0 {
			return d
		}
		return cmp.Compare(sizes[b], sizes[a])
	})
	ids := make([]int, k)
	for rank, pos := range order {
		ids[pos] = rank
	}
	return ids
}

// compareKey orders naming means, NaN (no values) last.
func compareKey(a, b float64, desc bool) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case desc:
		return cmp.Compare(b, a)
	}
	return cmp.Compare(a, b)
}

// namingValues returns the naming feature's values: those evaluated
// before the training moved to another goroutine (prepareNaming), else
// evaluated now.
func (r *run) namingValues(res *ClusterResult) (eval.Vec, error) {
	if res.naming != nil {
		return res.naming.v, res.naming.err
	}
	return r.eval(res.Cluster.NameBy)
}

// prepareNaming evaluates the naming feature now, on the goroutine that
// runs the steps, so that a training started in the background never
// uses the run's expression compiler.
func (r *run) prepareNaming(res *ClusterResult) {
	res.naming = &namingInput{}
	if res.Cluster.NameBy != nil {
		res.naming.v, res.naming.err = r.eval(res.Cluster.NameBy)
	}
}

// namingMeans is the mean of the naming feature over each cluster's
// members with a non-null value (NaN when none has one).
func (r *run) namingMeans(res *ClusterResult, kept []int, labels []int32, k int) []float64 {
	out := make([]float64, k)
	v, err := r.namingValues(res)
	if err != nil {
		return out
	}
	counts := make([]int, k)
	for i, l := range labels {
		if x := numberAt(v, kept[i]); l >= 0 && !math.IsNaN(x) {
			out[l] += x
			counts[l]++
		}
	}
	for l := range out {
		out[l] /= float64(counts[l])
	}
	return out
}

// matchPrevious keeps the previous model's ids on the matching new
// clusters (an optimal assignment of the cluster centers, scaled by the
// new scaler). New clusters without a match take the free ids in ranking
// order. It warns when the matched names differ from a fresh ranking.
func (r *run) matchPrevious(c *plan.Cluster, prev *store.ModelRow, m *storedModel, f *fit, ranked []int) []int {
	old, _, err := decodeModel(prev)
	if err != nil || old.Centers.Cols != m.Centers.Cols || old.Centers.Rows == 0 {
		return ranked
	}
	scale := func(x cluster.Matrix) cluster.Matrix {
		out := x.Clone()
		for i := range out.Rows {
			for j := range out.Cols {
				out.Data[i*out.Cols+j] = (out.At(i, j) - m.Scaler.Center[j]) / m.Scaler.Scale[j]
			}
		}
		return out
	}
	match, err := matchCentroids(scale(old.Centers), scale(m.Centers))
	if err != nil {
		return ranked
	}
	ids, used := make([]int, len(match)), map[int]bool{}
	for i, j := range match {
		ids[i] = -1
		if j >= 0 {
			ids[i] = old.IDs[j]
			used[ids[i]] = true
		}
	}
	fillFreeIDs(ids, ranked, used)
	r.warnNaming(c, ids, ranked)
	return ids
}

// fillFreeIDs gives unmatched clusters (-1) the lowest unused ids, in
// ranking order.
func fillFreeIDs(ids, ranked []int, used map[int]bool) {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ranked[a], ranked[b]) })
	next := 0
	for _, i := range order {
		if ids[i] >= 0 {
			continue
		}
		for used[next] {
			next++
		}
		ids[i], used[next] = next, true
	}
}

// warnNaming reports clusters whose kept id differs from a fresh ranking.
func (r *run) warnNaming(c *plan.Cluster, ids, ranked []int) {
	var diffs []string
	for i := range ids {
		if ids[i] != ranked[i] {
			diffs = append(diffs, fmt.Sprintf("%s would be %s", c.Label(ids[i]), c.Label(ranked[i])))
		}
	}
	if len(diffs) == 0 {
		return
	}
	by := "size"
	if c.NameBy != nil {
		by = c.NameByText
	}
	r.warn(c, diag.ClusterNaming, fmt.Sprintf("cluster %s: the retrain kept each name on its matching cluster, but a fresh ranking by %s disagrees (%s); check the profiles (segc run --profiles)",
		c.Name, by, joinList(diffs)))
}

// nonEmpty counts the clusters with members.
func nonEmpty(sizes []int) int {
	n := 0
	for _, s := range sizes {
		if s > 0 {
			n++
		}
	}
	return n
}
