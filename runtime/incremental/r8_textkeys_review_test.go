package incremental_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/compiler/plan"
)

// r8Clusters are two clusters added to reviewModule: a k-means model
// trained on the first run and applied by the daily ones, and a DBSCAN
// that refits every run. Both now publish their segments when their step
// ends (34b6927), beside a lifecycle and triggers.
const r8Clusters = `
segment grp = cluster(kmeans, k=2, features=[tier, buys2], seed=1)
segment dn = cluster(dbscan, eps=0.5, min_points=3, features=[tier, buys2])
`

// TestR8ClustersTextKeysEqualCold (review R8): reviewModule's daily
// streams with two clusters added, with integer and text keys: every
// incremental run stores the members (with since), states and last
// run's changes that a --cold run on a copy stores.
func TestR8ClustersTextKeysEqualCold(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		text bool
	}{{5, false}, {6, true}} {
		t.Run(fmt.Sprint("seed ", tc.seed, " text keys ", tc.text), func(t *testing.T) {
			dir := t.TempDir()
			s := &reviewStream{t: t, rng: rand.New(rand.NewPCG(tc.seed, 7)), text: tc.text}
			p := r8ClusterPlan(t, dir, tc.text)
			path := filepath.Join(dir, "inc.db")
			s.db = open(t, path)
			s.schema()
			run(t, s.db, p, day0, false)
			seen := map[string]bool{}
			runs := reviewRuns()
			for k := 1; k+1 < len(runs); k++ {
				s.day(runs[k-1], runs[k], runs[k+1])
				cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
				s.db.Close()
				copyFile(t, path, cold)
				s.db = open(t, path)
				for seg, n := range reviewCompare(t, s.db, open(t, cold), p, runs[k]) {
					seen[seg] = seen[seg] || n > 0
				}
			}
			for _, seg := range []string{"grp.c1", "grp.c2", "dn.c1"} {
				if !seen[seg] {
					t.Errorf("%s was empty in every run: the stream does not exercise it", seg)
				}
			}
		})
	}
}

// r8ClusterPlan compiles reviewModule and r8Clusters with the key type.
func r8ClusterPlan(t *testing.T, dir string, text bool) *plan.Plan {
	kind := "int"
	if text {
		kind = "string"
	}
	seg := filepath.Join(dir, "review.seg")
	src := strings.ReplaceAll(reviewModule, "KEYTYPE", kind) + r8Clusters
	if err := os.WriteFile(seg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return compileFiles(t, seg)
}
