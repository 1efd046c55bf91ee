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
		hi, err := st.changesHi(ctx)
		return err == nil && hi == seg.Known.Mark, err
	}
	stored := 0
	var err error
	if st.hasMembers {
		stored, err = st.segmentSize(ctx, seg.Name)
	}
	return err == nil && stored == len(seg.Members)-entered+exited, err
}
