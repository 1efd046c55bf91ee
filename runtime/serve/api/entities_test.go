package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/store"
)

// entityState serves segment a, lifecycle stage (states new, active),
// k-means cluster rfm (champions, others) and DBSCAN cluster geo, over
// the population 1, 2, 3.
func entityState(t *testing.T) *State {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := store.EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows := [][3]any{{"a", 1, "2026-06-01 00:00:00"}, {"stage.active", 1, "2026-06-02 00:00:00"}, {"stage.new", 2, "2026-06-03 00:00:00"},
		{"rfm.champions", 1, "2026-06-04 00:00:00"}, {"geo.c2", 1, "2026-06-05 00:00:00"}, {"geo.noise", 2, "2026-06-05 00:00:00"}}
	for _, r := range rows {
		if _, err := db.Exec(`INSERT INTO segc_members VALUES (?, ?, ?)`, r[0], r[1], r[2]); err != nil {
			t.Fatal(err)
		}
	}
	p := &plan.Plan{Hash: "h", KeyType: types.Of(types.Int),
		Segments:   []*plan.Segment{{Name: "a", Parent: -1}},
		Lifecycles: []*plan.Lifecycle{{Name: "stage", States: []string{"new", "active"}}},
		Clusters: []*plan.Cluster{{Name: "rfm", Algorithm: plan.KMeans, K: 2, Names: []string{"champions", "others"}},
			{Name: "geo", Algorithm: plan.DBSCAN}}}
	stored := []string{"a", "stage.new", "stage.active", "rfm.champions", "rfm.others", "geo.c2", "geo.noise"}
	set, err := membership.Load(ctx, db, membership.Info{RunID: 1, AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Plan: p,
		Population: store.Keys{Ints: []int64{1, 2, 3}}, Stored: stored})
	if err != nil {
		t.Fatal(err)
	}
	return &State{Plan: p, Members: set}
}

// TestEntityLifecyclesAndClusters: an entity's lifecycle states and
// clusters are filled from its memberships, and encoding/json reads the
// hand-written JSON back as the same document.
func TestEntityLifecyclesAndClusters(t *testing.T) {
	h := NewHandler(&fake{st: entityState(t)}, Options{})
	for _, tt := range []struct{ id, want string }{
		{"1", `{"id":1,"segments":["a","geo.c2","rfm.champions","stage.active"],"memberships":[{"segment":"a","since":"2026-06-01 00:00:00"},{"segment":"geo.c2","since":"2026-06-05 00:00:00"},{"segment":"rfm.champions","since":"2026-06-04 00:00:00"},{"segment":"stage.active","since":"2026-06-02 00:00:00"}],"lifecycles":{"stage":{"state":"active","since":"2026-06-02 00:00:00"}},"clusters":{"geo":"c2","rfm":"champions"},"as_of":"2026-06-30 00:00:00","plan_hash":"h"}`},
		{"2", `{"id":2,"segments":["geo.noise","stage.new"],"memberships":[{"segment":"geo.noise","since":"2026-06-05 00:00:00"},{"segment":"stage.new","since":"2026-06-03 00:00:00"}],"lifecycles":{"stage":{"state":"new","since":"2026-06-03 00:00:00"}},"clusters":{"geo":"noise"},"as_of":"2026-06-30 00:00:00","plan_hash":"h"}`},
		{"3", `{"id":3,"segments":[],"memberships":[],"lifecycles":{},"clusters":{},"as_of":"2026-06-30 00:00:00","plan_hash":"h"}`},
	} {
		rec := get(h, "/v1/entities/"+tt.id)
		if got := strings.TrimSuffix(rec.Body.String(), "\n"); got != tt.want {
			t.Errorf("entity %s:\n got %s\nwant %s", tt.id, got, tt.want)
		}
		if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || ct != "application/json" {
			t.Errorf("entity %s: %d %s", tt.id, rec.Code, ct)
		}
		var doc, want any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Errorf("entity %s: not JSON: %v", tt.id, err)
		}
		json.Unmarshal([]byte(tt.want), &want)
		if got, want := fmt.Sprint(doc), fmt.Sprint(want); got != want {
			t.Errorf("entity %s: encoding/json reads it as %s, want %s", tt.id, got, want)
		}
	}
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

// TestAppendString: the hand-written string encoding equals
// encoding/json's (without HTML escaping) on awkward text.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tnl\nret\rnul\x00\x1f", "é€😀", "bad\xffutf8\xc3", "ls\u2028ps\u2029", "<&>"} {
		var want strings.Builder
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if got := string(appendString(nil, s)) + "\n"; got != want.String() {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want.String())
		}
	}
}
