package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The clustering algorithms.
const (
	KMeans = "kmeans"
	DBSCAN = "dbscan"
)

// NoiseLabel is the label of DBSCAN's noise points: ClusterRef.Label and
// the stored segment NAME.noise.
const NoiseLabel = -1

// Cluster is `segment NAME = cluster(ALGORITHM, ...)`: one stored segment
// per cluster, NAME.LABEL, over the entities whose Features are all
// non-null (the others are in no cluster segment).
//
// Features are entity-level numeric expressions, read in the order given.
// Each feature is transformed (Transform) and then scaled (Scale); with
// Reduce > 0 the scaled rows are projected onto the principal components
// that keep that share of the variance. k-means uses K clusters, or picks
// k in [KMin, KMax] by silhouette when K is 0. DBSCAN uses Eps and
// MinPoints and adds the NAME.noise segment.
//
// Cluster ids are 0-based: with Names, id i is Names[i]; without, id i is
// "c(i+1)". At first training, ids come from ranking by NameBy (Desc for
// descending) or, without NameBy, by size (largest first); a retrain keeps
// each id on its matching cluster.
type Cluster struct {
	Index     int
	Name      string
	Algorithm string
	Features  []Expr
	// FeatureNames are the features' source texts, for profiles and the
	// stored model.
	FeatureNames []string
	K            int // fixed number of clusters; 0 with auto k
	KMin, KMax   int // auto k range (k-means with K == 0)
	Transform    string
	Scale        string
	Seed         uint64
	NInit        int
	MaxIter      int
	Tol          float64
	Reduce       float64 // PCA variance share in (0, 1]; 0 means no PCA
	Eps          float64 // DBSCAN neighbourhood radius (prepared units)
	MinPoints    int     // DBSCAN core point threshold
	NameBy       Expr    // nil: clusters are numbered by size
	NameByText   string
	Desc         bool
	Names        []string
	RetrainEvery int64 // seconds; 0 means retrain only when asked or the spec changes
	Loc          Loc
}

// MaxClusters is the largest number of cluster ids: K, KMax, or len(Names).
// It is 0 for DBSCAN, whose count is known only after training.
func (c *Cluster) MaxClusters() int {
	switch {
	case len(c.Names) > 0:
		return len(c.Names)
	case c.K > 0:
		return c.K
	}
	return c.KMax
}

// Label returns the label of cluster id (0-based): its name, "c(id+1)",
// or "noise" for NoiseLabel.
func (c *Cluster) Label(id int) string {
	if id == NoiseLabel {
		return "noise"
	}
	if id >= 0 && id < len(c.Names) {
		return c.Names[id]
	}
	return fmt.Sprintf("c%d", id+1)
}

// LabelID returns the cluster id of a label: a name, cN, or noise (for
// DBSCAN). ok is false for a label the cluster cannot have.
func (c *Cluster) LabelID(label string) (int, bool) {
	if label == "noise" {
		return NoiseLabel, c.Algorithm == DBSCAN
	}
	for i, n := range c.Names {
		if n == label {
			return i, true
		}
	}
	if len(c.Names) > 0 {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(label, "c%d", &n); err != nil || fmt.Sprintf("c%d", n) != label || n < 1 {
		return 0, false
	}
	if m := c.MaxClusters(); m > 0 && n > m {
		return 0, false
	}
	return n - 1, true
}

// SegmentName is the stored segment of cluster id: NAME.LABEL.
func (c *Cluster) SegmentName(id int) string { return c.Name + "." + c.Label(id) }

// Spec is the cluster's meaning as canonical JSON: features, parameters
// and naming, without source locations. A stored model trained under
// another spec is retrained.
func (c *Cluster) Spec() string {
	b, err := json.Marshal(jsonEnc{}.cluster(c))
	if err != nil {
		return ""
	}
	return string(b)
}

// ClusterRef is true for the entities in cluster Label (a cluster id, or
// NoiseLabel) of Clusters[Cluster]; false otherwise, never null.
type ClusterRef struct {
	Node
	Cluster int
	Label   int
	Name    string // "rfm.champions"
}

// formatCluster renders the cluster's parameters for plan text.
func formatCluster(c *Cluster) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cluster %s = %s(", c.Name, c.Algorithm)
	switch {
	case c.Algorithm == DBSCAN:
		fmt.Fprintf(&b, "eps=%s, min_points=%d", formatFloat(c.Eps), c.MinPoints)
	case c.K > 0:
		fmt.Fprintf(&b, "k=%d", c.K)
	default:
		fmt.Fprintf(&b, "k=auto(%d..%d)", c.KMin, c.KMax)
	}
	fmt.Fprintf(&b, ", transform=%s, scale=%s", c.Transform, c.Scale)
	if c.Algorithm == KMeans {
		fmt.Fprintf(&b, ", seed=%d, n_init=%d, max_iter=%d, tol=%s", c.Seed, c.NInit, c.MaxIter, formatFloat(c.Tol))
	}
	if c.Reduce > 0 {
		fmt.Fprintf(&b, ", reduce=pca(%s)", formatFloat(c.Reduce))
	}
	b.WriteString(")")
	return b.String()
}
