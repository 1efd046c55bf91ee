package timeline

import (
	"math/rand/v2"
	"testing"
)

// memberOfMerged is MemberAt's definition: the merged interval of the
// firings that contains t.
func memberOfMerged(r Rule, on, unless, exit []Stamp, t int64) (bool, int64) {
	for _, iv := range Merge(Firings(r, on, unless, exit, t)) {
		if iv.Start <= t && t < iv.End {
			return true, iv.Start
		}
	}
	return false, 0
}

// TestMemberAtMergesAsMerge: MemberAt, which merges the firings one at
// a time, answers as Merge(Firings(...)) does, for rules with and
// without wait and for, exits on the same log or another, and random
// timelines dense enough that firings chain, touch and get cancelled.
func TestMemberAtMergesAsMerge(t *testing.T) {
	rules := []Rule{{}, {Wait: 3}, {For: 5}, {Wait: 2, For: 4}, {For: 5, SameLog: true}, {Wait: 1, For: 7, SameLog: true}}
	rng := rand.New(rand.NewPCG(1, 2))
	for seed := range 400 {
		r := rules[seed%len(rules)]
		on, unless, exit := randomStamps(rng, 1), randomStamps(rng, 100), randomStamps(rng, 200)
		if r.SameLog {
			exit = append(exit, on[:len(on)/2]...)
			Sort(exit)
		}
		for at := int64(0); at <= 45; at++ {
			in, since := MemberAt(r, on, unless, exit, at)
			wantIn, wantSince := memberOfMerged(r, on, unless, exit, at)
			if in != wantIn || since != wantSince {
				t.Fatalf("seed %d rule %+v at %d: MemberAt = %v %d, merged firings say %v %d\non %v\nunless %v\nexit %v",
					seed, r, at, in, since, wantIn, wantSince, on, unless, exit)
			}
		}
	}
}

// randomStamps returns up to 12 sorted stamps at times 0-40, rows from
// row0 on.
func randomStamps(rng *rand.Rand, row0 int64) []Stamp {
	out := make([]Stamp, rng.IntN(13))
	for i := range out {
		out[i] = Stamp{Time: rng.Int64N(41), Row: row0 + int64(i)}
	}
	Sort(out)
	return out
}
