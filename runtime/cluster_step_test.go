package runtime_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

var clusterAsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// blob is one group of the fixture: a centre and the spend of its rows.
type blob struct {
	x, y, spend float64
	n           int
}

// threeBlobs are well separated: the (10, 0) blob spends most.
var threeBlobs = []blob{{0, 0, 10, 40}, {10, 0, 100, 30}, {0, 10, 50, 20}}

// blobDB writes customers(id, x, y, spend) with the blobs' rows (ids in
// blob order from 1), jittered by seed and shifted by shift, and two rows
// with a null feature at the end.
func blobDB(t *testing.T, blobs []blob, seed uint64, shift float64) (*sql.DB, [][]int64) {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, x REAL, y REAL, spend REAL)`); err != nil {
		t.Fatal(err)
	}
	writeBlobs(t, db, blobs, seed, shift)
	var ids [][]int64
	id := int64(1)
	for _, b := range blobs {
		var g []int64
		for range b.n {
			g = append(g, id)
			id++
		}
		ids = append(ids, g)
	}
	return db, ids
}

// writeBlobs replaces the rows of customers.
func writeBlobs(t *testing.T, db *sql.DB, blobs []blob, seed uint64, shift float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	if _, err := db.Exec(`DELETE FROM customers`); err != nil {
		t.Fatal(err)
	}
	id := 1
	for _, b := range blobs {
		for range b.n {
			_, err := db.Exec(`INSERT INTO customers VALUES (?, ?, ?, ?)`, id, b.x+shift+r.NormFloat64(), b.y+r.NormFloat64(), b.spend+r.Float64())
			if err != nil {
				t.Fatal(err)
			}
			id++
		}
	}
	for _, row := range []string{`INSERT INTO customers VALUES (?, NULL, 1, 1)`, `INSERT INTO customers VALUES (?, 1, NULL, 1)`} {
		if _, err := db.Exec(row, id); err != nil {
			t.Fatal(err)
		}
		id++
	}
}

const blobModule = `
entities customers key id { x float? y float? spend float? }
segment g = cluster(kmeans, k=3, features=[x, y], scale=zscore, seed=7, n_init=4) {
  name by spend desc: high, mid, low
}
segment high_spenders { where g.high and spend > 50 }
`

// compileModule compiles one source text.
func compileModule(t *testing.T, src string) *plan.Plan {
	t.Helper()
	f, ds := dsl.Parse(source.NewFile("m.seg", []byte(src)))
	p, cds := compiler.Compile(&compiler.Module{Files: []*ast.File{f}}, builtins.Default())
	if all := append(ds, cds...); all.HasErrors() {
		t.Fatalf("compile: %v", all)
	}
	return p
}

// runAt runs p on db at as-of and returns the result.
func runAt(t *testing.T, db *sql.DB, p *plan.Plan, at time.Time, retrain bool) *batch.Result {
	t.Helper()
	res, ds, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: at, Retrain: retrain})
	if err != nil {
		t.Fatalf("run: %v %v", err, ds)
	}
	return res
}

// members reads a segment's stored members.
func members(t *testing.T, db *sql.DB, seg string) []int64 {
	t.Helper()
	k, err := store.ReadSegmentMembers(context.Background(), db, seg)
	if err != nil {
		t.Fatal(err)
	}
	return k.Ints
}

// modelVersions reads the stored versions of a model.
func modelVersions(t *testing.T, db *sql.DB, name string) []int {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM segc_models WHERE name = ? ORDER BY version`, name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

func TestClusterNamesByRank(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule)
	res := runAt(t, db, p, clusterAsOf, false)
	for name, want := range map[string][]int64{"g.high": ids[1], "g.mid": ids[2], "g.low": ids[0], "high_spenders": ids[1]} {
		if got := members(t, db, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	c := res.Evaluation.Clusters[0]
	if !c.Trained || c.Version != 1 || c.Monitor.Unclustered != 2 {
		t.Errorf("trained %t version %d unclustered %d, want a first training (version 1) with 2 unclustered", c.Trained, c.Version, c.Monitor.Unclustered)
	}
	if c.Metrics.Silhouette < 0.5 || c.Metrics.DaviesBouldin <= 0 || c.Metrics.Inertia <= 0 {
		t.Errorf("metrics %+v: want a high silhouette on separated blobs", c.Metrics)
	}
}

func TestClusterNumberedBySize(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, `entities customers key id { x float? y float? spend float? }
segment g = cluster(kmeans, k=3, features=[x, y], seed=7)`)
	runAt(t, db, p, clusterAsOf, false)
	for name, want := range map[string][]int64{"g.c1": ids[0], "g.c2": ids[1], "g.c3": ids[2]} {
		if got := members(t, db, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v (c1 is the largest)", name, got, want)
		}
	}
}

func TestClusterDeterministic(t *testing.T) {
	p := compileModule(t, blobModule)
	var models []string
	var high [][]int64
	for range 2 {
		db, _ := blobDB(t, threeBlobs, 1, 0)
		runAt(t, db, p, clusterAsOf, false)
		var m string
		if err := db.QueryRow(`SELECT model || metrics FROM segc_models`).Scan(&m); err != nil {
			t.Fatal(err)
		}
		models = append(models, m)
		high = append(high, members(t, db, "g.high"))
	}
	if models[0] != models[1] || !reflect.DeepEqual(high[0], high[1]) {
		t.Errorf("two runs with the same seed differ:\n%s\n%s", models[0], models[1])
	}
}

