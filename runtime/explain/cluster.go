package explain

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/store"
)

// clusterModel is the part of a stored cluster model (segc_models.model)
// that assigns a row: the preparation and the centroids.
type clusterModel struct {
	Scaler    *cluster.Scaler     `json:"scaler"`
	PCA       *cluster.Projection `json:"pca,omitempty"`
	Centroids cluster.Matrix      `json:"centroids"`
	Labels    []string            `json:"labels"`
}

// cluster explains membership of cluster label of c: the features, their
// prepared values and the distance to each centroid of the applied model.
func (b *builder) cluster(c *plan.Cluster, label int) (*Node, error) {
	name := c.SegmentName(label)
	cl := &Cluster{Name: c.Name, Label: c.Label(label)}
	raw := cluster.NewMatrix(1, len(c.Features))
	for j, f := range c.Features {
		v, err := b.at(f)
		if err != nil {
			return nil, err
		}
		x, ok := toFloat(v)
		raw.Data[j] = x
		if !ok {
			raw.Data[j] = math.NaN()
			if cl.Excluded == "" {
				cl.Excluded = c.FeatureNames[j]
			}
		}
		cl.Features = append(cl.Features, ClusterFeature{Expr: c.FeatureNames[j], Value: jsonFloat(raw.Data[j])})
	}
	assign := b.assignment(c)
	if assign != runtime.Unclustered {
		cl.Assigned = c.Label(assign)
	}
	if cl.Excluded == "" {
		if err := b.distances(c, cl, raw); err != nil {
			return nil, err
		}
	}
	return &Node{Kind: KindCluster, Expr: name, Segment: name, Verdict: boolVerdict(assign == label), Cluster: cl}, nil
}

// assignment is the entity's cluster id in this evaluation.
func (b *builder) assignment(c *plan.Cluster) int {
	if c.Index < len(b.ev.Clusters) && b.ev.Clusters[c.Index] != nil {
		if a := b.ev.Clusters[c.Index].Assign; b.i < len(a) {
			return int(a[b.i])
		}
	}
	return runtime.Unclustered
}

// distances prepares the entity's row with the stored model and measures
// its distance to each centroid.
func (b *builder) distances(c *plan.Cluster, cl *Cluster, raw cluster.Matrix) error {
	row, err := store.ReadLatestModel(b.ctx, b.db, c.Name)
	if err != nil || row == nil {
		return err
	}
	cl.Model = row.Version
	var m clusterModel
	if err := json.Unmarshal([]byte(row.Model), &m); err != nil || m.Scaler == nil {
		return fmt.Errorf("stored cluster model %s version %d cannot be read: %v", c.Name, row.Version, err)
	}
	tr, err := cluster.ApplyTransform(raw, m.Scaler.Transform)
	if err != nil {
		return err
	}
	scaled, err := m.Scaler.Apply(raw)
	if err != nil {
		return err
	}
	for j := range cl.Features {
		cl.Features[j].Transformed, cl.Features[j].Scaled = jsonFloat(tr.Data[j]), jsonFloat(scaled.Data[j])
	}
	z := scaled
	if m.PCA != nil {
		if z, err = m.PCA.Apply(scaled); err != nil {
			return err
		}
	}
	best := math.Inf(1)
	for k := 0; k < m.Centroids.Rows && k < len(m.Labels); k++ {
		d := euclid(z.Row(0), m.Centroids.Row(k))
		cl.Distances = append(cl.Distances, Distance{Label: m.Labels[k], Distance: d})
		if d < best {
			best, cl.Nearest = d, m.Labels[k]
		}
	}
	return nil
}

func euclid(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

// toFloat converts an evaluated numeric value.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// jsonFloat is x, or nil for NaN.
func jsonFloat(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}
