package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// kmeansResult is a trained k-means model's inertia and cluster sizes.
type kmeansResult struct {
	Inertia float64 `json:"inertia"`
	Sizes   []int   `json:"sizes"`
}

// readSegcKMeans reads the metrics of the cluster model a cold run
// trained (the module's first), or nil when the module has no cluster.
func readSegcKMeans(ctx context.Context, path string) (*kmeansResult, error) {
	db, err := openDB(ctx, path, false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var metrics string
	err = db.QueryRowContext(ctx, "SELECT metrics FROM segc_models ORDER BY name, version DESC LIMIT 1").Scan(&metrics)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var k kmeansResult
	if err := json.Unmarshal([]byte(metrics), &k); err != nil {
		return nil, fmt.Errorf("segc_models metrics %q: %v", metrics, err)
	}
	return &k, nil
}

// pandasKMeansLine matches w1_pandas.py's `kmeans_inertia X sizes [a, b]`.
var pandasKMeansLine = regexp.MustCompile(`(?m)^kmeans_inertia (\S+) sizes \[([0-9, ]*)\]`)

// parsePandasKMeans reads the pandas peer's k-means line, nil if absent.
func parsePandasKMeans(out []byte) (*kmeansResult, error) {
	m := pandasKMeansLine.FindSubmatch(out)
	if m == nil {
		return nil, nil
	}
	inertia, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return nil, fmt.Errorf("pandas peer inertia %q: %v", m[1], err)
	}
	k := &kmeansResult{Inertia: inertia}
	for _, f := range strings.Split(string(m[2]), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("pandas peer cluster sizes %q: %v", m[2], err)
		}
		k.Sizes = append(k.Sizes, n)
	}
	return k, nil
}

// kmeansComparison is segc's model against scikit-learn's.
type kmeansComparison struct {
	inertiaDiff float64 // (segc - sklearn) / sklearn
	sizeDiff    float64 // largest |segc - sklearn| / sklearn over sorted sizes
	segcSizes   []int   // sorted
	peerSizes   []int   // sorted
}

// inertiaOK is product.md's k-means target: segc's inertia at most 0.1%
// above scikit-learn's (a lower inertia is a better fit, never a failure).
func (k kmeansComparison) inertiaOK() bool { return k.inertiaDiff <= 0.001 }

// sizesOK is bench.md's size check: sorted sizes within 1%.
func (k kmeansComparison) sizesOK() bool { return k.sizeDiff <= 0.01 }

// compareKMeans compares two models by inertia and by sorted cluster
// sizes (labels are arbitrary, so sizes are matched by rank).
func compareKMeans(segc, peer *kmeansResult) (kmeansComparison, error) {
	a, b := slices.Sorted(slices.Values(segc.Sizes)), slices.Sorted(slices.Values(peer.Sizes))
	if len(a) != len(b) || peer.Inertia <= 0 {
		return kmeansComparison{}, fmt.Errorf("k-means models are not comparable: segc sizes %v inertia %g, sklearn sizes %v inertia %g", a, segc.Inertia, b, peer.Inertia)
	}
	c := kmeansComparison{inertiaDiff: (segc.Inertia - peer.Inertia) / peer.Inertia, segcSizes: a, peerSizes: b}
	for i := range a {
		c.sizeDiff = max(c.sizeDiff, math.Abs(float64(a[i]-b[i]))/math.Max(float64(b[i]), 1))
	}
	return c, nil
}
