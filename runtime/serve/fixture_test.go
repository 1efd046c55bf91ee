package serve

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/runtime/serve/reload"
)

// asOf is the fixed clock of every test server.
var asOf = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

const testToken = "test-token-0123456789abcdef"

const dataSeg = `entities customers key customer_id {
  country       string
  email_opt_in  bool
}

events orders key customer_id time ts id order_id {
  type    string
  amount  float?
}
`

const segmentsSeg = `feature spend_30d = sum(orders.amount where type == "purchase" within 30d)

segment fr_buyers {
  where country == "FR" and spend_30d > 0
  require email_opt_in
  holdout 20%
}

segment top_spenders {
  where spend_30d >= percentile(spend_30d, 50)
}
`

const fixtureSQL = `
CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT, email_opt_in INTEGER);
INSERT INTO customers VALUES (1,'FR',1),(2,'FR',1),(3,'FR',0),(4,'DE',1),(5,'FR',1),(6,'FR',1);
CREATE TABLE orders(order_id TEXT, customer_id INTEGER, ts TEXT, type TEXT, amount REAL);
INSERT INTO orders VALUES
  ('o1',1,'2026-06-27 10:00:00','purchase',120),
  ('o2',2,'2026-06-28 10:00:00','purchase',15.5),
  ('o3',4,'2026-06-29 10:00:00','purchase',99);
`

// fixture is a module directory, a database and a running server.
type fixture struct {
	t      *testing.T
	dir    string // module directory
	dbPath string
	srv    *Server
	http   *httptest.Server
	// postIDs, when set, rewrites the events postOK posts (their ids).
	postIDs func([]map[string]any)
}

// newFixture builds the shop database and module and starts a server
// (evaluated once, its loop running) behind httptest.
func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(fixtureSQL)
	must(t, err)
	db.Close()
	return f.start(edit)
}

// newFixtureOn starts another server on the module and database of f.
func newFixtureOn(t *testing.T, f *fixture) *fixture {
	g := &fixture{t: t, dir: f.dir, dbPath: f.dbPath}
	return g.start(nil)
}

// start runs a server (evaluated once, its loop running) behind httptest.
func (f *fixture) start(edit func(*Config)) *fixture {
	t := f.t
	cfg := Config{DBPath: f.dbPath, Module: reload.Module{Paths: []string{f.dir}}, Token: testToken,
		Debounce: 20 * time.Millisecond, WatchDebounce: 30 * time.Millisecond, Now: func() time.Time { return asOf }}
	if edit != nil {
		edit(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Open(ctx, cfg)
	must(t, err)
	must(t, srv.Start(ctx))
	done := make(chan struct{})
	go func() { srv.Run(ctx); close(done) }()
	f.srv, f.http = srv, httptest.NewServer(srv.Handler())
	t.Cleanup(func() { f.http.Close(); cancel(); <-done; srv.Close() })
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// write replaces a module file in place.
func (f *fixture) write(name, text string) {
	must(f.t, os.WriteFile(filepath.Join(f.dir, name), []byte(text), 0o644))
}

// saveAtomically writes a temporary file and renames it over name, as
// editors do.
func (f *fixture) saveAtomically(name, text string) {
	tmp := filepath.Join(f.dir, "."+name+".tmp")
	must(f.t, os.WriteFile(tmp, []byte(text), 0o644))
	must(f.t, os.Rename(tmp, filepath.Join(f.dir, name)))
}

// do sends a request and returns the status and decoded JSON body.
func (f *fixture) do(method, path, token string, body any) (int, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		must(f.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.http.URL+path, rd)
	must(f.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	must(f.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(f.t, err)
	var out map[string]any
	if resp.Header.Get("Content-Type") == "application/json" {
		if err := json.Unmarshal(raw, &out); err != nil {
			f.t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return resp.StatusCode, out
}

// get is a GET that must answer want.
func (f *fixture) get(path string, want int) map[string]any {
	f.t.Helper()
	code, body := f.do("GET", path, "", nil)
	if code != want {
		f.t.Fatalf("GET %s = %d, want %d: %v", path, code, want, body)
	}
	return body
}

// post sends events with the test token.
func (f *fixture) post(events ...map[string]any) (int, map[string]any) {
	f.t.Helper()
	return f.do("POST", "/v1/events", testToken, map[string]any{"events": events})
}

// settle waits until every accepted batch is reflected in the served
// membership.
func (f *fixture) settle() {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if h := f.srv.Health(); h.PendingBatches == 0 && !h.Evaluating {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.t.Fatalf("membership did not catch up with accepted events: %+v", f.srv.Health())
}

// waitFor polls cond until it holds or 20 s pass.
func (f *fixture) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	h := f.srv.Health()
	f.t.Fatalf("timed out waiting for %s; health: %+v\nlast reload: %+v\nlast evaluation: %+v", what, h, h.LastReload, h.LastEvaluation)
}

// segmentsOf returns the segments array of an entity.
func segmentsOf(body map[string]any) []string {
	var out []string
	for _, s := range body["segments"].([]any) {
		out = append(out, s.(string))
	}
	return out
}

// event builds an order event.
func event(id string, customer int, ts any, typ string, amount any) map[string]any {
	return map[string]any{"order_id": id, "customer_id": customer, "ts": ts, "type": typ, "amount": amount}
}

func mustRead(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return string(b)
}
