// Package outbox delivers segment enter/exit changes to webhooks through
// a durable outbox table (segc_outbox): rows are written in the same
// transaction as the membership change they report (Hook), and a Worker
// delivers them at least once, in order per entity, with retries,
// exponential backoff with jitter and an Idempotency-Key.
package outbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
)

// Destination is one webhook: where to post, which segments' changes,
// and how to retry.
type Destination struct {
	Name string
	URL  string
	// Segments are exact stored segment names or globs (`*` any text,
	// `?` one character), matched with SQLite GLOB: `rfm.*` matches
	// rfm.champions and rfm.champions.holdout.
	Segments []string
	// Secret, when set, signs each body: Segc-Signature: sha256=<hex
	// HMAC-SHA256(secret, body)>.
	Secret      []byte
	MaxAttempts int           // attempts before a change is given up
	Timeout     time.Duration // per request
	Backoff     time.Duration // delay after the first failure; doubles each time
	MaxBackoff  time.Duration // cap on the delay
	Concurrency int           // requests in flight (always distinct entities)
	// Baseline sends an enter for every member of a segment in the run
	// that first evaluates it; by default baselines send nothing.
	Baseline bool
	// Where is file:line:col of the declaration, for messages.
	Where string
}

// Defaults for fields a configuration leaves out: those of destination
// declarations (package plan), so the file and the .seg agree.
const (
	DefaultMaxAttempts = plan.DefaultDestMaxAttempts
	DefaultTimeout     = plan.DefaultDestTimeout * time.Second
	DefaultBackoff     = plan.DefaultDestBackoff * time.Second
	DefaultMaxBackoff  = plan.DefaultDestMaxBackoff * time.Second
	DefaultConcurrency = plan.DefaultDestConcurrency
)

// fileDestination is a destination as the JSON file spells it.
type fileDestination struct {
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Segments    []string `json:"segments"`
	Secret      string   `json:"secret"`
	SecretEnv   string   `json:"secret_env"`
	MaxAttempts *int     `json:"max_attempts"`
	Timeout     string   `json:"timeout"`
	Backoff     string   `json:"backoff"`
	MaxBackoff  string   `json:"max_backoff"`
	Concurrency *int     `json:"concurrency"`
	Baseline    bool     `json:"baseline"`
}

var (
	namePattern    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	segmentPattern = regexp.MustCompile(`^[\p{L}_*?][\p{L}\p{N}_.*?]*$`)
)

