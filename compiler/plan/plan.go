// Package plan is the immutable evaluation plan the compiler produces and the
// runtime executes. Nothing in a Plan is modified after compile; per-run
// state (loaded columns, computed vectors) lives in the runtime.
//
// Indexes: every cross reference is an index into one of the Plan's slices
// (Columns, Logs, Aggregates, Features, Thresholds, Segments), and each
// element records its own Index.
package plan

import (
	"fmt"

	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

// Loc points back into a .seg file so runtime errors can name it.
type Loc struct {
	File *source.File
	Span source.Span
}

// String renders "file:line:col", or "" for a zero Loc.
func (l Loc) String() string {
	if l.File == nil {
		return ""
	}
	p := l.File.Position(l.Span.Start)
	return fmt.Sprintf("%s:%d:%d", l.File.Name, p.Line, p.Col)
}

// Plan is a compiled module.
type Plan struct {
	// Hash identifies the plan's meaning (not its source positions); runs
	// record it so a stored membership can be tied to the plan that made it.
	Hash string

	// Entities is the population table, or nil for an events-only module,
	// whose population is the distinct keys of Logs.
	Entities *Table
	// Tables are joined feature tables (nullable columns).
	Tables []*Table
	// Logs are the event logs, with their row filters.
	Logs []*EventLog
	// KeyType is the type of entity keys (int or string).
	KeyType types.Type

	// Columns are the entity-level columns the plan reads, from Entities or
	// Tables; ColumnRef.Column indexes this slice.
	Columns    []*Column
	Aggregates []*Aggregate
	Features   []*Feature
	Thresholds []*Threshold
	Segments   []*Segment
	Lifecycles []*Lifecycle
	Triggers   []*Trigger
	Clusters   []*Cluster
	// Destinations are the webhooks of `destination` declarations, in
	// declaration order; only segc serve reads them.
	Destinations []*Destination

	// Steps orders features, thresholds and segments so that each comes
	// after everything it reads. Aggregates are computed before any step,
	// in one pass per event log.
	Steps []Step
}

// Table is a declared entities table or joined feature table.
type Table struct {
	Name     string // declared name
	SQLTable string // table name in the database
	Key      string // key column
	KeyType  types.Type
	// KeyPII is set when the key column is listed in the block as pii.
	KeyPII bool
	// Columns are every declared column except the key, in declaration order.
	Columns []*Column
	Loc     Loc
}

// Column is one entity-level column. Index is its position in Plan.Columns
// when Used, and -1 for declared columns the plan never reads.
type Column struct {
	Table    string // declared table name
	SQLTable string
	Name     string
	Type     types.Type // declared type; joined table columns are nullable
	Index    int
	Used     bool
	// PII marks a column declared `pii` (personal data): segc export
	// masks it unless told otherwise.
	PII bool
	Loc Loc
}

// EventLog is a declared event log.
type EventLog struct {
	Index    int
	Name     string
	SQLTable string
	Key      string
	KeyType  types.Type
	Time     string // time column
	ID       string // event id column, "" when not declared
	// Columns are every declared column, including the time column (type
	// time). EventColumnRef.Column indexes this slice.
	Columns []*EventColumn
	// Filter keeps only rows for which it is true; nil keeps every row.
	Filter Expr
	Loc    Loc
}

// EventColumn is one column of an event log.
type EventColumn struct {
	Name string
	Type types.Type
	Used bool
	PII  bool // declared `pii`
	Loc  Loc
}

// AggFunc names an event aggregate.
type AggFunc string

// The event aggregates. Over no events, count and count_distinct give 0 and
// the others give null.
const (
	Count         AggFunc = "count"
	Sum           AggFunc = "sum"
	Avg           AggFunc = "avg"
	Min           AggFunc = "min"
	Max           AggFunc = "max"
	First         AggFunc = "first" // value at the earliest matching event
	Last          AggFunc = "last"  // value at the latest matching event
	CountDistinct AggFunc = "count_distinct"
	// Sequence is "did X then Y": true when some event matching Filter (X)
	// at time t1 is followed by an event matching Then (Y) at time t2 with
	// t1 < t2 <= t1 + Gap (any t2 > t1 when Gap is 0), both in the
	// aggregate's window; false otherwise, never null. Its type is bool.
	Sequence AggFunc = "sequence"
)

// Aggregate is one per-entity aggregate over an event log's rows whose time
// is in (as_of - Window, as_of - Until] (or <= as_of - Until when Window is
// 0) and for which Filter (and the log's own filter) is true. Ties in
// first/last are broken by event id, then row order.
//
// `between 60d and 30d ago` is Window 60d, Until 30d: the past window
// (as_of - 60d, as_of - 30d]. `within 30d` is Window 30d, Until 0.
type Aggregate struct {
	Index  int
	Func   AggFunc
	Log    int
	Value  Expr  // event-level; nil for count
	Filter Expr  // event-level; nil means every row
	Window int64 // seconds; 0 means unbounded
	Until  int64 // seconds before as-of where the window ends; 0 means as-of
	// Then is the second event of a Sequence (on any log); Gap its
	// largest delay after the first, in seconds (0: no limit). Both are
	// unset for the other functions.
	Then *EventMatch
	Gap  int64
	Type types.Type
	Text string // source text, for plan output and explanations
	Loc  Loc
}

// Feature is `feature NAME = EXPR`.
type Feature struct {
	Index int
	Name  string
	Value Expr
	Type  types.Type
	Loc   Loc
}

// StatKind is the population statistic a Threshold computes.
type StatKind string

// The population statistics. Percentile follows numpy's default linear
// method; Mean and StdDev (population, ddof=0) serve zscore().
const (
	Percentile StatKind = "percentile"
	Mean       StatKind = "mean"
	StdDev     StatKind = "stddev"
)

// Threshold is a statistic over the non-null values of Value across a
// population: all entities when Population is -1, otherwise the final
// members (holdout excluded) of segment Population. With By, it is computed
// per distinct group value, and an entity whose group is null gets null.
type Threshold struct {
	Index      int
	Kind       StatKind
	Value      Expr
	P          float64 // percentile in [0, 100]
	By         Expr    // nil when not grouped
	Population int
	// Owner is the feature or segment name whose definition uses the
	// threshold; it is the segment column of segc_thresholds.
	Owner string
	Text  string // e.g. "percentile(monetary, 90, by country)"
	Type  types.Type
	Loc   Loc
}

// Segment is a (possibly nested) segment. Its final members are the
// entities that are members of Parent (when Parent >= 0), for which Where is
// true, and for which Require (when set) is true; of those, the ones the
// holdout hash selects go to Name+".holdout" instead.
type Segment struct {
	Index       int
	Name        string // dotted, e.g. "new_users.vip"
	Parent      int    // -1 for a top-level segment
	Where       Expr   // nil means true
	Require     Expr   // nil means no consent gate
	Holdout     int    // basis points of 10000; 0 means no holdout
	Description string
	Loc         Loc
}

// StepKind says what a Step computes.
type StepKind string

// The step kinds.
const (
	ComputeFeature   StepKind = "feature"
	ComputeThreshold StepKind = "threshold"
	ComputeSegment   StepKind = "segment"
	// ComputeLifecycle advances every entity's state of Lifecycles[Index].
	ComputeLifecycle StepKind = "lifecycle"
	// ComputeTrigger computes the membership of Triggers[Index].
	ComputeTrigger StepKind = "trigger"
	// ComputeCluster trains or applies Clusters[Index] (see Cluster).
	ComputeCluster StepKind = "cluster"
)

// Step is one entry of the evaluation order.
type Step struct {
	Kind  StepKind
	Index int
}
