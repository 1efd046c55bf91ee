package store

import (
	"context"
	"fmt"
	"slices"
)

// knownDiff builds a segment's change from seg.Known instead of reading
// its stored members. With a Mark it checks that segc_changes still ends
// at the mark (nothing changed the members since the caller saw them);
// without one it checks the one thing it can cheaply: that the stored
// member count is the new size minus the entries plus the exits. When the
// check fails (storage and caller disagree), ok is false and the caller
// diffs as usual.
func knownDiff(ctx context.Context, st *storedState, keys Keys, seg SegmentMembers) (c segmentChange, ok bool, err error) {
	k := seg.Known
	entered, err := memberKeys(keys, SegmentMembers{Name: seg.Name, Members: k.Entered})
	if err != nil {
		return c, false, fmt.Errorf("store: %w", err)
	}
	exited, err := memberKeys(keys, SegmentMembers{Name: seg.Name, Members: k.Exited})
	if err != nil {
		return c, false, fmt.Errorf("store: %w", err)
	}
	exited = addSorted(exited, keyList{ints: slices.Clone(k.Gone.Ints), strs: slices.Clone(k.Gone.Strs)})
	if ok, err := knownHolds(ctx, st, seg, entered.len(), exited.len()); err != nil || !ok {
		return c, false, err
	}
	before, err := st.evaluatedBefore(ctx, seg.Name)
	if err != nil {
		return c, false, err
	}
	c = segmentChange{SegmentSummary: SegmentSummary{Name: seg.Name, Size: len(seg.Members), Baseline: !before}}
	c.entered, c.exited = entered, exited
	c.since = enteredSince(keys, seg, entered)
	c.Entered, c.Exited = entered.len(), exited.len()
	return c, true, nil
}

// knownHolds checks a known change against storage: by its mark when it
// has one, otherwise by the stored member count.
func knownHolds(ctx context.Context, st *storedState, seg SegmentMembers, entered, exited int) (bool, error) {
	if seg.Known.Mark != 0 {
		return markHolds(ctx, st, seg, len(seg.Members)-entered+exited)
	}
	stored := 0
	var err error
	if st.hasMembers {
		stored, err = st.segmentSize(ctx, seg.Name)
	}
	return err == nil && stored == len(seg.Members)-entered+exited, err
}

// markHolds checks a known change that carries a mark: segc_changes must
// still end there, and the segment must have stored rows exactly when the
// change implies some (stored members). The second check is one seek; it
// catches a segment that left segc_members whole while its members stayed
// in the caller's state, as a removed segment's did before 2a10f7a (a
// database saved by such a build, whose segment comes back).
func markHolds(ctx context.Context, st *storedState, seg SegmentMembers, stored int) (bool, error) {
	hi, err := st.changesHi(ctx)
	if err != nil || hi != seg.Known.Mark {
		return false, err
	}
	held, err := st.holds(ctx, seg.Name)
	return err == nil && held == (stored > 0), err
}
