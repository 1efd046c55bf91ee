package demo

// Customers 1, 2 and 3 are shaped so that every database, however small,
// has a cart abandoner of today, a dormant customer and a lapsed buyer.
const (
	cartAbandonerID = 1
	dormantID       = 2
	lapsedID        = 3
	day             = 86400
)

// archetypeFirstSeen returns the first_seen of an archetype customer, or
// drawn for everyone else.
func archetypeFirstSeen(m *model, id, drawn int64) int64 {
	switch id {
	case cartAbandonerID:
		return m.asOf - 200*day
	case dormantID:
		return m.asOf - 400*day
	case lapsedID:
		return m.asOf - 600*day
	}
	return drawn
}

// applyArchetype rewrites the drawn events of an archetype customer.
// Events stay within [first_seen, as_of]; the caller sorts them afterwards.
func applyArchetype(m *model, id int64, evs []pendingEvent) []pendingEvent {
	switch id {
	case cartAbandonerID:
		evs = retypePurchases(evs, m.asOf-day)
		return append(evs, pendingEvent{at: m.asOf - 3600, kind: addToCart})
	case dormantID:
		return retypePurchases(evs, m.asOf-1000*day)
	case lapsedID:
		evs = retypePurchases(evs, m.asOf-1000*day)
		evs = dropAfter(evs, m.asOf-120*day)
		return append(evs, pendingEvent{at: m.asOf - 150*day, kind: purchase, amount: 42.5})
	}
	return evs
}

// retypePurchases turns purchases after since into page views.
func retypePurchases(evs []pendingEvent, since int64) []pendingEvent {
	for i := range evs {
		if evs[i].kind == purchase && evs[i].at > since {
			evs[i] = pendingEvent{at: evs[i].at, kind: pageView}
		}
	}
	return evs
}

// dropAfter removes the events after t.
func dropAfter(evs []pendingEvent, t int64) []pendingEvent {
	kept := evs[:0]
	for _, e := range evs {
		if e.at <= t {
			kept = append(kept, e)
		}
	}
	return kept
}
