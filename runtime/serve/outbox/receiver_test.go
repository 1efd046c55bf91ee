package outbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// flakyReceiver is a webhook endpoint that fails half of its requests,
// deterministically: every even-numbered request answers 500, and every
// fifth hangs until the client gives up. It keeps the first successful
// receipt of each idempotency key, in arrival order, and counts
// duplicates.
type flakyReceiver struct {
	t      *testing.T
	secret []byte
	srv    *httptest.Server

	mu        sync.Mutex
	requests  int
	seen      map[string]bool
	received  []Body
	dups      int
	badHeader []string
	down      bool // every request fails while set
}

func newFlakyReceiver(t *testing.T, secret []byte) *flakyReceiver {
	r := &flakyReceiver{t: t, secret: secret, seen: map[string]bool{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *flakyReceiver) serve(w http.ResponseWriter, req *http.Request) {
	raw, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests++
	n, down := r.requests, r.down
	r.mu.Unlock()
	switch {
	case down || n%2 == 0:
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	case n%5 == 0:
		<-req.Context().Done() // hang until the client times out
		return
	}
	var b Body
	if err := json.Unmarshal(raw, &b); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.check(req, raw, b)
	r.accept(b)
}

// check notes requests whose headers do not match the body.
func (r *flakyReceiver) check(req *http.Request, raw []byte, b Body) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.Header.Get(HeaderIdempotencyKey) != b.ID {
		r.badHeader = append(r.badHeader, "Idempotency-Key "+req.Header.Get(HeaderIdempotencyKey)+" for body id "+b.ID)
	}
	if r.secret != nil && req.Header.Get(HeaderSignature) != Sign(r.secret, raw) {
		r.badHeader = append(r.badHeader, "bad signature for "+b.ID)
	}
}

func (r *flakyReceiver) accept(b Body) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[b.ID] {
		r.dups++
		return
	}
	r.seen[b.ID] = true
	r.received = append(r.received, b)
}

func (r *flakyReceiver) setDown(down bool) {
	r.mu.Lock()
	r.down = down
	r.mu.Unlock()
}

// snapshot returns the deduplicated receipts.
func (r *flakyReceiver) snapshot() ([]Body, int, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Body(nil), r.received...), r.requests, append([]string(nil), r.badHeader...)
}
