package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// pipeRuns are two days of an outcome: day 2 changes every segment.
var pipeRuns = []map[string][]int32{
	{"vip": {0, 2}, "all": {0, 1, 2, 3, 4}, "none": {}},
	{"vip": {1, 3}, "all": {0, 1, 2}, "none": {4}, "vip.holdout": {0}},
}

// pipeStates are the two days' states of lifecycle stage (a or b) of
// the five entities of keyCases[0].
var pipeStates = [][]int32{{0, 0, 0, 0, 0}, {0, 1, 1, 0, 1}}

// pipeOutcome is day d's outcome (0 or 1): pipeRuns' segments, then
// lifecycle stage's state segments and states.
func pipeOutcome(d int) *Outcome {
	out := outcome(keyCases[0].keys, pipeRuns[d])
	l := LifecycleStates{Name: "stage", States: []string{"a", "b"}, State: pipeStates[d]}
	members := [][]int32{{}, {}}
	for i, s := range l.State {
		members[s] = append(members[s], int32(i))
		l.Since = append(l.Since, day(1).Unix())
		if d == 0 || s != pipeStates[d-1][i] {
			l.Changed = append(l.Changed, int32(i))
			l.Since[i] = day(d + 1).Unix()
		}
	}
	for s, name := range l.States {
		out.Segments = append(out.Segments, SegmentMembers{Name: "stage." + name, Members: members[s]})
	}
	out.States = []LifecycleStates{l}
	return out
}

// commitPiped commits out through a Pipe, publishing the named segments
// first (in the given order; "stage" is the lifecycle's states), as an
// evaluation would while its steps run.
func commitPiped(ctx context.Context, t *testing.T, db *sql.DB, run Run, out *Outcome, publish ...string) (*Summary, error) {
	t.Helper()
	p := StartCommit(ctx, db, run)
	for _, name := range publish {
		if name == "stage" {
			p.PublishStates(out.Keys, &out.States[0])
		}
		for i := range out.Segments {
			if out.Segments[i].Name == name {
				p.Publish(out.Keys, &out.Segments[i])
			}
		}
	}
	return p.Finish(out, nil)
}

// TestPipeEqualsCommit: whatever a Pipe is given early, and in whatever
// order, it writes the tables Commit writes and the same summary.
func TestPipeEqualsCommit(t *testing.T) {
	for _, publish := range [][]string{nil, {"none"}, {"vip.holdout", "all", "none", "vip"}, {"stage.b", "stage.a", "stage", "all"}} {
		t.Run("publish "+strings.Join(publish, ","), func(t *testing.T) {
			ctx := context.Background()
			piped, plain := openDB(t), openDB(t)
			for d := range pipeRuns {
				want := commitChecked(t, plain, runAt(d+1), pipeOutcome(d))
				got, err := commitPiped(ctx, t, piped, runAt(d+1), pipeOutcome(d), publish...)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got.Segments) != fmt.Sprint(want.Segments) {
					t.Errorf("day %d: summary %v, want %v", d+1, got.Segments, want.Segments)
				}
			}
			for _, q := range []string{membersQuery, statesQuery, `SELECT run_id, at, segment, quote(entity_id), change FROM segc_changes ORDER BY 1, 3, 4`} {
				if got, want := dump(t, piped, q), dump(t, plain, q); got != want {
					t.Errorf("%s:\npiped\n%s\nplain\n%s", q, got, want)
				}
			}
		})
	}
}

