package runtime

import (
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/store"
)

// Options configure one evaluation.
type Options struct {
	// AsOf is the run's instant (UTC); it is truncated to whole seconds.
	// Events after it are invisible.
	AsOf time.Time
	// Progress, when set, is called with each stage's name as it starts.
	Progress func(stage string)
	// Workers is the number of parallel event readers, and of steps a
	// full evaluation runs at once (a cluster step runs beside them);
	// 0 means min(GOMAXPROCS, 4). Results never depend on it.
	Workers int
	// ForceRow evaluates every expression with the row-wise fallback.
	ForceRow bool
	// ChunkRows overrides the event scan's rowid chunk span (tests).
	ChunkRows int64
	// Retrain trains every cluster model anew (segc run --retrain).
	Retrain bool
	// KeepState keeps each event log's resumable aggregate state in
	// Evaluation.EventStates, for package incremental.
	KeepState bool
	// DeferClusters lets Evaluate return while first trainings of
	// fixed-k k-means clusters still run, when nothing else in the plan
	// reads a cluster: their segments are in the Outcome as Pending
	// placeholders, and Outcome.Later (Evaluation.Wait) completes them, so
	// the store's inserts overlap the training. Callers that read the
	// Evaluation before storing it must call Wait first.
	DeferClusters bool
	// Publish, when set, receives each rule segment (then its holdout),
	// each lifecycle's state segments and each applied or inline-trained
	// cluster's segments as soon as its step has made their members
	// final, while later steps still run, so that the caller can store
	// them at once (store.Pipe). A deferred training's segments are not
	// published: Wait fills them in the Outcome.
	// Calls never overlap. The segment is the one the Outcome will hold,
	// with whatever Publish sets in it (package incremental adds its
	// known change); nothing changes it afterwards. keys are
	// Outcome.Keys.
	Publish func(keys store.Keys, seg *store.SegmentMembers)
	// PublishStates, when set with Publish, receives each lifecycle's
	// states as soon as its step has ended, right after its state
	// segments went to Publish; the same rules hold.
	PublishStates func(keys store.Keys, states *store.LifecycleStates)
}

// StageTiming is how long one stage took.
type StageTiming struct {
	Stage    string
	Duration time.Duration
}

// Warning is a non-fatal finding of a run, such as a percentile over an
// empty population.
type Warning struct {
	Code diag.Code
	Loc  plan.Loc
	Msg  string
}

// String renders the warning like a diagnostic.
func (w Warning) String() string {
	if s := w.Loc.String(); s != "" {
		return s + ": warning[" + string(w.Code) + "]: " + w.Msg
	}
	return "warning[" + string(w.Code) + "]: " + w.Msg
}

// Evaluation is a run's result: the Outcome to store, plus the computed
// vectors a later explain reads. Every Vec is indexed by entity index
// (position in Outcome.Keys).
type Evaluation struct {
	Plan     *plan.Plan
	AsOf     time.Time
	Outcome  *store.Outcome
	Timings  []StageTiming
	Warnings []Warning

	Columns    []eval.Vec // by plan column index
	Aggregates []eval.Vec // by aggregate index
	Features   []eval.Vec // by feature index
	// Thresholds are per-entity statistic values (the entity's group's
	// value for a grouped threshold); ThresholdRows the stored rows. A
	// threshold without `by` is held as one value (thresholdScalars) and
	// its vector left empty: read it with ThresholdVec or ThresholdValue.
	Thresholds       []eval.Vec
	thresholdScalars []thresholdScalar
	// Members are each segment's final members (holdout excluded);
	// Holdouts its holdout members (nil without a holdout).
	Members  [][]bool
	Holdouts [][]bool
	// Lifecycles and Triggers are by plan index, once their step ran.
	Lifecycles []*LifecycleResult
	Triggers   []*TriggerResult
	// Clusters are by plan index, once their step ran.
	Clusters []*ClusterResult
	// EventStates and EventRowidHi are by log index, with
	// Options.KeepState: each log's aggregate state and the largest rowid
	// its scan covered.
	EventStates  []*events.State
	EventRowidHi []int64

	compiler *eval.Compiler
	deferral *deferral // cluster training still running (DeferClusters)
}

// Len returns the population size.
func (e *Evaluation) Len() int {
	return max(len(e.Outcome.Keys.Ints), len(e.Outcome.Keys.Strs))
}
