package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomOutcome gives each of a few segments a random subset of keys;
// segment "late" only exists from run 2 on and "gone" only until run 3, so
// baselines and removals are reconstructed too.
func randomOutcome(rng *rand.Rand, keys Keys, n, run int) *Outcome {
	out := &Outcome{Keys: keys}
	for _, name := range []string{"a", "a.holdout", "gone", "late"} {
		if (name == "late" && run < 2) || (name == "gone" && run > 3) {
			continue
		}
		var m []int32
		for i := range n {
			if rng.IntN(3) == 0 {
				m = append(m, int32(i))
			}
		}
		out.Segments = append(out.Segments, SegmentMembers{Name: name, Members: m})
	}
	return out
}

// TestMembershipAtReconstructsEveryRun commits several random runs, then
// checks that the membership reconstructed at each run diffs against that
// run's own outcome as "nothing changed", and against another run's
// outcome exactly as a direct set difference would.
func TestMembershipAtReconstructsEveryRun(t *testing.T) {
	for _, kc := range keyCases {
		t.Run(kc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			rng := rand.New(rand.NewPCG(1, 2))
			n := len(kc.quote)
			var outs []*Outcome
			for run := 1; run <= 5; run++ {
				out := randomOutcome(rng, kc.keys, n, run)
				commitChecked(t, db, runAt(run), out)
				outs = append(outs, out)
			}
			for r := range outs {
				m, err := MembershipAt(ctx, db, int64(r+1))
				if err != nil {
					t.Fatal(err)
				}
				for j := range outs {
					sum, err := m.Diff(outs[j])
					if err != nil {
						t.Fatal(err)
					}
					if got, want := summaryText(sum), directDiff(outs[:r+1], outs[j]); got != want {
						t.Errorf("run %d against run %d:\n got %s\nwant %s", j+1, r+1, got, want)
					}
				}
			}
		})
	}
}

// summaryText renders a summary with its samples.
func summaryText(s *Summary) string {
	var parts []string
	for _, g := range s.Segments {
		parts = append(parts, fmt.Sprintf("%s %d +%d%v -%d%v b=%t r=%t", g.Name, g.Size, g.Entered, g.EnteredSample, g.Exited, g.ExitedSample, g.Baseline, g.Removed))
	}
	return strings.Join(parts, "; ")
}

// directDiff renders what diffing next against the last of history must
// give; a segment is a baseline when no run of history had it.
func directDiff(history []*Outcome, next *Outcome) string {
	prev := history[len(history)-1]
	evaluated := map[string]bool{}
	for _, o := range history {
		for _, s := range o.Segments {
			evaluated[s.Name] = true
		}
	}
	sets := func(o *Outcome) map[string][]any {
		m := map[string][]any{}
		for _, s := range o.Segments {
			m[s.Name] = keysOf(o.Keys, s.Members)
		}
		return m
	}
	p, q := sets(prev), sets(next)
	var parts []string
	for _, s := range next.Segments {
		in, out := minus(q[s.Name], p[s.Name]), minus(p[s.Name], q[s.Name])
		parts = append(parts, fmt.Sprintf("%s %d +%d%v -%d%v b=%t r=false", s.Name, len(q[s.Name]), len(in), head(in), len(out), head(out), !evaluated[s.Name]))
	}
	for _, s := range prev.Segments {
		if _, ok := q[s.Name]; !ok && len(p[s.Name]) > 0 {
			parts = append(parts, fmt.Sprintf("%s 0 +0[] -%d%v b=false r=true", s.Name, len(p[s.Name]), head(p[s.Name])))
		}
	}
	return strings.Join(parts, "; ")
}

func keysOf(k Keys, members []int32) []any {
	var out []any
	for _, m := range members {
		if k.Ints != nil {
			out = append(out, k.Ints[m])
		} else {
			out = append(out, k.Strs[m])
		}
	}
	slices.SortFunc(out, func(a, b any) int {
		if x, ok := a.(int64); ok {
			return cmp.Compare(x, b.(int64))
		}
		return strings.Compare(a.(string), b.(string))
	})
	return out
}

func minus(a, b []any) []any {
	var out []any
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func head(a []any) []any { return a[:min(len(a), SampleSize)] }

func TestMembershipAtRejectsBadRuns(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	commitChecked(t, db, runAt(1), outcome(Keys{Ints: []int64{1}}, map[string][]int32{"vip": {0}}))
	if _, err := RecordFailure(ctx, db, runAt(2), fmt.Errorf("boom")); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]string{2: `run 2 has status "failed"`, 9: "there is no run 9"} {
		if _, err := MembershipAt(ctx, db, id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("MembershipAt(%d) = %v, want %q", id, err, want)
		}
	}
}

func TestSummarySamples(t *testing.T) {
	db := openDB(t)
	keys := Keys{Ints: []int64{9, 8, 7, 6, 5, 4, 3, 2, 1}}
	commitChecked(t, db, runAt(1), outcome(keys, map[string][]int32{"vip": {0, 1}, "all": {0, 1, 2, 3, 4, 5, 6, 7}}))
	sum := commitChecked(t, db, runAt(2), outcome(keys, map[string][]int32{"vip": {1, 2, 3, 4, 5, 6, 7, 8}}))
	want := "vip 8 +7[1 2 3 4 5] -1[9] b=false r=false; all 0 +0[] -8[2 3 4 5 6] b=false r=true"
	if got := summaryText(sum); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
