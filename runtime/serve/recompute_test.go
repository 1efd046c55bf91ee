package serve

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestRecompute lets the clock pass 30 days: the scheduled re-evaluation
// moves the 30-day window, so purchases fall out of it and their buyers
// exit, with no event arriving.
func TestRecompute(t *testing.T) {
	var days atomic.Int64
	f := newFixture(t, func(c *Config) {
		c.Recompute = 20 * time.Millisecond
		c.Now = func() time.Time { return asOf.Add(time.Duration(days.Load()) * 24 * time.Hour) }
	})
	if got := segmentsOf(f.get("/v1/entities/1", 200)); !slices.Contains(got, "fr_buyers") {
		t.Fatalf("entity 1 at the start: %v", got)
	}
	days.Store(31)
	f.waitFor("the window to move past entity 1's purchases", func() bool {
		return !slices.Contains(segmentsOf(f.get("/v1/entities/1", 200)), "fr_buyers")
	})
	if as := f.get("/v1/segments", 200)["as_of"]; as != "2026-07-31 12:00:00" {
		t.Errorf("as_of %v after 31 days", as)
	}
}
