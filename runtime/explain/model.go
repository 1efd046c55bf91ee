// Package explain says why one entity is or is not a member of a segment:
// a clause tree (population, where, require, holdout, and inside them
// and/or/not/comparisons) with the entity's actual values, the thresholds
// it was compared with and where those came from, and a verdict per
// clause. Renderers give plain-language text and JSON.
//
// By default it explains the latest stored run with the thresholds that
// run recorded (segc_thresholds), so its verdict agrees with segc_members;
// with an as-of instant it recomputes everything and writes nothing.
package explain

import (
	"bytes"
	"encoding/json"
	"time"
)

// Verdict is a clause's three-valued outcome for the entity.
type Verdict int8

// The verdicts; Null is SQL's unknown (a comparison with a null value).
const (
	Null Verdict = iota
	False
	True
)

// VerdictOf converts an evaluated bool value (bool or nil) to a Verdict.
func VerdictOf(v any) Verdict {
	switch v {
	case true:
		return True
	case false:
		return False
	}
	return Null
}

// MarshalJSON renders true, false or null.
func (v Verdict) MarshalJSON() ([]byte, error) {
	switch v {
	case True:
		return []byte("true"), nil
	case False:
		return []byte("false"), nil
	}
	return []byte("null"), nil
}

// String renders true, false or null.
func (v Verdict) String() string {
	b, _ := v.MarshalJSON()
	return string(b)
}

// Kind says what a Node explains. Later kinds (lifecycle states,
// clusters) add their own values and fields without changing these.
type Kind string

// The node kinds.
const (
	// KindSegment is a segment's whole decision; Children are its clauses
	// (population, where, require, holdout) in evaluation order.
	KindSegment Kind = "segment"
	// KindPopulation is membership of the parent of a nested segment;
	// its one child is the parent's KindSegment node.
	KindPopulation Kind = "population"
	KindWhere      Kind = "where"   // one child: the condition
	KindRequire    Kind = "require" // one child: the consent condition
	// KindHoldout is the holdout split; Verdict is true when held out.
	KindHoldout Kind = "holdout"
	KindAnd     Kind = "and"
	KindOr      Kind = "or"
	KindNot     Kind = "not"
	// KindCompare is `X op Y`; Operands are X and Y.
	KindCompare Kind = "compare"
	// KindIn is `X in [...]`; Operands is X, List the candidates.
	KindIn Kind = "in"
	// KindValue is any other bool expression (a column, a feature, a
	// call); Operands is its one value.
	KindValue Kind = "value"
	// KindState is membership of a lifecycle state (stage.active): the
	// state before the run, each transition out of it and which fired.
	KindState Kind = "state"
	// KindTrigger is membership of a trigger's segment: its firings.
	KindTrigger Kind = "trigger"
	// KindCluster is membership of a cluster (rfm.champions): the
	// features, their prepared values and the distance to each centroid.
	KindCluster Kind = "cluster"
)

// Node is one clause or sub-expression of the decision.
type Node struct {
	Kind Kind `json:"kind"`
	// Expr is the clause's text in .seg syntax.
	Expr    string  `json:"expr,omitempty"`
	Verdict Verdict `json:"verdict"`
	// Segment names the segment of KindSegment and KindPopulation nodes.
	Segment     string `json:"segment,omitempty"`
	Description string `json:"description,omitempty"`
	// Op is a comparison's operator (==, >=, ...).
	Op       string     `json:"op,omitempty"`
	Operands []*Operand `json:"operands,omitempty"`
	List     []string   `json:"list,omitempty"`
	// Thresholds are the population statistics the comparison reads
	// inside its operands (an operand that is one also has it inline).
	Thresholds []*Threshold `json:"thresholds,omitempty"`
	Holdout    *Holdout     `json:"holdout,omitempty"`
	// State, Trigger and Cluster detail the KindState, KindTrigger and
	// KindCluster nodes.
	State    *State   `json:"state,omitempty"`
	Trigger  *Trigger `json:"trigger,omitempty"`
	Cluster  *Cluster `json:"cluster,omitempty"`
	Children []*Node  `json:"children,omitempty"`
}

