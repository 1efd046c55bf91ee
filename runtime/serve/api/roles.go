package api

import (
	"sync/atomic"
	"time"

	"github.com/segc/segc/compiler/plan"
)

// role says what a stored segment is to the entity response: the state
// of a lifecycle or the cluster of a cluster declaration.
type role struct {
	lifecycle bool   // false: a cluster
	owner     string // the lifecycle or cluster name
	label     string // the state or cluster label
}

// roleIndex maps the stored segment names of one plan's lifecycle
// states and clusters to their roles.
type roleIndex struct {
	plan  *plan.Plan
	roles map[string]role
}

// roleCache holds the index of the latest plan served; plans change
// only at reloads, so it is rebuilt rarely.
type roleCache struct {
	cur atomic.Pointer[roleIndex]
}

// of returns p's index, building it when p is not the cached plan.
func (c *roleCache) of(p *plan.Plan) map[string]role {
	if idx := c.cur.Load(); idx != nil && idx.plan == p {
		return idx.roles
	}
	idx := &roleIndex{plan: p, roles: rolesOf(p)}
	c.cur.Store(idx)
	return idx.roles
}

// rolesOf lists every lifecycle state segment (NAME.STATE) and cluster
// segment (NAME.LABEL, including DBSCAN's NAME.noise) of p.
func rolesOf(p *plan.Plan) map[string]role {
	roles := map[string]role{}
	for _, l := range p.Lifecycles {
		for _, st := range l.States {
			roles[l.Name+"."+st] = role{lifecycle: true, owner: l.Name, label: st}
		}
	}
	for _, c := range p.Clusters {
		for id := range c.MaxClusters() {
			roles[c.SegmentName(id)] = role{owner: c.Name, label: c.Label(id)}
		}
		if c.Algorithm == plan.DBSCAN || c.MaxClusters() == 0 {
			roles[c.SegmentName(plan.NoiseLabel)] = role{owner: c.Name, label: "noise"}
		}
	}
	return roles
}

// clusterRole finds an unnumbered cluster segment (DBSCAN's cN, whose
// count is known only after training) by parsing its label.
func clusterRole(p *plan.Plan, segment string) (role, bool) {
	for _, c := range p.Clusters {
		if len(segment) <= len(c.Name)+1 || segment[:len(c.Name)+1] != c.Name+"." {
			continue
		}
		if _, ok := c.LabelID(segment[len(c.Name)+1:]); ok {
			return role{owner: c.Name, label: segment[len(c.Name)+1:]}, true
		}
	}
	return role{}, false
}

// asOfCache keeps the text of the latest as-of formatted: every lookup
// answers it, and it changes only when the membership does.
type asOfCache struct {
	cur atomic.Pointer[asOfEntry]
}

type asOfEntry struct {
	at   time.Time
	text string
}

// text returns t formatted like store.FormatTime.
func (c *asOfCache) text(t time.Time) string {
	if e := c.cur.Load(); e != nil && e.at.Equal(t) {
		return e.text
	}
	e := &asOfEntry{at: t, text: asOfText(t)}
	c.cur.Store(e)
	return e.text
}
