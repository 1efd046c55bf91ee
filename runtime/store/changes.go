package store

import (
	"context"
	"fmt"
)

// segmentChange is one segment's summary plus the keys that entered and
// exited it.
type segmentChange struct {
	SegmentSummary
	entered, exited keyList
	// since is each entered key's since when the segment sets its own
	// (triggers); nil means the run's as-of.
	since []string
}

// computeChanges diffs every segment of out against storage, then adds
// the stored segments that out no longer has (see Commit).
func computeChanges(ctx context.Context, st *storedState, out *Outcome) ([]segmentChange, error) {
	if err := out.complete(); err != nil {
		return nil, err
	}
	changes, err := diffSegments(ctx, st, out)
	if err != nil {
		return nil, err
	}
	return finishChanges(ctx, st, out, changes)
}

// diffSegments diffs the segments of out against storage, by position
// in out.Segments; pending ones are left zero (see finishChanges).
func diffSegments(ctx context.Context, st *storedState, out *Outcome) ([]segmentChange, error) {
	if err := checkOutcome(out); err != nil {
		return nil, err
	}
	changes := make([]segmentChange, len(out.Segments))
	for i, seg := range out.Segments {
		if seg.Pending {
			continue
		}
		c, err := segmentDiff(ctx, st, out.Keys, seg)
		if err != nil {
			return nil, err
		}
		changes[i] = c
	}
	return changes, nil
}

// finishChanges diffs the pending segments into changes (by position in
// out.Segments) and appends the stored segments out no longer has.
func finishChanges(ctx context.Context, st *storedState, out *Outcome, changes []segmentChange) ([]segmentChange, error) {
	seen := make(map[string]bool, len(out.Segments))
	for i, seg := range out.Segments {
		seen[seg.Name] = true
		if !seg.Pending {
			continue
		}
		c, err := segmentDiff(ctx, st, out.Keys, seg)
		if err != nil {
			return nil, err
		}
		changes[i] = c
	}
	removed, err := removedSegments(ctx, st, seen)
	return append(changes, removed...), err
}

// checkOutcome rejects an outcome the store cannot write.
func checkOutcome(out *Outcome) error {
	if out == nil {
		return fmt.Errorf("store: no outcome to write")
	}
	if len(out.Keys.Ints) > 0 && out.Keys.Strs != nil {
		return fmt.Errorf("store: outcome has both integer and text keys; exactly one kind is allowed")
	}
	seen := make(map[string]bool, len(out.Segments))
	for _, seg := range out.Segments {
		if seen[seg.Name] {
			return fmt.Errorf("store: segment %q occurs twice in the outcome", seg.Name)
		}
		seen[seg.Name] = true
	}
	return nil
}

// segmentDiff compares one segment's new members with the stored ones.
func segmentDiff(ctx context.Context, st *storedState, keys Keys, seg SegmentMembers) (segmentChange, error) {
	if seg.Known != nil {
		if c, ok, err := knownDiff(ctx, st, keys, seg); err != nil || ok {
			return c, err
		}
	}
	next, err := memberKeys(keys, seg)
	if err != nil {
		return segmentChange{}, fmt.Errorf("store: %w", err)
	}
	prev, err := st.members(ctx, seg.Name)
	if err != nil {
		return segmentChange{}, err
	}
	before, err := st.evaluatedBefore(ctx, seg.Name)
	if err != nil {
		return segmentChange{}, err
	}
	c := segmentChange{SegmentSummary: SegmentSummary{Name: seg.Name, Size: next.len(), Baseline: !before}}
	c.entered, c.exited = diff(prev, next)
	again, err := restarted(ctx, st, keys, seg, prev)
	if err != nil {
		return segmentChange{}, err
	}
	c.entered, c.exited = addSorted(c.entered, again), addSorted(c.exited, again)
	c.since = enteredSince(keys, seg, c.entered)
	c.Entered, c.Exited = c.entered.len(), c.exited.len()
	return c, nil
}

// removedSegments lists stored segments that are not in defined; every
// member of each exits.
func removedSegments(ctx context.Context, st *storedState, defined map[string]bool) ([]segmentChange, error) {
	names, err := st.segments(ctx)
	if err != nil {
		return nil, err
	}
	var out []segmentChange
	for _, name := range names {
		if defined[name] {
			continue
		}
		n, err := st.segmentSize(ctx, name)
		if err != nil {
			return nil, err
		}
		sample, err := st.sample(ctx, name)
		if err != nil {
			return nil, err
		}
		out = append(out, segmentChange{SegmentSummary: SegmentSummary{Name: name, Exited: n, Removed: true, ExitedSample: sample}})
	}
	return out, nil
}

// summarize drops the key lists.
func summarize(runID int64, changes []segmentChange) *Summary {
	s := &Summary{RunID: runID, Segments: make([]SegmentSummary, len(changes))}
	for i, c := range changes {
		s.Segments[i] = c.withSamples()
	}
	return s
}
