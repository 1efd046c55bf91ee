package serve

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/serve/reload"
)

// recorder is a webhook receiver that answers 200 and keeps each
// idempotency key once, counting bodies whose signature does not verify
// under secret (when set).
type recorder struct {
	mu     sync.Mutex
	secret string
	keys   []string
	badSig int
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	raw, _ := io.ReadAll(req.Body)
	var b outbox.Body
	if err := json.Unmarshal(raw, &b); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.secret != "" {
		mac := hmac.New(sha256.New, []byte(r.secret))
		mac.Write(raw)
		if req.Header.Get(outbox.HeaderSignature) != "sha256="+hex.EncodeToString(mac.Sum(nil)) {
			r.badSig++
		}
	}
	if !slices.Contains(r.keys, b.ID) {
		r.keys = append(r.keys, b.ID)
	}
}

// got returns the keys received so far, sorted.
func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(slices.Values(r.keys))
}

// hooksSeg declares one destination.
func hooksSeg(name, url, secretEnv string) string {
	return "destination " + name + " {\n  url \"" + url + "\"\n  segments fr_buyers, \"top_*\"\n  secret_env \"" + secretEnv + "\"\n}\n"
}

// newDeclFixture is newFixture with a hooks.seg in the module.
func newDeclFixture(t *testing.T, hooks string, edit func(*Config)) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	f.write("hooks.seg", hooks)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(fixtureSQL)
	must(t, err)
	db.Close()
	return f.start(edit)
}

// TestDeclaredDestination checks that a destination declared in .seg
// receives the enters and exits of the segments it names, signed with the
// secret its secret_env names; that a reload changing it moves delivery
// to the new destination; and that a reload whose secret_env is unset
// fails and keeps the previous destinations delivering.
func TestDeclaredDestination(t *testing.T) {
	a, b := &recorder{secret: "s3cret-a"}, &recorder{secret: "s3cret-b"}
	ha, hb := httptest.NewServer(a), httptest.NewServer(b)
	defer ha.Close()
	defer hb.Close()
	env := map[string]string{"SEGC_TEST_SECRET_A": "s3cret-a", "SEGC_TEST_SECRET_B": "s3cret-b"}
	var clock atomic.Int64
	clock.Store(asOf.Unix())
	f := newDeclFixture(t, hooksSeg("crm", ha.URL, "SEGC_TEST_SECRET_A"), func(c *Config) {
		c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		c.Webhooks = Webhooks{Poll: 5 * time.Millisecond, Seed: 1, Getenv: func(k string) string { return env[k] }}
	})

	f.postOK(event("o10", 5, "2026-06-29 09:00:00", "purchase", 500), event("o11", 6, "2026-06-29 09:00:00", "purchase", 40))
	f.settle()
	clock.Add(40 * 24 * 3600) // every 30-day window empties: exits
	f.postOK(event("o12", 2, "2026-08-08 10:00:00", "purchase", 1))
	f.settle()
	must(t, f.srv.Recompute(context.Background()))
	want := matchedChanges(t, f.dbPath, "crm")
	if !strings.Contains(strings.Join(want, " "), ":enter:") || !strings.Contains(strings.Join(want, " "), ":exit:") {
		t.Fatalf("the scenario needs enters and exits of the declared segments: %v", want)
	}
	f.waitFor("crm to receive every change", func() bool { return slices.Equal(a.got(), want) })

	// A reload that changes the destination: later changes go to the new one.
	f.write("hooks.seg", hooksSeg("crm2", hb.URL, "SEGC_TEST_SECRET_B"))
	if code, body := f.do("POST", "/v1/reload", testToken, nil); code != http.StatusOK || body["result"] != "ok" {
		t.Fatalf("reload to crm2: %d %v", code, body)
	}
	f.postOK(event("o13", 1, "2026-08-09 10:00:00", "purchase", 900))
	f.settle()
	want2 := matchedChanges(t, f.dbPath, "crm2")
	if len(want2) == 0 {
		t.Fatal("no change after the reload")
	}
	f.waitFor("crm2 to receive the changes after the reload", func() bool { return slices.Equal(b.got(), want2) })

	// A broken reload (secret_env unset) keeps crm2 delivering.
	f.write("hooks.seg", hooksSeg("crm3", ha.URL, "SEGC_TEST_UNSET"))
	code, body := f.do("POST", "/v1/reload", testToken, nil)
	if code != http.StatusUnprocessableEntity || body["result"] != "error" || !strings.Contains(body["error"].(string), "secret_env SEGC_TEST_UNSET is not set") {
		t.Fatalf("reload with an unset secret_env: %d %v", code, body)
	}
	f.postOK(event("o14", 4, "2026-08-09 11:00:00", "purchase", 950))
	f.settle()
	want3 := matchedChanges(t, f.dbPath, "crm2")
	if len(want3) <= len(want2) {
		t.Fatal("no change after the broken reload")
	}
	f.waitFor("crm2 to keep receiving after the broken reload", func() bool { return slices.Equal(b.got(), want3) })
	if got := a.got(); !slices.Equal(got, want) {
		t.Errorf("crm received changes after it was removed: %v", got)
	}
	if a.badSig+b.badSig > 0 {
		t.Errorf("%d bodies with a bad signature", a.badSig+b.badSig)
	}
}

// matchedChanges lists, sorted, the idempotency keys of the non-baseline
// changes of fr_buyers and top_* (the declared segments) recorded since
// dest's outbox rows began.
func matchedChanges(t *testing.T, dbPath, dest string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", dbPath)
	must(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT ?1 || ':' || run_id || ':' || change || ':' || segment || ':' || entity_id
		FROM segc_changes WHERE change IN ('enter', 'exit') AND (segment = 'fr_buyers' OR segment GLOB 'top_*')
		AND run_id >= (SELECT coalesce(min(run_id), 1e18) FROM segc_outbox WHERE destination = ?1)`, dest)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		must(t, rows.Scan(&k))
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestDestinationNameCollision checks that a .seg destination named like
// one of the --webhooks file is a start error naming both.
func TestDestinationNameCollision(t *testing.T) {
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	f.write("hooks.seg", hooksSeg("crm", "http://127.0.0.1:9/x", "SEGC_TEST_SECRET_A"))
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(fixtureSQL)
	must(t, err)
	db.Close()
	cfg := Config{DBPath: f.dbPath, Module: reload.Module{Paths: []string{f.dir}}, Now: func() time.Time { return asOf },
		Webhooks: Webhooks{Getenv: func(string) string { return "s" }, Destinations: []outbox.Destination{
			{Name: "crm", URL: "http://127.0.0.1:9/y", Segments: []string{"*"}, Where: "hooks.json:2:3"}}}}
	ctx := context.Background()
	srv, err := Open(ctx, cfg)
	must(t, err)
	defer srv.Close()
	err = srv.Start(ctx)
	if err == nil || !strings.Contains(err.Error(), `"crm" is declared both in the webhook file (hooks.json:2:3) and in the module (`) {
		t.Errorf("Start = %v, want a collision error", err)
	}
}
