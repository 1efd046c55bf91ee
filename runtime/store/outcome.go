// Package store writes a run's outcome to the database.
package store

// Keys are the population's entity keys by entity index; exactly one of
// Ints and Strs is set.
type Keys struct {
	Ints []int64
	Strs []string
}

// SegmentMembers lists one stored segment's members as ascending entity
// indexes (indexes into Keys).
type SegmentMembers struct {
	Name    string
	Members []int32
	// Since, when set, gives each member's entry time (Unix seconds,
	// parallel to Members) for members that enter in this run; otherwise
	// they enter at the run's as-of. Triggers use it: their since is the
	// start of the merged interval.
	Since []int64
	// Known, when set, is the segment's change as the caller knows it
	// (a lifecycle state's: who entered and left it), so that Commit
	// need not read and diff the stored members; see knownDiff.
	Known *KnownChange
	// Pending marks a segment whose Members Outcome.Later fills in:
	// Commit writes the other segments first, then calls Later, then
	// writes it.
	Pending bool
}

// KnownChange is a segment's change against its stored members: the
// entities (ascending indexes) that enter and exit it, and Gone, the
// stored members outside the population, which exit too.
type KnownChange struct {
	Entered, Exited []int32
	Gone            Keys
	// Mark, when non-zero, is the largest rowid of segc_changes that the
	// caller's view of the stored members reflects (an incremental run's
	// saved membership). While segc_changes still ends there, nothing
	// changed the members since, and the change is taken as is; when it
	// does not, Commit reads and diffs the stored members.
	Mark int64
}

// ThresholdRow is one cut-off a run used (a row of segc_thresholds).
// GroupKey is nil for an ungrouped threshold, otherwise the group's value
// (int64, float64, string or bool). Value is nil (null) or a float64.
type ThresholdRow struct {
	Segment, Expr string
	GroupKey      any
	Value         any
}

// Outcome is everything a run stores: the population's keys, every stored
// segment's members (plan order, each holdout right after its segment) and
// every threshold the run used.
type Outcome struct {
	Keys       Keys
	Segments   []SegmentMembers
	Thresholds []ThresholdRow
	// States are the lifecycles' states, written to segc_states in the
	// same transaction.
	States []LifecycleStates
	// Models are the cluster models this run trained (segc_models) and
	// ModelRuns what it observed of each cluster model (segc_model_runs),
	// written in the same transaction.
	Models    []ModelRow
	ModelRuns []ModelRunRow
	// Later, when set, completes the outcome: the Pending segments'
	// members, and Models and ModelRuns. Commit calls it once the other
	// segments are written, so work still running when the store starts
	// (cluster training) overlaps their inserts. Preview and Commit each
	// call it, so it must be idempotent.
	Later func() error
}

// complete calls Later, when set.
func (o *Outcome) complete() error {
	if o.Later == nil {
		return nil
	}
	return o.Later()
}
