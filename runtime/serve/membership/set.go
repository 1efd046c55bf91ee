package membership

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// Segment is one stored segment (a segment, a nested segment or a
// holdout) and its members.
type Segment struct {
	Name        string
	Kind        string // "segment" or "holdout"
	Parent      string // the enclosing segment, "" for a top-level one
	Description string
	// UpdatedAt is the instant of the latest stored change (enter, exit or
	// baseline), "" when there is none.
	UpdatedAt string
	keys      keyCol
	since     []uint32 // index into Set.sinces
}

// Size is the number of members.
func (s *Segment) Size() int { return s.keys.len() }

// Set is the membership of one evaluation.
type Set struct {
	RunID int64
	// AsOf is the instant of the latest full evaluation, which computed
	// the percentile thresholds and cluster assignments in use.
	AsOf time.Time
	// EntitiesAsOf is the instant of the latest per-entity evaluation
	// applied (Apply); zero before any.
	EntitiesAsOf time.Time
	PlanHash     string
	Segments     []*Segment // sorted by name
	byName       map[string]*Segment
	pop          keyCol
	sinces       []string
	// bits has words uint64s per population entity (in pop order): bit j
	// is set when the entity is a member of Segments[j]. stray is set when
	// some member is outside the population; Lookup then searches every
	// segment.
	bits  []uint64
	words int
	stray bool
}

// Info identifies the evaluation a Set is loaded for.
type Info struct {
	RunID      int64
	AsOf       time.Time
	Plan       *plan.Plan
	Population store.Keys
	Stored     []string // stored segment names, in run order
}

// Load reads the stored membership of info's segments from db.
func Load(ctx context.Context, db *sql.DB, info Info) (*Set, error) {
	str := info.Plan.KeyType.Kind != types.Int
	s := &Set{RunID: info.RunID, AsOf: info.AsOf, PlanHash: info.Plan.Hash, byName: map[string]*Segment{},
		pop: sortedPopulation(info.Population, str)}
	interned := map[string]uint32{}
	for _, name := range slices.Sorted(slices.Values(info.Stored)) {
		seg := describe(info.Plan, name)
		seg.keys.str = str
		if err := s.loadMembers(ctx, db, seg, interned); err != nil {
			return nil, err
		}
		if err := loadUpdatedAt(ctx, db, seg); err != nil {
			return nil, err
		}
		s.Segments = append(s.Segments, seg)
		s.byName[name] = seg
	}
	s.index()
	return s, nil
}

// index builds the per-entity membership bits by merging each segment's
// sorted keys with the sorted population.
func (s *Set) index() {
	s.words = (len(s.Segments) + 63) / 64
	s.bits = make([]uint64, s.pop.len()*s.words)
	for j, seg := range s.Segments {
		p := 0
		for i := range seg.keys.len() {
			p = s.pop.seek(p, seg.keys.at(i))
			if p == s.pop.len() || !s.pop.equal(p, seg.keys.at(i)) {
				s.stray = true
				continue
			}
			s.bits[p*s.words+j/64] |= 1 << (j % 64)
		}
	}
}

// describe fills a stored segment's kind, parent and description from the
// plan.
func describe(p *plan.Plan, name string) *Segment {
	seg := &Segment{Name: name, Kind: "segment"}
	for _, ps := range p.Segments {
		switch name {
		case ps.Name:
			seg.Description = ps.Description
			if ps.Parent >= 0 {
				seg.Parent = p.Segments[ps.Parent].Name
			}
		case ps.Name + ".holdout":
			seg.Kind, seg.Parent = "holdout", ps.Name
		}
	}
	return seg
}

