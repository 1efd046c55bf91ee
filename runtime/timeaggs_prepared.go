package runtime

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/events"
)

// TimeAggregates are the aggregates an evaluation adds to each log's
// event pass for lifecycles, triggers and sequences (the latest event of
// each `on` transition, the events of each trigger clause), for a pass
// made elsewhere (an incremental run): it scans them with the plan's and
// hands their results back with Take, and EvaluatePrepared reads them.
type TimeAggregates struct{ t *timeAggs }

// NewTimeAggregates builds p's time aggregates. Two built from the same
// plan list equal aggregates in the same order.
func NewTimeAggregates(p *plan.Plan) *TimeAggregates {
	return &TimeAggregates{t: newTimeAggs(p)}
}

// ForLog returns the time aggregates of one log, in the order a cold
// run appends them to the log's plan aggregates.
func (t *TimeAggregates) ForLog(log int) []*plan.Aggregate { return t.t.forLog(log) }

// Take keeps the result of a, Request.Aggs[i] of the pass res, when a is
// one of t's (and reports whether it was). An event list's events come
// from res.Stamps[i].
func (t *TimeAggregates) Take(a *plan.Aggregate, res *events.Result, i int) bool {
	return t.t.take(a, res, i)
}
