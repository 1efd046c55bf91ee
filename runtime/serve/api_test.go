package serve

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestEntity(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		path string
		code int
		want []string
	}{
		{"/v1/entities/1", 200, []string{"fr_buyers", "top_spenders"}},
		{"/v1/entities/3", 200, nil}, // consent gate: in the population, in no segment
		{"/v1/entities/4", 200, []string{"top_spenders"}},
		{"/v1/entities/99", 404, nil},
		{"/v1/entities/abc", 400, nil},
		{"/v1/entities/1.5", 400, nil},
	}
	for _, tt := range tests {
		body := f.get(tt.path, tt.code)
		if tt.code != 200 {
			if msg, _ := body["error"].(map[string]any)["message"].(string); msg == "" {
				t.Errorf("%s: error body has no message: %v", tt.path, body)
			}
			continue
		}
		if got := segmentsOf(body); !slices.Equal(got, tt.want) {
			t.Errorf("%s: segments %v, want %v", tt.path, got, tt.want)
		}
		if body["as_of"] != "2026-06-30 12:00:00" || body["lifecycles"] == nil || body["clusters"] == nil {
			t.Errorf("%s: incomplete body %v", tt.path, body)
		}
	}
}

func TestSegments(t *testing.T) {
	f := newFixture(t, nil)
	body := f.get("/v1/segments", 200)
	sizes := map[string]float64{}
	for _, s := range body["segments"].([]any) {
		seg := s.(map[string]any)
		sizes[seg["name"].(string)] = seg["size"].(float64)
		if seg["updated_at"] != "2026-06-30 12:00:00" {
			t.Errorf("segment %v: updated_at %v", seg["name"], seg["updated_at"])
		}
	}
	want := map[string]float64{"fr_buyers": 2, "fr_buyers.holdout": 0, "top_spenders": 2}
	if fmt.Sprint(sizes) != fmt.Sprint(want) {
		t.Errorf("sizes %v, want %v", sizes, want)
	}
}

func TestMembersPaging(t *testing.T) {
	f := newFixture(t, nil)
	// Everyone in FR buys, so fr_buyers grows to 4 (3 has no consent), and
	// the median spend drops to 15.5, so 2 enters top_spenders.
	var evs []map[string]any
	for _, c := range []int{5, 6} {
		evs = append(evs, event(fmt.Sprintf("p%d", c), c, "2026-06-29T08:00:00Z", "purchase", 10))
	}
	if code, body := f.post(evs...); code != 200 {
		t.Fatalf("post: %d %v", code, body)
	}
	f.settle()
	if got := changes(t, f); got != "fr_buyers 5 enter, fr_buyers 6 enter" {
		t.Errorf("segc_changes after the per-entity evaluation: %s", got)
	}
	must(t, f.srv.Recompute(context.Background())) // percentiles move on the recompute schedule
	if got := changes(t, f); got != "fr_buyers 5 enter, fr_buyers 6 enter, top_spenders 2 enter" {
		t.Errorf("segc_changes after ingestion: %s", got)
	}
	all := memberIDs(f.get("/v1/segments/fr_buyers/members?limit=100", 200))
	var paged []string
	cursor := ""
	for range 10 {
		body := f.get("/v1/segments/fr_buyers/members?limit=1&cursor="+cursor, 200)
		paged = append(paged, memberIDs(body)...)
		next, _ := body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(all) != 4 || !slices.Equal(all, paged) || !slices.IsSorted(all) {
		t.Errorf("paged %v, all %v: want the same 4 members in key order", paged, all)
	}
	for _, tt := range []struct {
		path string
		code int
		msg  string
	}{
		{"/v1/segments/fr_buyers/members?limit=0", 400, "limit"},
		{"/v1/segments/fr_buyers/members?limit=x", 400, "limit"},
		{"/v1/segments/fr_buyers/members?cursor=%21%21", 400, "cursor"},
		{"/v1/segments/fr_buyers/members?cursor=czE", 400, "cursor"}, // a string cursor for int keys
		{"/v1/segments/fr_buyer/members", 404, `did you mean "fr_buyers"`},
	} {
		body := f.get(tt.path, tt.code)
		if msg := body["error"].(map[string]any)["message"].(string); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: message %q does not mention %q", tt.path, msg, tt.msg)
		}
	}
}

func memberIDs(body map[string]any) []string {
	var ids []string
	for _, m := range body["members"].([]any) {
		ids = append(ids, fmt.Sprint(m.(map[string]any)["id"]))
	}
	return ids
}