// LoadFile reads and validates a webhook configuration file (see Parse).
func LoadFile(path string) ([]Destination, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read webhook configuration %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse validates a webhook configuration:
//
//	{"destinations": [{"name": "crm", "url": "https://...", "segments": ["rfm.*"],
//	  "secret_env": "CRM_SECRET", "max_attempts": 10, "timeout": "10s",
//	  "backoff": "1s", "max_backoff": "10m", "concurrency": 4, "baseline": false}]}
//
// Errors name file:line:col. secret_env names an environment variable
// holding the secret, so the file need not hold it.
func Parse(file string, data []byte) ([]Destination, error) {
	p := &parser{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	raws, err := p.destinations()
	if err != nil {
		return nil, err
	}
	var out []Destination
	seen := map[string]string{}
	for _, r := range raws {
		d, err := p.destination(r)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[d.Name]; dup {
			return nil, fmt.Errorf("%s: destination %q is declared twice (first at %s); give each a distinct name", d.Where, d.Name, prev)
		}
		seen[d.Name] = d.Where
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no destinations; list at least one in \"destinations\"", file)
	}
	return out, nil
}

// rawDestination is one element of "destinations" and where it starts.
type rawDestination struct {
	text   json.RawMessage
	offset int64
}

type parser struct {
	file string
	data []byte
	dec  *json.Decoder
}

// at renders a byte offset as file:line:col.
func (p *parser) at(offset int64) string {
	line, col := 1, 1
	for _, c := range p.data[:min(int(offset), len(p.data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%s:%d:%d", p.file, line, col)
}

// fail wraps a JSON decoding error with its position.
func (p *parser) fail(base int64, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// A streaming decoder's offsets are approximate: whole-file
		// Unmarshal puts the offset just past the offending byte.
		var whole *json.SyntaxError
		var v any
		if errors.As(json.Unmarshal(p.data, &v), &whole) {
			return fmt.Errorf("%s: %v", p.at(max(whole.Offset-1, 0)), whole)
		}
		return fmt.Errorf("%s: %v", p.at(base+syn.Offset), syn)
	case errors.As(err, &typ):
		return fmt.Errorf("%s: %q must be a JSON %s, not %s", p.at(base+typ.Offset), typ.Field, jsonKind(typ.Type.String()), typ.Value)
	case errors.Is(err, errEOF):
		return fmt.Errorf("%s: the file ends early", p.at(int64(len(p.data))))
	}
	return fmt.Errorf("%s: %v", p.at(base+p.dec.InputOffset()), err)
}

var errEOF = errors.New("unexpected end")

func jsonKind(goType string) string {
	switch goType {
	case "string":
		return "string"
	case "int", "*int":
		return "integer"
	case "bool":
		return "boolean"
	case "[]string":
		return "array of strings"
	}
	return goType
}

// token reads the next token, which must be want (a delimiter) when set.
func (p *parser) token(want string) (json.Token, error) {
	start := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		if err.Error() == "EOF" {
			err = errEOF
		}
		return nil, p.fail(0, err)
	}
	if d, ok := tok.(json.Delim); want != "" && (!ok || d.String() != want) {
		return nil, fmt.Errorf("%s: expected %q here; the file holds {\"destinations\": [...]}", p.at(skipSpace(p.data, start)), want)
	}
	return tok, nil
}

// destinations walks {"destinations": [...]} and returns each element.
func (p *parser) destinations() ([]rawDestination, error) {
	if _, err := p.token("{"); err != nil {
		return nil, err
	}
	var out []rawDestination
	for p.dec.More() {
		keyAt := skipSpace(p.data, p.dec.InputOffset())
		key, err := p.token("")
		if err != nil {
			return nil, err
		}
		if key != "destinations" {
			return nil, fmt.Errorf("%s: unknown field %v; the file holds {\"destinations\": [...]}", p.at(keyAt), key)
		}
		if out, err = p.list(); err != nil {
			return nil, err
		}
	}
	if _, err := p.token("}"); err != nil {
		return nil, err
	}
	return out, nil
}

// list reads the destinations array.
func (p *parser) list() ([]rawDestination, error) {
	if _, err := p.token("["); err != nil {
		return nil, err
	}
	var out []rawDestination
	for p.dec.More() {
		r := rawDestination{offset: skipSpace(p.data, p.dec.InputOffset())}
		if err := p.dec.Decode(&r.text); err != nil {
			return nil, p.fail(0, err)
		}
		out = append(out, r)
	}
	_, err := p.token("]")
	return out, err
}

// skipSpace moves offset past whitespace, commas and colons.
func skipSpace(data []byte, offset int64) int64 {
	for offset < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n,:"), data[offset]) >= 0 {
		offset++
	}
	return offset
}

// destination decodes and validates one element.
func (p *parser) destination(r rawDestination) (Destination, error) {
	var f fileDestination
	dec := json.NewDecoder(bytes.NewReader(r.text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return Destination{}, p.fail(r.offset, err)
		}
		return Destination{}, fmt.Errorf("%s: %v (known fields: name, url, segments, secret, secret_env, max_attempts, timeout, backoff, max_backoff, concurrency, baseline)", p.at(r.offset+fieldOffset(r.text, err)), err)
	}
	d, err := resolve(f, p.at(r.offset))
	if err != nil {
		return Destination{}, fmt.Errorf("%s: %w", p.at(r.offset), err)
	}
	return d, nil
}

// resolve checks every field and fills defaults.
func resolve(f fileDestination, where string) (Destination, error) {
	d := Destination{Name: f.Name, URL: f.URL, Segments: f.Segments, Baseline: f.Baseline, Where: where}
	if !namePattern.MatchString(f.Name) {
		return d, fmt.Errorf("destination name %q: use 1 to 64 letters, digits, _ or -", f.Name)
	}
	if err := checkURL(f.URL); err != nil {
		return d, fmt.Errorf("destination %q: %w", f.Name, err)
	}
	if err := checkSegments(f.Segments); err != nil {
		return d, fmt.Errorf("destination %q: %w", f.Name, err)
	}
	secret, err := resolveSecret(f)
	if err != nil {
		return d, fmt.Errorf("destination %q: %w", f.Name, err)
	}
	d.Secret = secret
	if err := resolveNumbers(f, &d); err != nil {
		return d, fmt.Errorf("destination %q: %w", f.Name, err)
	}
	return d, nil
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q: give an absolute http:// or https:// URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("url %q: do not put credentials in the URL; use secret_env for a signing secret", u.Redacted())
	}
	return nil
}

