package runtime_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/batch"
)

// streamModule has features, plain and grouped percentiles, a nested
// segment and a holdout: everything a streamed run hands to the store
// one segment at a time.
const streamModule = `
entities customers key id { x float? y float? spend float? }
feature s = spend ?? 0
feature side = x > 5
segment big {
  where s > percentile(s, 50)
  holdout 10%
}
segment big.far { where y > percentile(y, 25) }
segment top_by_side { where s >= percentile(s, 75, by side) }
segment none_here { where s < 0 }
`

var streamRows = []string{
	`SELECT segment, entity_id, since FROM segc_members ORDER BY 1, 2`,
	`SELECT segment, entity_id, change, at FROM segc_changes ORDER BY 1, 2`,
	`SELECT * FROM segc_thresholds ORDER BY 1, 2, 3`,
}

func TestStreamedStepsEqualInline(t *testing.T) {
	p := compileModule(t, streamModule)
	streamed, _ := blobDB(t, threeBlobs, 1, 0)
	inline, _ := blobDB(t, threeBlobs, 1, 0)
	for day := range 2 {
		at := clusterAsOf.Add(time.Duration(day) * 24 * time.Hour)
		if day == 1 { // the second run sees changed data
			for _, db := range []*sql.DB{streamed, inline} {
				if _, err := db.Exec(`UPDATE customers SET spend = spend * 3 WHERE id % 3 = 0`); err != nil {
					t.Fatal(err)
				}
			}
		}
		// --cold: a second run would otherwise go incremental, which
		// evaluates in line.
		res, ds, err := batch.Run(context.Background(), streamed, p, builtins.Default(), batch.Options{AsOf: at, Cold: true})
		if err != nil {
			t.Fatalf("run %d: %v %v", day+1, err, ds)
		}
		if !slices.ContainsFunc(res.Evaluation.Timings, func(s runtime.StageTiming) bool { return s.Stage == "evaluate steps (during the store)" }) {
			t.Errorf("run %d: the steps did not overlap the store: %v", day+1, res.Evaluation.Timings)
		}
		evaluateInlineModule(t, inline, streamModule, at)
	}
	for _, q := range streamRows {
		if a, b := dumpRows(t, streamed, q), dumpRows(t, inline, q); !slices.Equal(a, b) {
			t.Errorf("%s\nstreamed: %v\ninline:   %v", q, a, b)
		}
	}
}

func TestCancelledStreamKeepsMembership(t *testing.T) {
	p := compileModule(t, streamModule)
	db, _ := blobDB(t, threeBlobs, 1, 0)
	runAt(t, db, p, clusterAsOf, false)
	before := dumpRows(t, db, streamRows[0])
	ctx, cancel := context.WithCancel(context.Background())
	opts := batch.Options{AsOf: clusterAsOf.Add(24 * time.Hour), Progress: func(stage string) {
		if stage == "evaluate steps" {
			cancel() // while the streamed steps start
		}
	}}
	_, _, err := batch.Run(ctx, db, p, builtins.Default(), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run error %v, want the cancellation", err)
	}
	if after := dumpRows(t, db, streamRows[0]); !slices.Equal(after, before) {
		t.Errorf("a cancelled run changed membership:\n%v\nwas\n%v", after, before)
	}
}
