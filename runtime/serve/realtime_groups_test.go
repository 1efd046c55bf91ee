package serve

import (
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// groupsSeg has a percentile by country.
const groupsSeg = `segment top_in_country {
  where spend_30d >= percentile(spend_30d, 50, by country)
}
`

// TestNewGroupAsksForFullEvaluation: a customer from a country the full
// evaluation did not see buys; the per-entity evaluation has no threshold
// for that country, so serve schedules a full evaluation, after which the
// served segment equals a batch evaluation (the customer is the top of
// its own country).
func TestNewGroupAsksForFullEvaluation(t *testing.T) {
	var clock atomic.Int64
	f := newClockFixture(t, &clock, "groups.seg", groupsSeg, fixtureSQL)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(`INSERT INTO customers VALUES (7, 'IT', 1)`)
	db.Close()
	must(t, err)
	now := time.Unix(clock.Load(), 0).UTC()
	f.postOK(event("it-1", 7, now.Format(time.RFC3339), "purchase", 50.0))
	var served, batch map[string][]string
	same := func() bool {
		served, batch = f.servedMembers(), batchMembersAt(t, f, now)
		return fmt.Sprint(served["top_in_country"]) == fmt.Sprint(batch["top_in_country"])
	}
	deadline := time.Now().Add(15 * time.Second)
	for !same() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !same() {
		t.Fatalf("top_in_country served %v, batch %v: the new country's threshold was never computed", served["top_in_country"], batch["top_in_country"])
	}

}
