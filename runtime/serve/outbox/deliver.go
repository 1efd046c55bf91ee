package outbox

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/segc/segc/runtime/store"
)

// Row is one pending outbox row.
type Row struct {
	ID       int64
	Segment  string
	EntityID any // int64 or string, as stored
	Change   string
	At       string // store.TimeLayout, UTC
	RunID    int64
	Key      string // idempotency key
	Attempts int    // failed attempts so far
}

// Body is the JSON a destination receives.
type Body struct {
	ID       string `json:"id"` // the idempotency key
	Segment  string `json:"segment"`
	EntityID any    `json:"entity_id"`
	Change   string `json:"change"` // enter or exit
	At       string `json:"at"`     // RFC 3339, UTC: the run's as-of
	RunID    int64  `json:"run_id"`
}

// Headers a destination receives besides Content-Type.
const (
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderSignature      = "Segc-Signature" // sha256=<hex HMAC-SHA256(secret, body)>
	HeaderAttempt        = "Segc-Attempt"   // 1 for the first attempt
)

// body renders r as the JSON body.
func (r Row) body() ([]byte, error) {
	at := r.At
	if t, err := time.Parse(store.TimeLayout, r.At); err == nil {
		at = t.UTC().Format(time.RFC3339)
	}
	return json.Marshal(Body{ID: r.Key, Segment: r.Segment, EntityID: r.EntityID, Change: r.Change, At: at, RunID: r.RunID})
}

// Sign is the Segc-Signature value of body under secret.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// deliver posts r to d once; nil means a 2xx answer.
func deliver(ctx context.Context, client *http.Client, d Destination, r Row) error {
	body, err := r.body()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "segc-webhooks")
	req.Header.Set(HeaderIdempotencyKey, r.Key)
	req.Header.Set(HeaderAttempt, fmt.Sprint(r.Attempts+1))
	if len(d.Secret) > 0 {
		req.Header.Set(HeaderSignature, Sign(d.Secret, body))
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(snippet)))
	}
	return nil
}

// NewClient is the HTTP client deliveries use by default: it does not
// follow redirects (a 3xx is a failed attempt).
func NewClient() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