// Operand is one evaluated value of a clause.
type Operand struct {
	Expr string `json:"expr"`
	// Value is the JSON value: number, string, bool or null; times are
	// "YYYY-MM-DD HH:MM:SS" UTC and durations seconds.
	Value any `json:"value"`
	// Text is Value for people: thousands separators, durations as 30d.
	Text string `json:"text"`
	// Const is true for a literal.
	Const bool `json:"const,omitempty"`
	// Definition is a feature's defining expression.
	Definition string     `json:"definition,omitempty"`
	Threshold  *Threshold `json:"threshold,omitempty"`
}

// Threshold is a population statistic as the entity saw it.
type Threshold struct {
	Expr string `json:"expr"` // e.g. percentile(monetary, 90, by country)
	// Label is the short form: p90(monetary), median(x), mean(x).
	Label string `json:"label"`
	// Population describes who it is taken over: "all customers",
	// "members of new_users".
	Population string `json:"population"`
	// Group is the entity's group for a `by` statistic.
	Group *Group `json:"group,omitempty"`
	Value any    `json:"value"`
	Text  string `json:"text"`
	// Recorded is true when the value is the one the stored run recorded.
	Recorded bool `json:"recorded"`
}

// Group is the entity's group of a grouped statistic.
type Group struct {
	By  string `json:"by"`  // the grouping expression, e.g. country
	Key any    `json:"key"` // the entity's value of it (null: no group)
	// Text is "country = \"FR\"" or "country is null".
	Text string `json:"text"`
}

// Holdout is the holdout hash of the entity for a segment.
type Holdout struct {
	Percent     string `json:"percent"` // "10%"
	Bucket      int    `json:"bucket"`  // hash mod 10000
	BasisPoints int    `json:"basis_points"`
	// Reached is false when the entity failed an earlier clause, so the
	// split did not apply.
	Reached bool   `json:"reached"`
	Target  string `json:"target"` // the holdout segment's stored name
}

// Explanation is the answer for one entity and one segment.
type Explanation struct {
	Entity    any    `json:"entity"`
	KeyColumn string `json:"key_column"`
	// Segment is the stored segment asked about (may be NAME.holdout).
	Segment string    `json:"segment"`
	AsOf    time.Time `json:"-"`
	// Member is the explanation's verdict: is the entity in Segment.
	Member bool `json:"member"`
	// HeldOut is true when the entity is in the segment's holdout.
	HeldOut bool `json:"held_out"`
	// Source is "stored" (the latest run, its recorded thresholds) or
	// "recomputed" (--as-of, nothing written).
	Source string `json:"source"`
	RunID  int64  `json:"run_id,omitempty"`
	// Stored is segc_members' answer, in stored mode.
	Stored *Stored `json:"stored,omitempty"`
	Tree   *Node   `json:"tree"`
	// Notes are facts a reader must know (data or definitions changed
	// since the run, a threshold the run did not record).
	Notes []string `json:"notes,omitempty"`
}

// Stored is what segc_members holds for the entity.
type Stored struct {
	RunID   int64 `json:"run_id"`
	Member  bool  `json:"member"`
	HeldOut bool  `json:"held_out"`
	// Agrees is false when recomputing from the current data (with the
	// run's thresholds) gives another verdict: the data changed since.
	Agrees bool `json:"agrees"`
}

// MarshalJSON adds as_of as text.
func (e *Explanation) MarshalJSON() ([]byte, error) {
	type plain Explanation
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		AsOf string `json:"as_of"`
		*plain
	}{e.AsOf.UTC().Format(time.DateTime), (*plain)(e)})
	return bytes.TrimSpace(b.Bytes()), err
}
