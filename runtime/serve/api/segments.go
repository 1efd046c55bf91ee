package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/serve/membership"
)

// segmentInfo is one entry of GET /v1/segments.
type segmentInfo struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Parent      string `json:"parent,omitempty"`
	Description string `json:"description,omitempty"`
	Size        int    `json:"size"`
	UpdatedAt   string `json:"updated_at,omitempty"`
}

type segmentsResponse struct {
	AsOf       string        `json:"as_of"`
	AgeSeconds float64       `json:"age_seconds"`
	RunID      int64         `json:"run_id"`
	PlanHash   string        `json:"plan_hash"`
	Segments   []segmentInfo `json:"segments"`
}

// segments lists every stored segment with its size and last change.
func (h *handler) segments(w http.ResponseWriter, r *http.Request) {
	st := h.b.State()
	if st == nil {
		notReady(w)
		return
	}
	m := st.Members
	resp := segmentsResponse{AsOf: asOfText(m.AsOf), AgeSeconds: time.Since(m.AsOf).Seconds(), RunID: m.RunID,
		PlanHash: st.Plan.Hash, Segments: []segmentInfo{}}
	for _, s := range m.Segments {
		resp.Segments = append(resp.Segments, segmentInfo{Name: s.Name, Kind: s.Kind, Parent: s.Parent,
			Description: s.Description, Size: s.Size(), UpdatedAt: s.UpdatedAt})
	}
	writeJSON(w, http.StatusOK, resp)
}

type membersResponse struct {
	Segment    string              `json:"segment"`
	AsOf       string              `json:"as_of"`
	Size       int                 `json:"size"`
	Members    []membership.Member `json:"members"`
	NextCursor string              `json:"next_cursor,omitempty"`
}

// members pages through a segment's members in entity key order.
func (h *handler) members(w http.ResponseWriter, r *http.Request) {
	st := h.b.State()
	if st == nil {
		notReady(w)
		return
	}
	name := r.PathValue("name")
	seg, ok := st.Members.Segment(name)
	if !ok {
		writeError(w, http.StatusNotFound, "no stored segment %q%s", truncate(name), didYouMean(name, st.Members.Names()))
		return
	}
	q := r.URL.Query()
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	after, err := decodeCursor(q.Get("cursor"), st.Plan.KeyType)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	page, more := st.Members.Page(seg, after, limit)
	resp := membersResponse{Segment: name, AsOf: asOfText(st.Members.AsOf), Size: seg.Size(), Members: page}
	if more {
		resp.NextCursor = encodeCursor(page[len(page)-1].ID)
	}
	writeJSON(w, http.StatusOK, resp)
}

// parseLimit reads ?limit=, 1..MaxLimit, default DefaultLimit.
func parseLimit(text string) (int, error) {
	if text == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, fmt.Errorf("limit %q must be an integer from 1 to %d", truncate(text), MaxLimit)
	}
	return n, nil
}

// encodeCursor makes an opaque cursor from the last key of a page: the
// next page starts strictly after that key, so paging is stable across
// membership updates.
func encodeCursor(key any) string {
	var raw string
	switch k := key.(type) {
	case int64:
		raw = "i" + strconv.FormatInt(k, 10)
	case string:
		raw = "s" + k
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor reads a cursor; "" means the first page.
func decodeCursor(c string, keyType types.Type) (any, error) {
	if c == "" {
		return nil, nil
	}
	bad := fmt.Errorf("cursor %q is not a cursor this API returned: pass next_cursor unchanged", truncate(c))
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(raw) < 2 {
		return nil, bad
	}
	kind, text := raw[0], string(raw[1:])
	if (kind == 'i') != (keyType.Kind == types.Int) || (kind != 'i' && kind != 's') {
		return nil, bad
	}
	key, err := membership.ParseKey(keyType, text)
	if err != nil {
		return nil, bad
	}
	return key, nil
}

func didYouMean(name string, names []string) string {
	if s := diag.Suggest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return " (GET /v1/segments lists them)"
}

// truncate shortens user text echoed in an error.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