func TestClusterAssignsBetweenRetrains(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule)
	runAt(t, db, p, clusterAsOf, false)
	// A new customer near the high blob is assigned to it without a retrain.
	if _, err := db.Exec(`INSERT INTO customers VALUES (1000, 10.2, 0.3, 1)`); err != nil {
		t.Fatal(err)
	}
	res := runAt(t, db, p, clusterAsOf.Add(24*time.Hour), false)
	c := res.Evaluation.Clusters[0]
	if c.Trained || c.Version != 1 {
		t.Errorf("second run trained=%t version %d, want the stored version 1 applied", c.Trained, c.Version)
	}
	if got, want := members(t, db, "g.high"), append(slices.Clone(ids[1]), 1000); !reflect.DeepEqual(got, want) {
		t.Errorf("g.high = %v, want %v", got, want)
	}
	if st := c.Monitor.Stability; st == nil || st.Changed != 0 || st.AdjustedRand != 1 {
		t.Errorf("stability %+v, want nobody changed (ARI 1)", st)
	}
	if v := modelVersions(t, db, "g"); !reflect.DeepEqual(v, []int{1}) {
		t.Errorf("versions %v, want [1]", v)
	}
}

func TestClusterRetrainKeepsNames(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule)
	runAt(t, db, p, clusterAsOf, false)
	// Perturb: new jitter, every point shifted, and the high blob's spend
	// drops below the mid blob's, so a fresh ranking would swap the names.
	changed := slices.Clone(threeBlobs)
	changed[1].spend = 40
	writeBlobs(t, db, changed, 2, 0.5)
	res := runAt(t, db, p, clusterAsOf.Add(24*time.Hour), true)
	c := res.Evaluation.Clusters[0]
	if !c.Trained || c.Version != 2 {
		t.Fatalf("trained=%t version %d, want a retrain to version 2", c.Trained, c.Version)
	}
	for name, want := range map[string][]int64{"g.high": ids[1], "g.mid": ids[2], "g.low": ids[0]} {
		if got := members(t, db, name); !reflect.DeepEqual(got, want) {
			t.Errorf("after the retrain %s = %v, want %v (names stay on their clusters)", name, got, want)
		}
	}
	if !hasWarning(res, diag.ClusterNaming) {
		t.Errorf("no %s warning although a fresh ranking disagrees: %v", diag.ClusterNaming, res.Evaluation.Warnings)
	}
}

func TestClusterRetrainEvery(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule+"segment h = cluster(kmeans, k=2, features=[spend]) { retrain every 7d }\n")
	for _, step := range []struct {
		day     int
		trained bool
	}{{0, true}, {3, false}, {7, true}, {8, false}} {
		res := runAt(t, db, p, clusterAsOf.Add(time.Duration(step.day)*24*time.Hour), false)
		if got := res.Evaluation.Clusters[1].Trained; got != step.trained {
			t.Errorf("day %d: trained=%t, want %t", step.day, got, step.trained)
		}
	}
}

func TestClusterDrift(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule)
	runAt(t, db, p, clusterAsOf, false)
	writeBlobs(t, db, threeBlobs, 1, 20)
	res := runAt(t, db, p, clusterAsOf.Add(24*time.Hour), false)
	drift := res.Evaluation.Clusters[0].Monitor.Drift
	if len(drift) != 2 || drift[0].PSI <= runtime.DriftPSIWarn || drift[1].PSI > 0.1 {
		t.Errorf("drift %+v, want x drifted and y stable", drift)
	}
	if !hasWarning(res, diag.ClusterDrift) {
		t.Errorf("no drift warning: %v", res.Evaluation.Warnings)
	}
}

func hasWarning(res *batch.Result, code diag.Code) bool {
	for _, w := range res.Evaluation.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestClusterAutoKAndPCA(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, `entities customers key id { x float? y float? spend float? }
segment g = cluster(kmeans, k=auto(2..5), features=[x, y, x + y], scale=zscore, seed=3, reduce=pca(0.95))`)
	res := runAt(t, db, p, clusterAsOf, false)
	c := res.Evaluation.Clusters[0]
	if len(c.Metrics.SilhouetteByK) != 4 || len(c.IDs) != 3 {
		t.Fatalf("scores %+v, ids %v: want 4 candidates and k=3 chosen", c.Metrics.SilhouetteByK, c.IDs)
	}
	if got := members(t, db, "g.c1"); !reflect.DeepEqual(got, ids[0]) {
		t.Errorf("g.c1 = %v, want the largest blob %v", got, ids[0])
	}
}

func TestClusterDBSCANNoise(t *testing.T) {
	db, ids := blobDB(t, threeBlobs, 1, 0)
	if _, err := db.Exec(`INSERT INTO customers VALUES (500, 30, 30, 1), (501, -30, 40, 1)`); err != nil {
		t.Fatal(err)
	}
	p := compileModule(t, `entities customers key id { x float? y float? spend float? }
segment d = cluster(dbscan, eps=3, min_points=4, features=[x, y])
segment odd { where d.noise }`)
	runAt(t, db, p, clusterAsOf, false)
	if got := members(t, db, "d.noise"); !reflect.DeepEqual(got, []int64{500, 501}) {
		t.Errorf("d.noise = %v, want the two outliers", got)
	}
	if got := members(t, db, "odd"); !reflect.DeepEqual(got, []int64{500, 501}) {
		t.Errorf("odd = %v, want the two outliers", got)
	}
	if got := members(t, db, "d.c1"); !reflect.DeepEqual(got, ids[0]) {
		t.Errorf("d.c1 = %v, want the largest blob", got)
	}
	// A second run refits and keeps the ids on the same clusters.
	runAt(t, db, p, clusterAsOf.Add(time.Hour), false)
	if got := members(t, db, "d.c2"); !reflect.DeepEqual(got, ids[1]) {
		t.Errorf("after a refit d.c2 = %v, want %v", got, ids[1])
	}
}
