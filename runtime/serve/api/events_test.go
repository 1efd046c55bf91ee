package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/serve/ingest"
)

// ingestFake is a Backend whose Insert is insert.
type ingestFake struct {
	fake
	insert func(ctx context.Context) (ingest.Result, error)
}

func (f *ingestFake) Insert(ctx context.Context, _ *ingest.Schema, _ []ingest.Event) (ingest.Result, error) {
	return f.insert(ctx)
}

// oneLogState serves one event log, e(k int, t time).
func oneLogState() *State {
	log := &plan.EventLog{Name: "e", SQLTable: "e", Key: "k", KeyType: types.Of(types.Int), Time: "t"}
	schema := &ingest.Schema{Log: log, Columns: []ingest.Column{{Name: "k", Type: types.Of(types.Int), Role: ingest.RoleKey}, {Name: "t", Type: types.Of(types.Time), Role: ingest.RoleTime}}}
	return &State{Plan: &plan.Plan{KeyType: types.Of(types.Int)}, Schemas: map[string]*ingest.Schema{"e": schema}}
}

// TestEventsAnswers: how POST /v1/events answers what the writer did.
// A batch committed after the handler's timeout (its group was taken
// before it) is answered 200, never a 503 "retry" that would have the
// client send stored events again; a batch that was not taken in time
// or met a locked database is a 503 with Retry-After.
func TestEventsAnswers(t *testing.T) {
	st := oneLogState()
	timeout := 50 * time.Millisecond
	tests := []struct {
		name       string
		insert     func(ctx context.Context) (ingest.Result, error)
		code       int
		retryAfter bool
		message    string
	}{
		{"committed after the timeout", func(ctx context.Context) (ingest.Result, error) {
			<-ctx.Done() // the group was taken: it commits whatever ctx does
			return ingest.Result{Inserted: 1}, nil
		}, http.StatusOK, false, ""},
		{"not taken in time", func(ctx context.Context) (ingest.Result, error) {
			<-ctx.Done()
			return ingest.Result{}, ctx.Err()
		}, http.StatusServiceUnavailable, true, "timeout of 50ms"},
		{"database locked", func(context.Context) (ingest.Result, error) {
			return ingest.Result{}, fmt.Errorf("starting the ingestion transaction: %w", ingest.ErrBusy)
		}, http.StatusServiceUnavailable, true, "busy"},
	}
	for _, tt := range tests {
		h := NewHandler(&ingestFake{fake: fake{st: st}, insert: tt.insert}, Options{Token: "tok-0123456789abcdef", Timeout: timeout})
		req := httptest.NewRequest("POST", "/v1/events", strings.NewReader(`{"events": [{"k": 1, "t": 0}]}`))
		req.Header.Set("Authorization", "Bearer tok-0123456789abcdef")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != tt.code || !strings.Contains(body, tt.message) {
			t.Errorf("%s: %d %s, want %d with %q", tt.name, rec.Code, body, tt.code, tt.message)
		}
		if got := rec.Header().Get("Retry-After") != ""; got != tt.retryAfter {
			t.Errorf("%s: Retry-After %q, want one: %v", tt.name, rec.Header().Get("Retry-After"), tt.retryAfter)
		}
	}
}
