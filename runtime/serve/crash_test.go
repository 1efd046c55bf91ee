package serve

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/segc/segc/runtime/serve/reload"
)

// TestCrashChild is the server process TestKillDuringIngestion kills; it
// does nothing unless SEGC_CRASH_DIR is set.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SEGC_CRASH_DIR")
	if dir == "" {
		t.Skip("the child of TestKillDuringIngestion")
	}
	ctx := context.Background()
	srv, err := Open(ctx, Config{DBPath: filepath.Join(dir, "shop.db"), Module: reload.Module{Paths: []string{filepath.Join(dir, "m")}},
		Token: testToken, Debounce: 10 * time.Millisecond, Now: func() time.Time { return asOf }})
	must(t, err)
	must(t, srv.Start(ctx))
	go srv.Run(ctx)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "addr"), []byte(ln.Addr().String()), 0o644))
	http.Serve(ln, srv.Handler()) // until killed
}

// TestKillDuringIngestion kills the server with SIGKILL while batches are
// being posted, then checks that every acknowledged event is stored, the
// database is intact, and a restarted server's membership equals a batch
// evaluation over the same events.
func TestKillDuringIngestion(t *testing.T) {
	f := newFixture(t, nil) // builds the module and database; its own server is not used below
	dir := filepath.Dir(f.dir)
	child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	child.Env = append(os.Environ(), "SEGC_CRASH_DIR="+dir)
	must(t, child.Start())
	defer child.Process.Kill()
	addr := waitAddr(t, filepath.Join(dir, "addr"))
	acked := postUntilKilled(t, addr, child)
	if len(acked) == 0 {
		t.Fatal("no batch was acknowledged before the kill")
	}
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	defer db.Close()
	var check string
	must(t, db.QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Fatalf("integrity_check: %s", check)
	}
	for _, id := range acked {
		var n int
		must(t, db.QueryRow("SELECT count(*) FROM orders WHERE order_id = ?", id).Scan(&n))
		if n != 1 {
			t.Fatalf("acknowledged event %s is stored %d times after the kill", id, n)
		}
	}
	restarted := newFixtureOn(t, f)
	if served, batch := restarted.servedMembers(), batchMembers(t, restarted); fmt.Sprint(served) != fmt.Sprint(batch) {
		t.Errorf("after restart, served %v, batch %v", served, batch)
	}
}

func waitAddr(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
	}
	t.Fatal("the child server did not start")
	return ""
}

// postUntilKilled posts batches from 4 clients, kills the child after 20
// acknowledged batches, and returns the ids of every acknowledged event.
func postUntilKilled(t *testing.T, addr string, child *exec.Cmd) []string {
	var mu sync.Mutex
	var acked []string
	batches := 0
	var wg sync.WaitGroup
	var kill sync.Once
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; ; b++ {
				ids, body := crashBatch(c, b)
				req, _ := http.NewRequest("POST", "http://"+addr+"/v1/events", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+testToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					continue
				}
				mu.Lock()
				acked = append(acked, ids...)
				batches++
				if batches == 20 {
					kill.Do(func() { child.Process.Signal(syscall.SIGKILL) })
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	child.Wait()
	return acked
}

// crashBatch is client c's batch b: 50 purchases.
func crashBatch(c, b int) ([]string, string) {
	var ids, evs []string
	for i := range 50 {
		id := fmt.Sprintf("k%d-%d-%d", c, b, i)
		ids = append(ids, id)
		evs = append(evs, fmt.Sprintf(`{"order_id": %q, "customer_id": %d, "ts": %d, "type": "purchase", "amount": %d}`,
			id, 1+(b+i)%6, asOf.Unix()-int64(3600*(1+i)), 1+i%7))
	}
	return ids, `{"events": [` + strings.Join(evs, ",") + `]}`
}
