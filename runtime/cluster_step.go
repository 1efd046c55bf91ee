package runtime

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// Unclustered is the ClusterResult.Assign value of an entity with a null
// feature: it is in no cluster segment.
const Unclustered = -2

// ClusterResult is one cluster segment's result after a run.
type ClusterResult struct {
	Cluster *plan.Cluster
	// Assign is by entity index: the cluster id, plan.NoiseLabel for
	// DBSCAN noise, or Unclustered.
	Assign []int32
	// IDs are the cluster ids of the applied model, in centroid order.
	IDs []int
	// Version and TrainedAt identify the applied model; Trained says this
	// run trained it, for Reason.
	Version   int
	TrainedAt time.Time
	Trained   bool
	Reason    string
	// Metrics are the applied model's training metrics (after a training,
	// call Metrics.Wait before reading the silhouette); Monitor what this
	// run observed.
	Metrics *ModelMetrics
	Monitor *ModelMonitor

	rows []int          // entity index of each clustered row
	raw  cluster.Matrix // raw feature values, one row per entity (see rawRow)
	// rawEntity is, when set, the entity of each raw row (raw then holds
	// only the entities with every feature non-null: applyCompact) and
	// rawRow the raw row of each clustered row; otherwise raw row i is
	// entity i.
	rawEntity, rawRow []int
	model             *storedModel
	spec              string
	// naming holds the naming feature's values for a training that runs
	// in the background (nil: evaluated when ranking).
	naming *namingInput
}

// namingInput is a naming feature evaluated ahead of the training.
type namingInput struct {
	v   eval.Vec
	err error
}

// ModelMetrics are a model's quality at training, in the clustering space.
type ModelMetrics struct {
	Inertia          float64  `json:"inertia"`
	Silhouette       float64  `json:"silhouette"`
	SilhouetteSample int      `json:"silhouette_sample,omitempty"` // 0: exact
	DaviesBouldin    float64  `json:"davies_bouldin"`
	Sizes            []int    `json:"sizes"` // by centroid order (see IDs)
	Noise            int      `json:"noise,omitempty"`
	NIter            int      `json:"n_iter,omitempty"`
	SilhouetteByK    []KScore `json:"silhouette_by_k,omitempty"`
	Rows             int      `json:"rows"`
	// later is the silhouette's computation in the background, when
	// training started one (nil otherwise); Wait joins it.
	later *background
}

// background is a computation running on its own goroutine.
type background struct {
	done chan struct{}
	err  error
}

// inBackground runs fn on a new goroutine.
func inBackground(fn func() error) *background {
	b := &background{done: make(chan struct{})}
	go func() {
		defer close(b.done)
		b.err = fn()
	}()
	return b
}

// Wait blocks until the metrics computed in the background (the
// silhouette) are filled in, and returns their error. Read Silhouette
// only after Wait.
func (m *ModelMetrics) Wait() error {
	if m == nil || m.later == nil {
		return nil
	}
	<-m.later.done
	return m.later.err
}

// KScore is the silhouette and inertia of one k tried by k=auto(...).
type KScore struct {
	K          int     `json:"k"`
	Silhouette float64 `json:"silhouette"`
	Inertia    float64 `json:"inertia"`
}

// ModelMonitor is what one run observed: cluster sizes, drift of each
// feature against the training distribution, and stability against the
// previous run's assignment.
type ModelMonitor struct {
	Sizes       []int          `json:"sizes"` // by centroid order
	Noise       int            `json:"noise,omitempty"`
	Unclustered int            `json:"unclustered"`
	Drift       []FeatureDrift `json:"drift"`
	Stability   *Stability     `json:"stability,omitempty"`
}

// FeatureDrift is a feature's population stability index against the
// training deciles.
type FeatureDrift struct {
	Feature string  `json:"feature"`
	PSI     float64 `json:"psi"`
}

// Stability compares this run's assignment with the stored one over the
// entities clustered in both.
type Stability struct {
	Compared     int     `json:"compared"`
	AdjustedRand float64 `json:"adjusted_rand"`
	Changed      float64 `json:"changed"` // share of compared entities whose cluster changed
}

// The monitoring thresholds above which a run warns.
const (
	DriftPSIWarn     = 0.25
	ChangedShareWarn = 0.2
)

// cluster trains or applies cluster c and assigns every entity.
func (r *run) cluster(c *plan.Cluster) error {
	res := &ClusterResult{Cluster: c, spec: c.Spec()}
	prev, err := r.previousModel(c)
	if err != nil {
		return err
	}
	stored := r.readStoredAssignment(c, prev)
	defer stored.wait() // its reads end before the step does, even on an error
	res.Reason = r.retrainReason(c, prev, res.spec)
	if res.Reason == "" {
		if err := r.applyCompact(res, prev); err != nil {
			return err
		}
		return r.finishCluster(res, stored)
	}
	if err := r.gatherClusterRows(c, res); err != nil {
		return err
	}
	if r.deferring && deferrable(c, prev, res.Reason) {
		r.deferCluster(res)
		return nil
	}
	if err := r.trainCluster(c, res, prev); err != nil {
		return wrap(err, c.Loc)
	}
	return r.finishCluster(res, stored)
}

// finishCluster monitors an applied or trained cluster, records it and
// publishes its segments.
func (r *run) finishCluster(res *ClusterResult, stored *storedAssignment) error {
	if err := r.monitorCluster(res, stored); err != nil {
		return err
	}
	r.ev.Clusters[res.Cluster.Index] = res
	r.publishCluster(res)
	return nil
}

