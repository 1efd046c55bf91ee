package store

import "time"

// TimeLayout is how segc stores instants: ISO text in UTC.
const TimeLayout = "2006-01-02 15:04:05"

// FormatTime renders t in UTC with TimeLayout.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// Run describes one evaluation: when it started, its as-of instant and the
// hash of the plan it evaluated.
type Run struct {
	StartedAt, AsOf time.Time
	PlanHash        string
}

// Summary is what a commit (or a preview of one) changed. RunID is 0 for a
// preview.
type Summary struct {
	RunID    int64
	Segments []SegmentSummary
}

// SegmentSummary is one segment's size after the run and how many entities
// entered and exited it. Baseline is true when this is the first run that
// evaluates the segment: history then holds one baseline row instead of one
// enter row per member. Removed is true for a segment that has stored
// members but is no longer defined; all its members exit.
// EnteredSample and ExitedSample hold up to SampleSize of the keys that
// entered and exited (int64 or string), smallest keys first.
type SegmentSummary struct {
	Name                  string
	Size, Entered, Exited int
	Baseline              bool
	Removed               bool
	EnteredSample         []any
	ExitedSample          []any
}