func TestWriteAuth(t *testing.T) {
	f := newFixture(t, nil)
	body := map[string]any{"events": []any{event("a1", 1, "2026-06-29 10:00:00", "view", nil)}}
	for _, tt := range []struct {
		path, token string
		code        int
	}{
		{"/v1/events", "", 401},
		{"/v1/events", "wrong-token-0123456789", 401},
		{"/v1/reload", "", 401},
		{"/v1/events", testToken, 200},
		{"/v1/reload", testToken, 200},
	} {
		if code, resp := f.do("POST", tt.path, tt.token, body); code != tt.code {
			t.Errorf("POST %s with token %q = %d, want %d: %v", tt.path, tt.token, code, tt.code, resp)
		}
	}
	open := newFixture(t, func(c *Config) { c.Token = "" })
	if code, _ := open.do("POST", "/v1/events", "anything", body); code != 403 {
		t.Errorf("writes without --token-file = %d, want 403", code)
	}
}

func TestEventsRejected(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBatch = 3; c.MaxBody = 2048 })
	good := event("g1", 1, "2026-06-29 10:00:00", "view", nil)
	tests := []struct {
		name   string
		body   any
		code   int
		fields []string // "index:field" of each detail
	}{
		{"not JSON", `{"events": [`, 400, nil},
		{"empty body", ``, 400, nil},
		{"no events", `{}`, 400, nil},
		{"empty batch", `{"events": []}`, 400, nil},
		{"trailing data", `{"events": [{}]} {}`, 400, nil},
		{"unknown top-level field", `{"events": [], "x": 1}`, 400, nil},
		{"event not an object", `{"events": [1]}`, 400, nil},
		{"too many events", map[string]any{"events": []any{good, good, good, good}}, 413, nil},
		{"body too large", `{"events": [{"type": "` + strings.Repeat("x", 4096) + `"}]}`, 413, nil},
		{"unknown log", map[string]any{"log": "clicks", "events": []any{good}}, 400, nil},
		{"bad fields", map[string]any{"events": []any{good, map[string]any{
			"customer_id": "seven", "ts": "30/06/2026", "type": 3, "amount": "1", "extra": true}}}, 422,
			[]string{"1:customer_id", "1:ts", "1:order_id", "1:type", "1:amount", "1:extra"}},
		{"null required", map[string]any{"events": []any{event("n1", 1, nil, "view", nil)}}, 422, []string{"0:ts"}},
		{"fractional key", map[string]any{"events": []any{event("n2", 1, "2026-06-29 10:00:00", "view", nil), map[string]any{
			"order_id": "n3", "customer_id": 1.5, "ts": 1782727200, "type": "view"}}}, 422, []string{"1:customer_id"}},
	}
	for _, tt := range tests {
		code, body := f.do("POST", "/v1/events", testToken, tt.body)
		if code != tt.code {
			t.Errorf("%s: status %d, want %d: %v", tt.name, code, tt.code, body)
			continue
		}
		e := body["error"].(map[string]any)
		if e["message"] == "" {
			t.Errorf("%s: no message", tt.name)
		}
		var got []string
		details, _ := e["details"].([]any)
		for _, d := range details {
			dm := d.(map[string]any)
			got = append(got, fmt.Sprintf("%v:%v", dm["index"], dm["field"]))
		}
		slices.Sort(got)
		slices.Sort(tt.fields)
		if !slices.Equal(got, tt.fields) {
			t.Errorf("%s: details %v, want %v", tt.name, got, tt.fields)
		}
	}
	if n := countOrders(t, f); n != 3 {
		t.Errorf("rejected batches stored rows: %d orders, want the 3 of the fixture", n)
	}
}

func countOrders(t *testing.T, f *fixture) int {
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	defer db.Close()
	var n int
	must(t, db.QueryRow("SELECT count(*) FROM orders").Scan(&n))
	return n
}

