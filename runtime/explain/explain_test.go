package explain

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/demo"
)

// demoRun generates a small demo database, runs examples/segments on it
// and returns the database and the plan.
func demoRun(t *testing.T) (*sql.DB, *plan.Plan) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if _, err := demo.Generate(ctx, path, demo.Options{Customers: 600, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	files, _ := filepath.Glob("../../examples/segments/*.seg")
	extra := filepath.Join(t.TempDir(), "cluster.seg")
	if err := os.WriteFile(extra, []byte(clusterSeg), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, extra)
	mod, diags, err := compiler.LoadFiles(files)
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading examples/segments: %v %v", err, diags)
	}
	p, diags := compiler.Compile(mod, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("compiling examples/segments: %v", diags)
	}
	if _, _, err := batch.Run(ctx, db, p, builtins.Default(), batch.Options{AsOf: demo.DefaultAsOf()}); err != nil {
		t.Fatal(err)
	}
	return db, p
}

// clusterSeg adds a cluster to the test's copy of examples/segments.
const clusterSeg = `segment rfm = cluster(kmeans, k=3, features=[recency_days, frequency, monetary],
                      transform=log1p, scale=zscore, seed=42) {
  name by monetary desc: champions, regulars, sleepers
}
`

// storedSegments lists every stored segment name of p: segments and
// their holdouts, lifecycle states, trigger segments and clusters.
func storedSegments(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Segments {
		out = append(out, s.Name)
		if s.Holdout > 0 {
			out = append(out, s.Name+".holdout")
		}
	}
	return append(out, timeSegments(p)...)
}

// timeSegments lists the lifecycle states, trigger segments and clusters.
func timeSegments(p *plan.Plan) []string {
	var out []string
	for _, l := range p.Lifecycles {
		for _, s := range l.States {
			out = append(out, l.Name+"."+s)
		}
	}
	for _, t := range p.Triggers {
		out = append(out, t.Segment)
	}
	for _, c := range p.Clusters {
		for id := range c.MaxClusters() {
			out = append(out, c.SegmentName(id))
		}
	}
	return out
}

// isState reports a lifecycle state segment: recomputing one at the
// stored run's as-of starts from the states that run stored, so only
// the stored explanation must equal segc_members.
func isState(p *plan.Plan, seg string) bool {
	for _, l := range p.Lifecycles {
		if strings.HasPrefix(seg, l.Name+".") {
			return true
		}
	}
	return false
}

// TestVerdictMatchesStoredMembership is the acceptance check: for random
// entities of a small demo database and every stored segment, explain's
// verdict (from the stored run, and recomputed at the run's as-of) equals
// segc_members.
func TestVerdictMatchesStoredMembership(t *testing.T) {
	db, p := demoRun(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	keys := []int64{1, 600}
	for range 6 {
		keys = append(keys, int64(rng.IntN(600)+1))
	}
	members := 0
	for _, key := range keys {
		for _, seg := range storedSegments(p) {
			want, err := storedMember(ctx, db, seg, key)
			if err != nil {
				t.Fatal(err)
			}
			for _, asOf := range []time.Time{{}, demo.DefaultAsOf()} {
				if !asOf.IsZero() && isState(p, seg) {
					continue
				}
				x, err := Explain(ctx, db, p, builtins.Default(), Options{Segment: seg, Key: key, AsOf: asOf})
				if err != nil {
					t.Fatalf("%d in %s: %v", key, seg, err)
				}
				if x.Member != want {
					t.Errorf("%d in %s (as-of %v): explain says %t, segc_members %t", key, seg, asOf, x.Member, want)
				}
				if x.Stored != nil && !x.Stored.Agrees {
					t.Errorf("%d in %s: stored membership reported as disagreeing: %+v", key, seg, x.Stored)
				}
			}
			if want {
				members++
			}
		}
	}
	if members == 0 {
		t.Error("no sampled entity is a member of anything; the check proves little")
	}
	if len(p.Lifecycles) == 0 || len(p.Triggers) == 0 || len(p.Clusters) == 0 {
		t.Errorf("the module has %d lifecycles, %d triggers, %d clusters: the check covers none of some", len(p.Lifecycles), len(p.Triggers), len(p.Clusters))
	}
}

func TestExplainErrors(t *testing.T) {
	db, p := demoRun(t)
	ctx := context.Background()
	for _, c := range []struct {
		seg  string
		key  any
		want string
	}{
		{"lapse", int64(1), `did you mean "lapsed"?`},
		{"lapsed", int64(601), "customer_id 601 is not in table customers; the nearest ids are 599, 600"},
	} {
		_, err := Explain(ctx, db, p, builtins.Default(), Options{Segment: c.seg, Key: c.key})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Explain(%s, %v) = %v, want %q", c.seg, c.key, err, c.want)
		}
	}
	if _, err := db.Exec(`DELETE FROM segc_runs`); err != nil {
		t.Fatal(err)
	}
	if _, err := Explain(ctx, db, p, builtins.Default(), Options{Segment: "lapsed", Key: int64(1)}); !errors.Is(err, ErrNoStoredRun) {
		t.Errorf("without runs: %v, want ErrNoStoredRun", err)
	}
}

// TestDataChangedSinceRun: after the data changes, the stored-run
// explanation keeps the run's thresholds and says segc_members disagrees.
func TestDataChangedSinceRun(t *testing.T) {
	db, p := demoRun(t)
	ctx := context.Background()
	var key int64
	if err := db.QueryRow(`SELECT entity_id FROM segc_members WHERE segment = 'lapsed' ORDER BY entity_id LIMIT 1`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET ts = '2026-06-29 00:00:00' WHERE customer_id = ? AND type = 'purchase'`, key); err != nil {
		t.Fatal(err)
	}
	x, err := Explain(ctx, db, p, builtins.Default(), Options{Segment: "lapsed", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if x.Member || x.Stored == nil || !x.Stored.Member || x.Stored.Agrees {
		t.Errorf("after the data changed: member=%t stored=%+v", x.Member, x.Stored)
	}
	var text bytes.Buffer
	if err := WriteText(&text, x); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "segc_members disagrees: run 1 stored it as a member of lapsed") {
		t.Errorf("text does not say the stored membership disagrees:\n%s", text.String())
	}
}

func TestJSONHasMemberAndTree(t *testing.T) {
	db, p := demoRun(t)
	x, err := Explain(context.Background(), db, p, builtins.Default(), Options{Segment: "new_users.vip", Key: int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, x); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Member *bool  `json:"member"`
		AsOf   string `json:"as_of"`
		Tree   struct {
			Kind     string
			Children []struct{ Kind string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Member == nil || *got.Member != x.Member || got.AsOf != "2026-06-30 00:00:00" {
		t.Errorf("top level: %s", buf.String())
	}
	if got.Tree.Kind != "segment" || len(got.Tree.Children) != 2 || got.Tree.Children[0].Kind != "population" || got.Tree.Children[1].Kind != "where" {
		t.Errorf("tree: %+v", got.Tree)
	}
	if strings.Contains(buf.String(), `\u003e`) {
		t.Errorf("JSON escapes > as \\u003e")
	}
}
