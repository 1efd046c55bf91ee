package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// workload makes one request per call.
type workload struct {
	o      options
	client *http.Client
	base   string
	token  string
	parts  []string // the event template split around $KEY, $ID and $NOW
	nextID atomic.Int64
}

// splitTemplate splits an event template into literal parts and the
// placeholders $KEY, $ID and $NOW.
func splitTemplate(t string) []string {
	var parts []string
	for t != "" {
		i := strings.IndexByte(t, '$')
		if i < 0 {
			return append(parts, t)
		}
		ph := ""
		for _, p := range []string{"$KEY", "$ID", "$NOW"} {
			if strings.HasPrefix(t[i:], p) {
				ph = p
			}
		}
		if ph == "" {
			parts = append(parts, t[:i+1])
			t = t[i+1:]
			continue
		}
		parts = append(parts, t[:i], ph)
		t = t[i+len(ph):]
	}
	return parts
}

func newWorkload(o options) (*workload, error) {
	if o.mode != "lookups" && o.mode != "ingest" {
		return nil, fmt.Errorf("--mode %q: use lookups or ingest", o.mode)
	}
	token, err := readToken(o.tokenFile)
	if err != nil {
		return nil, err
	}
	if o.mode == "ingest" && token == "" {
		return nil, fmt.Errorf("--mode ingest needs --token-file")
	}
	w := &workload{o: o, client: newClient(o.concurrency), base: "http://" + o.addr, token: token, parts: splitTemplate(o.event)}
	w.nextID.Store(time.Now().UnixMicro() * 1000) // unique across runs
	return w, nil
}

// key renders a random entity key as JSON/path text.
func (w *workload) key(rng *rand.Rand, quoted bool) string {
	n := strconv.Itoa(1 + rng.IntN(w.o.keys))
	if w.o.keyPrefix == "" {
		return n
	}
	if quoted {
		return strconv.Quote(w.o.keyPrefix + n)
	}
	return w.o.keyPrefix + n
}

// do sends one request and returns the number of items it carried (1
// lookup or a batch of events). rc, when set, is the worker's raw
// connection; otherwise net/http's client is used.
func (w *workload) do(ctx context.Context, rng *rand.Rand, rc *rawConn) (int, error) {
	method, path, n, body := "GET", "/v1/entities/"+w.key(rng, false), 1, []byte(nil)
	if w.o.mode == "ingest" {
		method, path, n, body = "POST", "/v1/events", w.o.batch, w.batchBody(rng)
	}
	if rc == nil {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		return n, w.send(ctx, method, path, rd)
	}
	token := ""
	if method == "POST" {
		token = w.token
	}
	status, msg, err := rc.do(ctx, method, path, token, body)
	return n, w.check(method, path, status, msg, err)
}

// check turns a response into an error unless it is a 200 (or a 404 for a
// lookup of a key outside the population).
func (w *workload) check(method, path string, status int, msg []byte, err error) error {
	if err != nil || status == 200 || (status == 404 && method == "GET") {
		return err
	}
	return fmt.Errorf("%s %s: %d %s", method, path, status, bytes.TrimSpace(msg))
}

// batchBody fills the template --batch times.
func (w *workload) batchBody(rng *rand.Rand) []byte {
	var b bytes.Buffer
	b.WriteString(`{`)
	if w.o.log != "" {
		fmt.Fprintf(&b, `"log": %q, `, w.o.log)
	}
	b.WriteString(`"events": [`)
	now := strconv.FormatInt(time.Now().Unix(), 10)
	for i := range w.o.batch {
		if i > 0 {
			b.WriteByte(',')
		}
		for _, part := range w.parts {
			switch part {
			case "$KEY":
				b.WriteString(w.key(rng, true))
			case "$ID":
				b.WriteString(strconv.FormatInt(w.nextID.Add(1), 10))
			case "$NOW":
				b.WriteString(now)
			default:
				b.WriteString(part)
			}
		}
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// send makes the request; any status but 200 (and 404 for a lookup of a
// key outside the population) is an error.
func (w *workload) send(ctx context.Context, method, path string, body io.Reader) error {
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, body)
	if err != nil {
		return err
	}
	if w.token != "" && method == "POST" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return w.check(method, path, resp.StatusCode, msg, nil)
}