// gatherClusterRows evaluates the features into a raw matrix with NaN for
// null values.
func (r *run) gatherClusterRows(c *plan.Cluster, res *ClusterResult) error {
	vs := make([]eval.Vec, len(c.Features))
	for j, f := range c.Features {
		v, err := r.eval(f)
		if err != nil {
			return err
		}
		vs[j] = v
	}
	res.raw = cluster.NewMatrix(r.ev.Len(), len(vs))
	for j, v := range vs {
		fillColumn(res.raw, j, v)
	}
	return nil
}

// fillColumn writes v's values into column j of raw as numberAt reads
// them (NaN for null, and for a vector that is not numeric), from the
// typed slice, each value written once.
func fillColumn(raw cluster.Matrix, j int, v eval.Vec) {
	n, cols := raw.Rows, raw.Cols
	switch v.Kind {
	case types.Int, types.Time, types.Duration:
		for i, x := range v.I[:n] {
			raw.Data[i*cols+j] = orNaN(float64(x), v.Valid == nil || v.Valid[i])
		}
	case types.Float:
		for i, x := range v.F[:n] {
			raw.Data[i*cols+j] = orNaN(x, v.Valid == nil || v.Valid[i])
		}
	default:
		for i := range n {
			raw.Data[i*cols+j] = math.NaN()
		}
	}
}

// orNaN is x when ok, else NaN.
func orNaN(x float64, ok bool) float64 {
	if ok {
		return x
	}
	return math.NaN()
}

// numberAt reads a numeric vector as float64, NaN for null.
func numberAt(v eval.Vec, i int) float64 {
	if v.IsNull(i) {
		return math.NaN()
	}
	switch x := v.Value(i).(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

// previousModel reads the stored model of c, nil when there is none.
func (r *run) previousModel(c *plan.Cluster) (*store.ModelRow, error) {
	row, err := store.ReadLatestModel(r.ctx, r.db, c.Name)
	if err != nil {
		return nil, wrap(err, c.Loc)
	}
	return row, nil
}

// retrainReason says why c must be trained now, or "" to apply the stored
// model.
func (r *run) retrainReason(c *plan.Cluster, prev *store.ModelRow, spec string) string {
	switch {
	case prev == nil:
		return "first training"
	case prev.Spec != spec:
		return "the definition changed"
	case r.opts.Retrain:
		return "--retrain"
	case c.Algorithm == plan.DBSCAN:
		return "dbscan refits every run"
	case c.RetrainEvery > 0 && r.asOf-prev.TrainedAt.Unix() >= c.RetrainEvery:
		return "retrain every " + plan.FormatDuration(c.RetrainEvery)
	case r.asOf < prev.TrainedAt.Unix():
		return "as-of before the stored model"
	}
	return ""
}

// decodeModel reads a stored model's JSON.
func decodeModel(row *store.ModelRow) (*storedModel, *ModelMetrics, error) {
	var m storedModel
	if err := json.Unmarshal([]byte(row.Model), &m); err != nil {
		return nil, nil, fmt.Errorf("stored cluster model %s version %d is not valid JSON: %v; retrain it with segc run --retrain", row.Name, row.Version, err)
	}
	var met ModelMetrics
	if row.Metrics != "" {
		_ = json.Unmarshal([]byte(row.Metrics), &met) // metrics are informative only
	}
	return &m, &met, nil
}

// applyCluster assigns every complete row to the nearest stored centroid,
// prepared with the stored scaler and projection.
func (r *run) applyCluster(res *ClusterResult, prev *store.ModelRow) error {
	m, met, err := decodeModel(prev)
	if err != nil {
		return err
	}
	if m.Scaler == nil || m.Centroids.Cols != len(m.Scaler.Center) && m.PCA == nil {
		return fmt.Errorf("stored cluster model %s version %d has no usable scaler or centroids; retrain it with segc run --retrain", prev.Name, prev.Version)
	}
	kept, labels, err := applyRows(m, res.raw)
	if err != nil {
		return err
	}
	res.model, res.Metrics, res.IDs = m, met, m.IDs
	res.Version, res.TrainedAt = prev.Version, prev.TrainedAt
	r.setAssign(res, kept, labels)
	return nil
}

// setAssign fills Assign from the labels (centroid positions) of the kept
// raw rows; -1 is noise.
func (r *run) setAssign(res *ClusterResult, kept []int, labels []int32) {
	res.Assign = make([]int32, r.ev.Len())
	for i := range res.Assign {
		res.Assign[i] = Unclustered
	}
	res.rows = kept
	if res.rawEntity != nil {
		res.rawRow, res.rows = kept, make([]int, len(kept))
		for i, row := range kept {
			res.rows[i] = res.rawEntity[row]
		}
	}
	for i, row := range res.rows {
		if labels[i] < 0 {
			res.Assign[row] = plan.NoiseLabel
			continue
		}
		res.Assign[row] = int32(res.IDs[labels[i]])
	}
}

// InCluster implements eval.ClusterInputs.
func (in entityInputs) InCluster(c, label int) eval.Vec {
	out := make([]bool, in.Len())
	if c < len(in.e.Clusters) && in.e.Clusters[c] != nil {
		for i, a := range in.e.Clusters[c].Assign {
			out[i] = a == int32(label)
		}
	}
	return eval.Bools(out)
}