func TestEventsIdempotent(t *testing.T) {
	f := newFixture(t, nil)
	e1 := event("x1", 5, "2026-06-29T10:00:00Z", "purchase", 50)
	same := event("x1", 5, "2026-06-29 10:00:00", "purchase", 50.0) // same instant, other spelling
	unix := event("x1", 5, 1782727200, "purchase", 50)
	changed := event("x1", 5, "2026-06-29 10:00:00", "purchase", 51)
	steps := []struct {
		name             string
		events           []map[string]any
		code             int
		inserted, dupes  float64
		conflictsAtIndex []float64
		ordersAfterwards int
	}{
		{"first", []map[string]any{e1}, 200, 1, 0, nil, 4},
		{"resend", []map[string]any{same}, 200, 0, 1, nil, 4},
		{"resend as unix seconds", []map[string]any{unix}, 200, 0, 1, nil, 4},
		{"stored id from the fixture", []map[string]any{event("o1", 1, "2026-06-27 10:00:00", "purchase", 120)}, 200, 0, 1, nil, 4},
		{"repeat within a batch", []map[string]any{event("x2", 5, 1782727200, "view", nil), event("x2", 5, 1782727200, "view", nil)}, 200, 1, 1, nil, 5},
		{"changed payload", []map[string]any{event("x3", 6, 1782727200, "view", nil), changed}, 409, 0, 0, []float64{1}, 5},
		{"changed within a batch", []map[string]any{event("x4", 6, 1782727200, "view", nil), event("x4", 6, 1782727201, "view", nil)}, 409, 0, 0, []float64{1}, 5},
	}
	for _, s := range steps {
		code, body := f.post(s.events...)
		if code != s.code {
			t.Fatalf("%s: status %d, want %d: %v", s.name, code, s.code, body)
		}
		if code == 200 && (body["inserted"] != s.inserted || body["duplicates"] != s.dupes) {
			t.Errorf("%s: %v, want inserted %v duplicates %v", s.name, body, s.inserted, s.dupes)
		}
		if code == 409 {
			var idx []float64
			for _, d := range body["error"].(map[string]any)["details"].([]any) {
				idx = append(idx, d.(map[string]any)["index"].(float64))
			}
			if !slices.Equal(idx, s.conflictsAtIndex) {
				t.Errorf("%s: conflicts at %v, want %v", s.name, idx, s.conflictsAtIndex)
			}
		}
		if n := countOrders(t, f); n != s.ordersAfterwards {
			t.Errorf("%s: %d orders stored, want %d", s.name, n, s.ordersAfterwards)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/healthz", "/readyz"} {
		body := f.get(path, 200)
		if body["ready"] != true || body["plan_hash"] == "" || body["status"] != "ok" {
			t.Errorf("%s: %v", path, body)
		}
	}
	f.post(event("m1", 6, "2026-06-29 10:00:00", "purchase", 5))
	f.settle()
	f.get("/v1/entities/1", 200)
	resp, err := f.http.Client().Get(f.http.URL + "/metrics")
	must(t, err)
	defer resp.Body.Close()
	var b strings.Builder
	_, err = fmt.Fprint(&b, mustRead(t, resp))
	must(t, err)
	for _, want := range []string{
		`segc_serve_events_ingested_total{log="orders"} 1`,
		`segc_serve_reload_failing 0`,
		`segc_serve_http_requests_total{code="200",route="entity"} 1`,
		`segc_serve_http_request_duration_seconds_bucket{route="entity"`,
		`segc_serve_evaluations_total{reason="events",result="ok"}`,
		`segc_serve_segment_members{segment="fr_buyers"} 3`,
		`segc_serve_plan_info{hash="`,
		`segc_serve_pending_batches 0`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	f := newFixture(t, nil)
	for _, tt := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/v2/x", 404},
		{"DELETE", "/v1/segments", 405},
		{"GET", "/v1/events", 405},
		{"GET", "/v1/explain/fr_buyer/1", 404},
		{"GET", "/v1/explain/fr_buyers/x", 400},
		{"GET", "/v1/explain/fr_buyers/99", 404},
		{"GET", "/v1/explain/fr_buyers/1?format=xml", 400},
	} {
		code, body := f.do(tt.method, tt.path, testToken, nil)
		if code != tt.code || body["error"] == nil {
			t.Errorf("%s %s = %d %v, want %d with a JSON error", tt.method, tt.path, code, body, tt.code)
		}
	}
}

func TestExplain(t *testing.T) {
	f := newFixture(t, nil)
	body := f.get("/v1/explain/fr_buyers/1", 200)
	if body["member"] != true || body["segment"] != "fr_buyers" || body["source"] != "stored" || body["tree"] == nil {
		t.Errorf("explain fr_buyers/1: %v", body)
	}
	body = f.get("/v1/explain/fr_buyers/3", 200)
	if body["member"] != false {
		t.Errorf("explain fr_buyers/3 (no consent): %v", body)
	}
	resp, err := f.http.Client().Get(f.http.URL + "/v1/explain/top_spenders/4?format=text")
	must(t, err)
	defer resp.Body.Close()
	if text := mustRead(t, resp); resp.StatusCode != 200 || !strings.Contains(text, "top_spenders") {
		t.Errorf("text explanation: %d %s", resp.StatusCode, text)
	}
}

// changes lists the non-baseline rows of segc_changes.
func changes(t *testing.T, f *fixture) string {
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	defer db.Close()
	rows, err := db.Query("SELECT segment, entity_id, change FROM segc_changes WHERE change != 'baseline' ORDER BY 1, 2")
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var seg, change string
		var id int64
		must(t, rows.Scan(&seg, &id, &change))
		out = append(out, fmt.Sprintf("%s %d %s", seg, id, change))
	}
	return strings.Join(out, ", ")
}
