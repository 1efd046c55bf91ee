package store

import (
	"context"
	"fmt"
)

// SampleSize is how many example keys a SegmentSummary carries for its
// entries and for its exits.
const SampleSize = 5

// sample returns up to n keys of k, smallest first (integers before text,
// as SQLite orders them).
func (k keyList) sample(n int) []any {
	var out []any
	for _, v := range k.ints[:min(n, len(k.ints))] {
		out = append(out, v)
	}
	for _, v := range k.strs[:min(n-len(out), len(k.strs))] {
		out = append(out, v)
	}
	return out
}

// withSamples returns the summary with example keys of the change filled
// in; a removed segment keeps the sample read from storage.
func (c segmentChange) withSamples() SegmentSummary {
	s := c.SegmentSummary
	if s.EnteredSample == nil {
		s.EnteredSample = c.entered.sample(SampleSize)
	}
	if s.ExitedSample == nil {
		s.ExitedSample = c.exited.sample(SampleSize)
	}
	return s
}

// sample reads the smallest SampleSize stored members of a segment.
func (s *storedState) sample(ctx context.Context, segment string) ([]any, error) {
	var arr string
	err := s.q.QueryRowContext(ctx, `SELECT json_group_array(entity_id) FROM (
		SELECT entity_id FROM segc_members WHERE segment = ? ORDER BY entity_id LIMIT ?)`,
		segment, SampleSize).Scan(&arr)
	if err != nil {
		return nil, fmt.Errorf("reading the members of segment %q: %w", segment, err)
	}
	k, err := parseKeyArray(arr)
	if err != nil {
		return nil, fmt.Errorf("segment %q: %w", segment, err)
	}
	return k.sample(SampleSize), nil
}