// loadMembers reads a segment's rows in primary-key order, which is the
// entity key order (SQLite sorts integers numerically and text bytewise,
// as Go does).
func (s *Set) loadMembers(ctx context.Context, db *sql.DB, seg *Segment, interned map[string]uint32) error {
	rows, err := db.QueryContext(ctx, `SELECT entity_id, since FROM segc_members WHERE segment = ? ORDER BY entity_id`, seg.Name)
	if err != nil {
		return fmt.Errorf("reading the members of segment %q: %w", seg.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key any
		var since string
		if err := rows.Scan(&key, &since); err != nil {
			return fmt.Errorf("reading the members of segment %q: %w", seg.Name, err)
		}
		if err := seg.keys.appendStored(key); err != nil {
			return fmt.Errorf("segment %q: %w", seg.Name, err)
		}
		seg.since = append(seg.since, s.intern(interned, since))
	}
	return rows.Err()
}

// appendStored appends a stored entity_id of the column's key type.
func (k *keyCol) appendStored(key any) error {
	switch v := key.(type) {
	case int64:
		if !k.str {
			k.ints = append(k.ints, v)
			return nil
		}
	case string:
		if k.str {
			k.strs = append(k.strs, v)
			return nil
		}
	case []byte:
		if k.str {
			k.strs = append(k.strs, string(v))
			return nil
		}
	}
	return fmt.Errorf("stored entity_id %v (%T) does not match the declared key type", key, key)
}

func (s *Set) intern(interned map[string]uint32, since string) uint32 {
	if i, ok := interned[since]; ok {
		return i
	}
	i := uint32(len(s.sinces))
	interned[since] = i
	s.sinces = append(s.sinces, since)
	return i
}

// loadUpdatedAt reads the instant of the segment's latest stored change,
// through the (segment, run_id) index.
func loadUpdatedAt(ctx context.Context, db *sql.DB, seg *Segment) error {
	err := db.QueryRowContext(ctx, `SELECT at FROM segc_changes WHERE segment = ? ORDER BY run_id DESC LIMIT 1`, seg.Name).Scan(&seg.UpdatedAt)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the history of segment %q: %w", seg.Name, err)
	}
	return nil
}

// Segment returns a stored segment by name.
func (s *Set) Segment(name string) (*Segment, bool) {
	seg, ok := s.byName[name]
	return seg, ok
}

// Names lists the stored segment names, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.Segments))
	for _, seg := range s.Segments {
		names = append(names, seg.Name)
	}
	sort.Strings(names)
	return names
}

// Membership is one segment an entity is in.
type Membership struct {
	Segment string `json:"segment"`
	Since   string `json:"since"`
}

// InPopulation reports whether key is in the evaluated population.
func (s *Set) InPopulation(key any) bool {
	_, ok := s.pop.search(key)
	return ok
}

// Lookup returns the segments key is a member of, by name, and
// whether key is in the evaluated population.
func (s *Set) Lookup(key any) ([]Membership, bool) {
	p, inPop := s.pop.search(key)
	if s.stray || !inPop {
		return s.lookupAll(key, inPop)
	}
	var out []Membership
	row := s.bits[p*s.words : (p+1)*s.words]
	popLen := s.pop.len()
	for j, seg := range s.Segments {
		if row[j/64]&(1<<(j%64)) == 0 {
			continue
		}
		// Every member is in the population (not stray): the key's
		// position in the segment is at most p, and at least p less
		// the population entities the segment lacks.
		lo, hi := max(0, p-(popLen-seg.keys.len())), min(p+1, seg.keys.len())
		if i, ok := seg.keys.searchIn(lo, hi, key); ok {
			out = append(out, Membership{Segment: seg.Name, Since: s.sinces[seg.since[i]]})
		}
	}
	return out, true
}

// lookupAll searches every segment.
func (s *Set) lookupAll(key any, inPop bool) ([]Membership, bool) {
	var out []Membership
	for _, seg := range s.Segments {
		if i, ok := seg.keys.search(key); ok {
			out = append(out, Membership{Segment: seg.Name, Since: s.sinces[seg.since[i]]})
		}
	}
	return out, inPop || len(out) > 0
}

// Member is one row of a members page.
type Member struct {
	ID    any    `json:"id"`
	Since string `json:"since"`
}

// Page returns up to limit members of seg with keys strictly after
// `after` (nil: from the start), in key order, and whether more follow.
func (s *Set) Page(seg *Segment, after any, limit int) ([]Member, bool) {
	start := 0
	if after != nil {
		start = seg.keys.after(after)
	}
	end := min(start+limit, seg.keys.len())
	out := make([]Member, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, Member{ID: seg.keys.at(i), Since: s.sinces[seg.since[i]]})
	}
	return out, end < seg.keys.len()
}
