package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/serve/ingest"
)

// fake is a Backend with a fixed state whose Insert blocks until its
// context ends.
type fake struct{ st *State }

func (f *fake) State() *State { return f.st }
func (f *fake) Insert(ctx context.Context, _ *ingest.Schema, _ []ingest.Event) (ingest.Result, error) {
	<-ctx.Done()
	return ingest.Result{}, ctx.Err()
}
func (f *fake) Reload(ctx context.Context) (ReloadOutcome, error) {
	<-ctx.Done()
	return ReloadOutcome{}, ctx.Err()
}
func (f *fake) Health() Health { return Health{Status: "ok", Ready: f.st != nil} }

func call(t *testing.T, h http.Handler, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer tok-0123456789abcdef")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %q", method, path, rec.Body.String())
	}
	return rec.Code, out
}

func TestNotReady(t *testing.T) {
	h := NewHandler(&fake{}, Options{Token: "tok-0123456789abcdef"})
	for _, tt := range []struct{ method, path string }{
		{"GET", "/v1/entities/1"}, {"GET", "/v1/segments"}, {"GET", "/v1/segments/a/members"},
		{"POST", "/v1/events"}, {"GET", "/readyz"},
	} {
		if code, body := call(t, h, tt.method, tt.path, `{"events": [{}]}`); code != http.StatusServiceUnavailable {
			t.Errorf("%s %s before the first evaluation: %d %v", tt.method, tt.path, code, body)
		}
	}
	if code, _ := call(t, h, "GET", "/healthz", ""); code != 200 {
		t.Errorf("healthz before the first evaluation: %d", code)
	}
}

func TestHandlerTimeout(t *testing.T) {
	log := &plan.EventLog{Name: "e", SQLTable: "e", Key: "k", KeyType: types.Of(types.Int), Time: "t"}
	schema := &ingest.Schema{Log: log, Columns: []ingest.Column{{Name: "k", Type: types.Of(types.Int), Role: ingest.RoleKey}, {Name: "t", Type: types.Of(types.Time), Role: ingest.RoleTime}}}
	st := &State{Plan: &plan.Plan{KeyType: types.Of(types.Int)}, Schemas: map[string]*ingest.Schema{"e": schema}}
	h := NewHandler(&fake{st: st}, Options{Token: "tok-0123456789abcdef", Timeout: time.Second})
	code, body := call(t, h, "POST", "/v1/events", `{"events": [{"k": 1, "t": 0}]}`)
	if code != http.StatusServiceUnavailable || !strings.Contains(body["error"].(map[string]any)["message"].(string), "timeout") {
		t.Errorf("a stuck insert: %d %v, want 503 naming the timeout", code, body)
	}
	if code, body := call(t, h, "POST", "/v1/reload", ""); code != http.StatusAccepted || body["result"] != "pending" {
		t.Errorf("a slow reload: %d %v, want 202 pending", code, body)
	}
}
