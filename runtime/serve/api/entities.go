package api

import (
	"net/http"
	"time"

	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/store"
)

// entityResponse is GET /v1/entities/{id}. Lifecycles (name -> state and
// since) and Clusters (name -> cluster segment) are reserved: they stay
// empty until the runtime evaluates lifecycles and clusters.
type entityResponse struct {
	ID          any                     `json:"id"`
	Segments    []string                `json:"segments"`
	Memberships []membership.Membership `json:"memberships"`
	Lifecycles  map[string]any          `json:"lifecycles"`
	Clusters    map[string]string       `json:"clusters"`
	AsOf        string                  `json:"as_of"`
	PlanHash    string                  `json:"plan_hash"`
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
	resp := entityResponse{ID: key, Segments: make([]string, len(ms)), Memberships: ms,
		Lifecycles: map[string]any{}, Clusters: map[string]string{},
		AsOf: asOfText(st.Members.AsOf), PlanHash: st.Plan.Hash}
	if resp.Memberships == nil {
		resp.Memberships = []membership.Membership{}
	}
	for i, m := range ms {
		resp.Segments[i] = m.Segment
	}
	writeJSON(w, http.StatusOK, resp)
}

func asOfText(t time.Time) string { return store.FormatTime(t) }
