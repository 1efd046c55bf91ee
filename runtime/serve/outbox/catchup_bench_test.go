package outbox

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkCatchUp enqueues 100 runs of about 1,000 changes each for a
// destination marked at run 1: in one pass over segc_changes (range) or
// one statement per run (per-run, what a baseline destination does).
func BenchmarkCatchUp(b *testing.B) {
	db := openTestDB(b)
	rng := rand.New(rand.NewPCG(1, 2))
	for day := range 101 {
		if err := commitRun(b, db, day, 2000, map[string][]int32{"vip": randomMembers(rng, 2000), "other": randomMembers(rng, 2000)}, nil); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	if err := EnsureSchema(ctx, db); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"range", "per-run"} {
		b.Run(mode, func(b *testing.B) {
			d := testDest("http://127.0.0.1:9/", "vip")
			for b.Loop() {
				if _, err := db.Exec(`DELETE FROM segc_outbox; INSERT OR REPLACE INTO segc_outbox_marks VALUES ('crm', 1)`); err != nil {
					b.Fatal(err)
				}
				if mode == "range" {
					if _, err := CatchUp(ctx, db, []Destination{d}, time.Now); err != nil {
						b.Fatal(err)
					}
					continue
				}
				for run := int64(2); run <= 101; run++ {
					if _, err := enqueue(ctx, db, d, run, 0); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
