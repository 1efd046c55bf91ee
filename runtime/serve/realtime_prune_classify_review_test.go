package serve

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/store"
)

// TestPruneClassifiedAtEvaluationInstantReview: one drain evaluates its
// groups one after the other, each at the clock's instant when it starts,
// but pruneGroups classified every key at the drain's start. Customer 2
// visits at T (lapsed, hours_since(last_visit) > 6, is due at T+6h); at
// T+1h one order batch has customers 5 (first evaluation since the full
// one: all as-of steps) and 2 (Next known and not come: only the orders
// steps). While customer 5's group is evaluated the clock reaches T+7h,
// so customer 2's group is evaluated at T+7h without lapsed, which
// changed at T+6h. The scheduler ticks hourly (real time), so nothing
// else corrects it: the served lapsed must equal a batch run at T+7h.
func TestPruneClassifiedAtEvaluationInstantReview(t *testing.T) {
	var clock atomic.Int64
	var jump atomic.Int64  // when set, the clock instant to jump to after the next evaluation
	var last2 atomic.Int64 // the instant of the latest evaluation of customer 2
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	f.write("prune.seg", pruneSeg)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(pruneSQL + `CREATE INDEX orders_key ON orders(customer_id, ts);`)
	must(t, err)
	db.Close()
	clock.Store(asOf.Unix())
	f.start(func(c *Config) {
		c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		c.TimeTick = time.Hour
		c.OnEvaluated = func(asOf time.Time, keys store.Keys, _ *api.State) {
			if slices.Contains(keys.Ints, 2) {
				last2.Store(asOf.Unix())
			}
			if to := jump.Swap(0); to != 0 {
				clock.Store(to)
			}
		}
	})
	t0 := clock.Load()
	at := func(s int64) string { return time.Unix(s, 0).UTC().Format(time.RFC3339) }
	f.postLog("visits", map[string]any{"visit_id": "r1", "customer_id": 2, "ts": at(t0), "page": "home"})
	f.settle()
	clock.Store(t0 + 3600)
	jump.Store(t0 + 7*3600)
	f.postLog("orders", event("r2", 5, at(t0+3600), "purchase", 20.0), event("r3", 2, at(t0+3600), "purchase", 30.0))
	f.settle()
	servedAt := time.Unix(last2.Load(), 0).UTC()
	t.Logf("customer 2 evaluated last at T+%v", servedAt.Sub(time.Unix(t0, 0)))
	served, batch := f.servedMembers()["lapsed"], batchMembersAt(t, f, servedAt)["lapsed"]
	if in(served, "2") != in(batch, "2") {
		t.Errorf("customer 2 in lapsed: served %t, batch at the served instant %t (served %v, batch %v)", in(served, "2"), in(batch, "2"), served, batch)
	}
}

// in reports whether ids has id.
func in(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
