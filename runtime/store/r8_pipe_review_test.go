package store

import (
	"context"
	"testing"
	"time"
)

// TestR8PipeEndsOnce (review R8): a Pipe's end is idempotent. A second
// Abort (a deferred Abort after an explicit one), an Abort after Finish,
// or a Finish after Abort used to block forever: each waited for the
// commit goroutine's result, which the first end had already taken (or
// for a goroutine that never started). Each must return at once: Finish
// after Abort with an error and nothing written, Abort after Finish
// leaving the commit as it was.
func TestR8PipeEndsOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		publish   bool
		ends      []string
		wantRuns  int // segc_runs rows after, one committed before
		finishErr bool
	}{
		{"abort twice", true, []string{"abort", "abort"}, 1, false},
		{"abort twice, nothing published", false, []string{"abort", "abort"}, 1, false},
		{"abort after finish", true, []string{"finish", "abort"}, 2, false},
		{"finish after abort", true, []string{"abort", "finish"}, 1, true},
		{"finish after abort, nothing published", false, []string{"abort", "finish"}, 1, true},
		{"finish twice", true, []string{"finish", "finish"}, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			commitChecked(t, db, runAt(1), pipeOutcome(0))
			out := pipeOutcome(1)
			p := StartCommit(context.Background(), db, runAt(2))
			if tc.publish {
				p.Publish(out.Keys, &out.Segments[0])
			}
			var errs []error
			done := make(chan struct{})
			go func() {
				defer close(done)
				for _, end := range tc.ends {
					if end == "abort" {
						p.Abort()
						continue
					}
					_, err := p.Finish(out, nil)
					errs = append(errs, err)
				}
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%v did not return", tc.ends)
			}
			last := len(errs) > 0 && errs[len(errs)-1] != nil
			if tc.finishErr != last {
				t.Errorf("Finish errors %v, want an error: %v", errs, tc.finishErr)
			}
			if n := count(t, db, `SELECT count(*) FROM segc_runs`); n != tc.wantRuns {
				t.Errorf("%d runs stored, want %d", n, tc.wantRuns)
			}
		})
	}
}
