package events

import "math"

// merger folds batches into the aggregators, in chunk order.
type merger struct {
	req  Request
	aggs []aggregator
	rows int64
	ents [][]int32 // per row set of a batch: the entities of its rows
	// next and skip: see Resumption.
	next []int64
	skip []bool
	n    int // population size (keep scans)
	// tails record the rows of tailed aggregates (keep scans).
	tails []*tail
}

// reserve sizes fresh aggregators for a fixed population (resumed ones
// already hold their state, and a discovery population is unknown).
func (m *merger) reserve() {
	if m.req.Resume != nil || m.req.Keys.discover {
		return
	}
	for _, a := range m.aggs {
		if r, ok := a.(reserver); ok {
			r.reserve(m.req.Keys.Len())
		}
	}
}

// merge applies one batch. In discovery mode it first assigns entity
// indexes to the keys of the rows that pass the log filter, in scan order.
func (m *merger) merge(b *batch) {
	m.rows += int64(b.n)
	if m.req.Keys.discover {
		m.assign(b)
	}
	if m.skip != nil {
		m.dropSkipped(b)
	}
	ents := m.setEnts(b)
	for i, a := range m.aggs {
		rows, vals := b.rows(i), b.vals(i)
		a.add(ents[b.share.setOf[i]], vals, b, rows)
		if i < len(m.tails) && m.tails[i] != nil {
			m.tails[i].appendRows(b, rows, vals)
		}
	}
	m.mergeNext(b)
}

// setEnts returns the entity of each row of each of the batch's row
// sets, in buffers reused from batch to batch.
func (m *merger) setEnts(b *batch) [][]int32 {
	m.ents = grow(m.ents, len(b.sets))
	for s, rows := range b.sets {
		e := m.ents[s][:0]
		for _, r := range rows {
			e = append(e, b.ent[r])
		}
		m.ents[s] = e
	}
	return m.ents
}

// dropSkipped removes the skipped entities' rows from every row set and
// the values gathered at them.
func (m *merger) dropSkipped(b *batch) {
	pos := make([][]int32, len(b.sets))
	changed := make([]bool, len(b.sets))
	for s, rows := range b.sets {
		keep, p := m.unskipped(b, rows)
		if len(keep) == len(rows) {
			continue
		}
		b.sets[s], pos[s], changed[s] = keep, p, true
	}
	for g, spec := range b.share.gathers {
		if changed[spec.set] {
			b.gathers[g] = b.gathers[g].Gather(pos[spec.set])
		}
	}
}

// unskipped returns the rows whose entity is not skipped and their
// positions in rows.
func (m *merger) unskipped(b *batch, rows []int32) (keep, pos []int32) {
	keep = make([]int32, 0, len(rows))
	for j, r := range rows {
		if !m.skipped(b.ent[r]) {
			keep = append(keep, r)
			pos = append(pos, int32(j))
		}
	}
	return keep, pos
}

// assign gives every kept row's key an entity index.
func (m *merger) assign(b *batch) {
	b.ent = make([]int32, b.n)
	for _, r := range b.keep {
		if b.ikey != nil {
			b.ent[r] = m.req.Keys.assignInt(b.ikey[r])
		} else {
			b.ent[r] = m.req.Keys.assignStr(b.skey[r])
		}
	}
}

// allRows returns 0..n-1.
func allRows(n int) []int32 {
	rows := make([]int32, n)
	for i := range rows {
		rows[i] = int32(i)
	}
	return rows
}

// trueRows keeps the rows whose mask is true.
func trueRows(mask []bool, rows []int32) []int32 {
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if mask[r] {
			out = append(out, r)
		}
	}
	return out
}

// inWindow keeps the rows whose time is in (asOf - window, asOf - until];
// every row is already at or before as-of, window 0 is unbounded below
// and until 0 ends the window at as-of.
func inWindow(rows []int32, times []int64, window, until, asOf int64) []int32 {
	if window <= 0 && until <= 0 {
		return rows
	}
	lo, hi := int64(math.MinInt64), asOf-until
	if window > 0 {
		lo = asOf - window
	}
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if t := times[r]; t > lo && t <= hi {
			out = append(out, r)
		}
	}
	return out
}
