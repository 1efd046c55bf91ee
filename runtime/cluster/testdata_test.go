package cluster

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// reference is testdata/reference.json, written by testdata/sklearn/reference.py.
type reference struct {
	SklearnVersion string       `json:"sklearn_version"`
	BlobsKMeans    kmeansRef    `json:"blobs_kmeans"`
	BlobsKMeans5   kmeansRef    `json:"blobs_kmeans5"`
	BlobsMetrics   metricsRef   `json:"blobs_metrics"`
	BlobsOdd       metricsRef   `json:"blobs_metrics_odd"`
	ARIK4K5        float64      `json:"blobs_ari_k4_k5"`
	ARIOddK4       float64      `json:"blobs_ari_odd_k4"`
	BlobsPCA       pcaRef       `json:"blobs_pca"`
	LowRankPCA     pcaRef       `json:"lowrank_pca"`
	LowRankPCA99   pcaRef       `json:"lowrank_pca_99"`
	DBSCAN         []dbscanRef  `json:"dbscan"`
	RFMKMeans      kmeansRef    `json:"rfm_kmeans"`
	RFMLandscape   landscapeRef `json:"rfm_kmeans_landscape"`
	RFMRows        int          `json:"rfm_rows"`
	RFMScaler      scalerRef    `json:"rfm_scaler"`
	RFMMetrics     metricsRef   `json:"rfm_metrics"`
	RFMPCA         pcaRef       `json:"rfm_pca"`
}

type kmeansRef struct {
	K           int     `json:"k"`
	NInit       int     `json:"n_init"`
	RandomState uint64  `json:"random_state"`
	Inertia     float64 `json:"inertia"`
	Sizes       []int   `json:"sizes"`
	Labels      []int32 `json:"labels"`
}

// landscapeRef is scikit-learn's best optimum over many random states.
type landscapeRef struct {
	BestInertia float64 `json:"best_inertia"`
	BestSizes   []int   `json:"best_sizes"`
	SizesMin    []int   `json:"sizes_min"`
	SizesMax    []int   `json:"sizes_max"`
}

type metricsRef struct {
	Labels        []int32 `json:"labels"`
	Silhouette    float64 `json:"silhouette"`
	DaviesBouldin float64 `json:"davies_bouldin"`
}

type pcaRef struct {
	VarianceKept float64     `json:"variance_kept"`
	NComponents  int         `json:"n_components"`
	Ratio        []float64   `json:"explained_variance_ratio"`
	Components   [][]float64 `json:"components"`
	Mean         []float64   `json:"mean"`
	Head         [][]float64 `json:"transformed_head"`
}

type dbscanRef struct {
	Eps       float64 `json:"eps"`
	MinPoints int     `json:"min_points"`
	Core      []int   `json:"core"`
	Noise     []int   `json:"noise"`
	Labels    []int32 `json:"labels"`
}

type scalerRef struct {
	Mean  []float64 `json:"mean"`
	Scale []float64 `json:"scale"`
}

// loadReference reads testdata/reference.json.
func loadReference(t testing.TB) *reference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// loadCSV reads a testdata CSV with a header; skip drops leading columns.
func loadCSV(t testing.TB, name string, skip int) Matrix {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatrix(len(recs)-1, len(recs[0])-skip)
	for i, rec := range recs[1:] {
		for j, s := range rec[skip:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s row %d: %v", name, i+1, err)
			}
			m.Data[i*m.Cols+j] = v
		}
	}
	return m
}

// rfmPrepared is the RFM table after log1p and z-scoring.
func rfmPrepared(t testing.TB) *Prepared {
	t.Helper()
	p, err := Prepare(loadCSV(t, "rfm.csv", 1), TransformLog1p, ScaleZScore)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