// TestPipeAllOrNothing: segments a Pipe wrote roll back when the run is
// abandoned, when Later fails, and when the outcome disagrees with them.
func TestPipeAllOrNothing(t *testing.T) {
	failed := errors.New("a late step failed")
	cases := []struct {
		name string
		end  func(p *Pipe, out *Outcome) error
		want string
	}{
		{"abort", func(p *Pipe, out *Outcome) error { p.Abort(); return errAborted }, "abandoned"},
		{"later fails", func(p *Pipe, out *Outcome) error {
			out.Later = func() error { return failed }
			_, err := p.Finish(out, nil)
			return err
		}, "a late step failed"},
		{"hook fails", func(p *Pipe, out *Outcome) error {
			_, err := p.Finish(out, func(context.Context, *sql.Conn, int64) error { return failed })
			return err
		}, "a late step failed"},
		{"published segment missing", func(p *Pipe, out *Outcome) error {
			out.Segments = out.Segments[1:]
			_, err := p.Finish(out, nil)
			return err
		}, "not in the outcome"},
		{"published segment changed", func(p *Pipe, out *Outcome) error {
			out.Segments[0].Members = out.Segments[0].Members[:1]
			_, err := p.Finish(out, nil)
			return err
		}, "changed after it was published"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			commitChecked(t, db, runAt(1), pipeOutcome(0))
			members, changes, states := dump(t, db, membersQuery), dump(t, db, changesQuery), dump(t, db, statesQuery)
			out := pipeOutcome(1)
			p := StartCommit(ctx, db, runAt(2))
			for i := range out.Segments {
				p.Publish(out.Keys, &out.Segments[i])
			}
			p.PublishStates(out.Keys, &out.States[0])
			if err := tc.end(p, out); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			if got := dump(t, db, membersQuery); got != members {
				t.Errorf("segc_members changed:\n%s\nwas\n%s", got, members)
			}
			if got := dump(t, db, changesQuery); got != changes {
				t.Errorf("segc_changes changed:\n%s\nwas\n%s", got, changes)
			}
			if got := dump(t, db, statesQuery); got != states {
				t.Errorf("segc_states changed:\n%s\nwas\n%s", got, states)
			}
			if n := count(t, db, `SELECT count(*) FROM segc_runs`); n != 1 {
				t.Errorf("segc_runs has %d rows, want 1", n)
			}
		})
	}
}

// statesQuery dumps segc_states.
const statesQuery = `SELECT lifecycle, quote(entity_id), state, since FROM segc_states ORDER BY 1, 2`

// TestPipePublishedTwice fails the commit.
func TestPipePublishedTwice(t *testing.T) {
	db := schemaDB(t)
	out := outcome(keyCases[0].keys, pipeRuns[0])
	p := StartCommit(context.Background(), db, runAt(1))
	p.Publish(out.Keys, &out.Segments[0])
	p.Publish(out.Keys, &out.Segments[0])
	if _, err := p.Finish(out, nil); err == nil || !strings.Contains(err.Error(), "published twice") {
		t.Fatalf("error = %v, want published twice", err)
	}
	if n := count(t, db, `SELECT count(*) FROM segc_members`); n != 0 {
		t.Errorf("segc_members has %d rows", n)
	}
}

// TestPipeHoldsNewSegments: a published segment the store holds members
// of is written at once; one without stored members waits for Finish (in
// name order), and so does the pruning of a lifecycle one of whose state
// segments waits.
func TestPipeHoldsNewSegments(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	commitChecked(t, db, runAt(1), pipeOutcome(0))
	out := pipeOutcome(1) // none, vip.holdout and stage.b have no stored members
	var q segmentQueue
	for i := range out.Segments {
		q.push(published{keys: out.Keys, seg: out.Segments[i]})
	}
	q.push(published{keys: out.Keys, states: &out.States[0]})
	q.close()
	var done *written
	err := withTx(ctx, db, "IMMEDIATE", false, func(conn *sql.Conn) error {
		tx, err := openCommit(ctx, conn, runAt(2))
		if err != nil {
			return err
		}
		defer tx.w.close()
		done, err = tx.writePublished(ctx, &q)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var early []string
	for name := range done.segments {
		early = append(early, name)
	}
	slices.Sort(early)
	if got, want := fmt.Sprint(early, done.held, done.states, done.pruned), "[all stage.a vip] map[none:true stage.b:true vip.holdout:true] map[stage:true] map[]"; got != want {
		t.Errorf("written, held, states, pruned = %s, want %s", got, want)
	}
}
