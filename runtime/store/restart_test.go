package store

import (
	"fmt"
	"testing"
)

// TestRestartedMembers: a member of a segment with its own since (a
// trigger's) whose since moved between two runs left and entered again:
// the second run records an exit and an entry for it and stores the new
// since; members whose since did not move, and newcomers, are as usual.
func TestRestartedMembers(t *testing.T) {
	for _, kc := range keyCases {
		t.Run(kc.name, func(t *testing.T) {
			db := openDB(t)
			at := func(d int) int64 { return day(d).Unix() }
			seg := func(members []int32, since []int64) *Outcome {
				return &Outcome{Keys: kc.keys, Segments: []SegmentMembers{{Name: "trig", Members: members, Since: since}}}
			}
			commitChecked(t, db, runAt(3), seg([]int32{0, 1, 3}, []int64{at(1), at(2), at(3)}))
			// Entity 1 restarted (since 2 -> 4), 0 and 3 did not, 4 is new.
			sum := commitChecked(t, db, runAt(5), seg([]int32{0, 1, 3, 4}, []int64{at(1), at(4), at(3), at(5)}))
			wantSummary(t, sum, "trig 4 +2 -1")
			wantChanges := fmt.Sprintf("2|%s|exit\n2|%s|enter\n2|%s|enter\n", kc.quote[1], kc.quote[1], kc.quote[4])
			if got := dump(t, db, `SELECT run_id, quote(entity_id), change FROM segc_changes WHERE run_id = 2`); !sameSet(got, wantChanges) {
				t.Errorf("second run history:\n%s\nwant\n%s", got, wantChanges)
			}
			wantMembers := fmt.Sprintf("%s|2026-06-01 00:00:00\n%s|2026-06-04 00:00:00\n%s|2026-06-03 00:00:00\n%s|2026-06-05 00:00:00\n",
				kc.quote[0], kc.quote[1], kc.quote[3], kc.quote[4])
			if got := dump(t, db, `SELECT quote(entity_id), since FROM segc_members`); !sameSet(got, wantMembers) {
				t.Errorf("members after the second run:\n%s\nwant\n%s", got, wantMembers)
			}
		})
	}
}
