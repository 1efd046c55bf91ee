package incremental

import "github.com/segc/segc/compiler/plan"

// eventLevelAsOf reports whether as-of enters an event-level expression
// (a log's filter, an aggregate's filter or value, a trigger clause's or
// an `on` transition's match): which events match then changes as as-of
// moves, with no change to the data, and a saved state (accumulators,
// tails, event lists) holds the matches of the as-of it was saved at.
// Serve's fold refuses such plans likewise (runtime's eventLevelAsOf).
func eventLevelAsOf(p *plan.Plan) bool {
	for _, e := range p.EventLevelExprs() {
		if plan.CallsAsOf(e) {
			return true
		}
	}
	return false
}