func checkSegments(segs []string) error {
	if len(segs) == 0 {
		return errors.New(`"segments" is empty: list segment names or globs such as "rfm.*"`)
	}
	for _, s := range segs {
		if !segmentPattern.MatchString(s) {
			return fmt.Errorf("segment %q: give a segment name (parent.child) or a glob with * and ?", s)
		}
	}
	return nil
}

func resolveSecret(f fileDestination) ([]byte, error) {
	switch {
	case f.Secret != "" && f.SecretEnv != "":
		return nil, errors.New(`give "secret" or "secret_env", not both`)
	case f.SecretEnv != "":
		v := os.Getenv(f.SecretEnv)
		if v == "" {
			return nil, fmt.Errorf("secret_env %s is not set or empty; export it before starting serve", f.SecretEnv)
		}
		return []byte(v), nil
	case f.Secret != "":
		return []byte(f.Secret), nil
	}
	return nil, nil
}

// resolveNumbers fills the retry settings.
func resolveNumbers(f fileDestination, d *Destination) error {
	d.MaxAttempts, d.Concurrency = DefaultMaxAttempts, DefaultConcurrency
	if f.MaxAttempts != nil {
		if *f.MaxAttempts < 1 || *f.MaxAttempts > plan.MaxDestAttempts {
			return fmt.Errorf("max_attempts %d: use 1 to %d", *f.MaxAttempts, plan.MaxDestAttempts)
		}
		d.MaxAttempts = *f.MaxAttempts
	}
	if f.Concurrency != nil {
		if *f.Concurrency < 1 || *f.Concurrency > plan.MaxDestConcurrency {
			return fmt.Errorf("concurrency %d: use 1 to %d", *f.Concurrency, plan.MaxDestConcurrency)
		}
		d.Concurrency = *f.Concurrency
	}
	var err error
	if d.Timeout, err = duration("timeout", f.Timeout, DefaultTimeout, plan.MaxDestTimeout*time.Second); err != nil {
		return err
	}
	if d.Backoff, err = duration("backoff", f.Backoff, DefaultBackoff, plan.MaxDestBackoff*time.Second); err != nil {
		return err
	}
	if d.MaxBackoff, err = duration("max_backoff", f.MaxBackoff, DefaultMaxBackoff, plan.MaxDestMaxBackoff*time.Second); err != nil {
		return err
	}
	if d.MaxBackoff < d.Backoff {
		return fmt.Errorf("max_backoff %v is shorter than backoff %v", d.MaxBackoff, d.Backoff)
	}
	return nil
}

// duration parses a Go duration ("500ms", "10s") in (0, most].
func duration(field, text string, def, most time.Duration) (time.Duration, error) {
	if text == "" {
		return def, nil
	}
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 || d > most {
		return 0, fmt.Errorf("%s %q: give a positive duration up to %v, such as \"500ms\" or \"10s\"", field, text, most)
	}
	return d, nil
}

// fieldOffset finds the field an "unknown field" error names in text (0
// when it cannot).
func fieldOffset(text []byte, err error) int64 {
	name, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return 0
	}
	return int64(max(bytes.Index(text, []byte(name)), 0))
}
