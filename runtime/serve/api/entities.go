package api

import (
	"net/http"
	"time"

	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/store"
)

// entityResponse is GET /v1/entities/{id}: the stored segments the entity
// is in, with since, and, for lifecycles and clusters, its state (name ->
// state and since) and cluster (name -> label), read from the same
// membership (a lifecycle state NAME.STATE and a cluster NAME.LABEL are
// stored segments too). entityJSON writes it without reflection.
type entityResponse struct {
	ID          any
	Memberships []membership.Membership
	Lifecycles  []namedRole // in segment name order
	Clusters    []namedRole
	AsOf        string
	PlanHash    string
}

// namedRole is one lifecycle state or cluster of the entity.
type namedRole struct {
	role
	since string
}

// entity answers which segments an entity is in.
func (h *handler) entity(w http.ResponseWriter, r *http.Request) {
	st := h.b.State()
	if st == nil {
		notReady(w)
		return
	}
	key, err := membership.ParseKey(st.Plan.KeyType, r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	ms, known := st.Members.Lookup(key)
	if !known {
		writeError(w, http.StatusNotFound, "entity %v is not in the population evaluated as of %s", key, asOfText(st.Members.AsOf))
		return
	}
	resp := entityResponse{ID: key, Memberships: ms, AsOf: h.asOf.text(st.Members.AsOf), PlanHash: st.Plan.Hash}
	h.fillRoles(st, &resp)
	h.writeBody(w, http.StatusOK, resp.appendJSON)
}

// fillRoles finds the lifecycle states and clusters among the entity's
// memberships.
func (h *handler) fillRoles(st *State, resp *entityResponse) {
	if len(st.Plan.Lifecycles) == 0 && len(st.Plan.Clusters) == 0 {
		return
	}
	roles := h.roles.of(st.Plan)
	for _, m := range resp.Memberships {
		ro, ok := roles[m.Segment]
		if !ok && len(st.Plan.Clusters) > 0 {
			ro, ok = clusterRole(st.Plan, m.Segment)
		}
		switch {
		case !ok:
		case ro.lifecycle:
			resp.Lifecycles = append(resp.Lifecycles, namedRole{ro, m.Since})
		default:
			resp.Clusters = append(resp.Clusters, namedRole{ro, m.Since})
		}
	}
}

func asOfText(t time.Time) string { return store.FormatTime(t) }
