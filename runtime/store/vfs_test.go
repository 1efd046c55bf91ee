package store

import (
	"context"
	"testing"
)

// TestCommitThroughJournalVFS commits the same runs (a baseline, then a
// 1% change, then the baseline again) through the journal VFS and the
// default one, with a rollback journal, and expects the same stored rows.
func TestCommitThroughJournalVFS(t *testing.T) {
	vfs, err := JournalVFS()
	if err != nil {
		t.Fatal(err)
	}
	keys := Keys{Ints: make([]int64, 20000)}
	for i := range keys.Ints {
		keys.Ints[i] = int64(i*7 + 1)
	}
	outs := []*Outcome{smallOutcome(keys, false), smallOutcome(keys, true), smallOutcome(keys, false)}
	var got [2]string
	for i, params := range []string{"_journal_mode=DELETE", "_journal_mode=DELETE&vfs=" + vfs} {
		db := openDBWith(t, params)
		for d, out := range outs {
			if _, err := Commit(context.Background(), db, runAt(d+1), out); err != nil {
				t.Fatalf("%s, run %d: %v", params, d+1, err)
			}
		}
		got[i] = dump(t, db, membersQuery) + dump(t, db, changesQuery) + dump(t, db, "PRAGMA integrity_check")
	}
	if got[0] != got[1] {
		t.Errorf("the journal VFS stored other rows than the default VFS")
	}
}

// smallOutcome is benchOutcome's shape over keys: two segments of half
// the keys each, every hundredth key flipped when flip is set.
func smallOutcome(keys Keys, flip bool) *Outcome {
	out := &Outcome{Keys: keys}
	for s, name := range []string{"a", "b"} {
		var m []int32
		for i := range int32(len(keys.Ints)) {
			if in := (int(i)+s)%2 == 0; in != (flip && i%100 == 0) {
				m = append(m, i)
			}
		}
		out.Segments = append(out.Segments, SegmentMembers{Name: name, Members: m})
	}
	return out
}
