package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const serveModule = `entities customers key customer_id { country string }
events orders key customer_id time ts id order_id { type string  amount float? }
feature spend_30d = sum(orders.amount where type == "purchase" within 30d)
segment fr_buyers { where country == "FR" and spend_30d > 0 }
segment big_spenders { where spend_30d >= 100 }
`

// TestServeEndToEnd starts `segc serve` on 127.0.0.1:0, posts events,
// sees membership change, and checks that the stored membership equals
// what `segc run --as-of T` computes on the same data at serve's as-of.
func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	dbPath, mod, tokenFile, addrFile := filepath.Join(dir, "shop.db"), filepath.Join(dir, "m"), filepath.Join(dir, "token"), filepath.Join(dir, "addr")
	writeServeFixture(t, dbPath, mod, tokenFile)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- dispatch(ctx, []string{"serve", "--db", dbPath, "--addr", "127.0.0.1:0", "--addr-file", addrFile,
			"--token-file", tokenFile, "--debounce", "20ms", mod}, stdio{out: &stderr, err: &stderr})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d:\n%s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "segc serve: stopping (interrupted)") {
			t.Errorf("serve stopped without saying so:\n%s", stderr.String())
		}
	}()
	base := "http://" + waitReady(t, addrFile, &stderr)
	if got := entitySegments(t, base, "2"); got != "[]" {
		t.Fatalf("entity 2 before any purchase: %s", got)
	}
	now := time.Now().UTC()
	body := fmt.Sprintf(`{"events": [
		{"order_id": "e1", "customer_id": 2, "ts": %q, "type": "purchase", "amount": 150},
		{"order_id": "e2", "customer_id": 3, "ts": %d, "type": "purchase", "amount": 20}]}`,
		now.Add(-time.Hour).Format(time.RFC3339), now.Add(-2*time.Hour).Unix())
	postEvents(t, base, tokenFile, body)
	waitFor(t, "entity 2 to enter", func() bool { return entitySegments(t, base, "2") == "[big_spenders fr_buyers]" })
	asOf := servedAsOf(t, base)
	var out, errOut bytes.Buffer
	code := dispatch(context.Background(), []string{"run", "--quiet", "--dry-run", "--db", dbPath, "--as-of", asOf, mod}, stdio{out: &out, err: &errOut})
	if code != 0 {
		t.Fatalf("segc run: %d %s", code, errOut.String())
	}
	for _, seg := range []string{"big_spenders", "fr_buyers"} {
		if !regexp.MustCompile(`(?m)^` + seg + ` +\d+ +0 +0$`).MatchString(out.String()) {
			t.Errorf("segc run --as-of %s would change %s, so serve's membership differs from batch:\n%s", asOf, seg, out.String())
		}
	}
}

func writeServeFixture(t *testing.T, dbPath, mod, tokenFile string) {
	t.Helper()
	if err := os.Mkdir(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "m.seg"), []byte(serveModule), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokenFile, []byte("e2e-token-0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT);
		INSERT INTO customers VALUES (1, 'FR'), (2, 'FR'), (3, 'DE');
		CREATE TABLE orders(order_id TEXT, customer_id INTEGER, ts TEXT, type TEXT, amount REAL);
		INSERT INTO orders VALUES ('e0', 1, datetime('now', '-1 day'), 'purchase', 10);`)
	if err != nil {
		t.Fatal(err)
	}
}

// waitReady waits for the address file and a 200 from /readyz.
func waitReady(t *testing.T, addrFile string, stderr *syncBuffer) string {
	t.Helper()
	var addr string
	waitFor(t, "serve to be ready", func() bool {
		b, err := os.ReadFile(addrFile)
		if err != nil {
			return false
		}
		addr = strings.TrimSpace(string(b))
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return addr
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func getJSON(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func entitySegments(t *testing.T, base, id string) string {
	return fmt.Sprint(getJSON(t, base+"/v1/entities/"+id)["segments"])
}

// servedAsOf returns the as-of of the served membership once every
// accepted batch is reflected in it.
func servedAsOf(t *testing.T, base string) string {
	var h map[string]any
	waitFor(t, "membership to settle", func() bool {
		h = getJSON(t, base+"/healthz")
		return h["pending_batches"] == 0.0 && h["evaluating"] == false
	})
	return h["as_of"].(string)
}

func postEvents(t *testing.T, base, tokenFile, body string) {
	t.Helper()
	token, _ := os.ReadFile(tokenFile)
	req, _ := http.NewRequest("POST", base+"/v1/events", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		var e map[string]any
		json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("POST /v1/events: %d %v", resp.StatusCode, e)
	}
}
