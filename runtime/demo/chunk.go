package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// chunkSize is the number of customers generated from one random stream.
// It is fixed so that the output never depends on the number of workers.
const chunkSize = 4096

// customerRow is one generated customers row.
type customerRow struct {
	id         int64
	firstSeen  string
	country    string
	optIn      int64
	sessions   int64
	clicks     int64
	opens      int64
	engagement float64
	engNull    bool
}

// eventRow is one generated events row, with its values already boxed for
// binding: a customer's id is boxed once for all its events.
type eventRow struct {
	customerID any
	ts         string
	typ        any
	amount     any // nil (NULL) unless a purchase
}

// chunk is the output of one chunk of customers, ready to insert in order.
type chunk struct {
	customers []customerRow
	events    []eventRow
	purchases int64
}

// pendingEvent is an event before its timestamp is formatted.
type pendingEvent struct {
	at     int64
	kind   eventKind
	amount float64
}

// chunkGen generates one chunk; its scratch buffers are reused per customer.
type chunkGen struct {
	m           *model
	r           *rand.Rand
	custStamps  []int64
	eventStamps []int64
	pending     []pendingEvent
	out         *chunk
}

// generateChunk builds the customers and events of chunk index.
func generateChunk(m *model, seed int64, index int) *chunk {
	first := int64(index)*chunkSize + 1
	last := min(first+chunkSize-1, int64(m.customers))
	g := &chunkGen{m: m, r: chunkRand(seed, index), out: &chunk{}}
	g.out.customers = make([]customerRow, 0, last-first+1)
	g.out.events = make([]eventRow, 0, (last-first+1)*11)
	for id := first; id <= last; id++ {
		g.customer(id)
	}
	g.attachTimestamps()
	return g.out
}

// stampWidth is the length of "YYYY-MM-DD HH:MM:SS".
const stampWidth = 19

// attachTimestamps formats every timestamp of the chunk into one string and
// slices each row's value out of it: one allocation per chunk, not per row.
func (g *chunkGen) attachTimestamps() {
	all := append(g.custStamps, g.eventStamps...)
	buf := make([]byte, 0, len(all)*stampWidth)
	for _, unix := range all {
		buf = appendDateTime(buf, unix)
	}
	text := string(buf)
	at := func(i int) string { return text[i*stampWidth : (i+1)*stampWidth] }
	for i := range g.out.customers {
		g.out.customers[i].firstSeen = at(i)
	}
	base := len(g.out.customers)
	for i := range g.out.events {
		g.out.events[i].ts = at(base + i)
	}
}

// customer generates one customer and its events.
func (g *chunkGen) customer(id int64) {
	m, r := g.m, g.r
	firstSeen := m.asOf - int64(m.maxAgeSecs*math.Pow(r.Float64(), m.ageSkew))
	firstSeen = archetypeFirstSeen(m, id, firstSeen)
	c := customerRow{id: id}
	c.country = m.countries[pick(m.countryCum, r.Float64())]
	if r.Float64() < m.optInShare {
		c.optIn = 1
	}
	c.sessions = poisson(r, logNormal(r, m.sessionsMean, m.sessionsSigma))
	c.opens = poisson(r, m.opensMean)
	c.clicks = binomial(r, c.opens, m.clickPerOpen)
	c.engNull = r.Float64() < m.engagementNullShare
	if !c.engNull {
		c.engagement = roundTo(math.Exp(m.engagementSigma*r.NormFloat64()), 4)
	}
	g.out.customers = append(g.out.customers, c)
	g.custStamps = append(g.custStamps, firstSeen)
	g.events(id, firstSeen)
}

// events generates one customer's events between firstSeen and the end of
// its activity, skewed toward that end, and appends them in time order.
func (g *chunkGen) events(id, firstSeen int64) {
	m, r := g.m, g.r
	end := m.asOf
	if r.Float64() < m.churnShare {
		end = firstSeen + int64(float64(m.asOf-firstSeen)*r.Float64())
	}
	n := min(m.maxEvents, int(logNormal(r, m.eventsMean, m.eventsSigma)))
	span := float64(end - firstSeen)
	g.pending = g.pending[:0]
	for range n {
		at := end - int64(span*math.Pow(r.Float64(), m.eventSkew))
		kind := eventKind(pick(m.eventCum, r.Float64()))
		g.pending = append(g.pending, pendingEvent{at: at, kind: kind, amount: g.amount(kind)})
	}
	g.pending = applyArchetype(m, id, g.pending)
	slices.SortStableFunc(g.pending, func(a, b pendingEvent) int { return cmp.Compare(a.at, b.at) })
	g.flushEvents(id)
}

// amount draws a purchase amount (log-normal, mean about 55), or 0.
func (g *chunkGen) amount(kind eventKind) float64 {
	if kind != purchase {
		return 0
	}
	return max(0.5, roundTo(logNormal(g.r, 55, 0.9), 2))
}

// flushEvents appends the customer's pending events to the chunk.
func (g *chunkGen) flushEvents(id int64) {
	boxedID := any(id)
	for _, p := range g.pending {
		row := eventRow{customerID: boxedID, typ: g.m.eventTypes[p.kind]}
		if p.kind == purchase {
			row.amount = p.amount
			g.out.purchases++
		}
		g.out.events = append(g.out.events, row)
		g.eventStamps = append(g.eventStamps, p.at)
	}
}
