package plan

import (
	"fmt"
	"strings"
)

// Destination is a `destination` declaration: a webhook that receives the
// enter and exit changes of the segments its Segments name or match.
// segc serve delivers them; batch commands ignore destinations. Every
// setting is filled (the compiler applies the defaults below), so two
// plans with the same destinations hash alike however they spell them.
type Destination struct {
	Name string
	URL  string
	// Segments are stored segment names and globs (`*` any text, `?` one
	// character, as SQLite's GLOB), as declared.
	Segments []string
	// SecretEnv names the environment variable that holds the signing
	// secret, read when serve activates the plan; "" sends unsigned.
	SecretEnv   string
	MaxAttempts int
	Timeout     int64 // seconds, per request
	Backoff     int64 // seconds after the first failure; doubles each time
	MaxBackoff  int64 // seconds, the cap on the delay
	Concurrency int
	Baseline    bool
	Loc         Loc
}

// Defaults and limits of destination settings, shared with serve's
// --webhooks file.
const (
	DefaultDestMaxAttempts = 10
	DefaultDestTimeout     = 10      // seconds
	DefaultDestBackoff     = 1       // seconds
	DefaultDestMaxBackoff  = 10 * 60 // seconds
	DefaultDestConcurrency = 4

	MaxDestAttempts    = 1000
	MaxDestConcurrency = 64
	MaxDestTimeout     = 5 * 60       // seconds
	MaxDestBackoff     = 60 * 60      // seconds
	MaxDestMaxBackoff  = 24 * 60 * 60 // seconds
)

// jsonDestination is a destination in the plan's JSON.
type jsonDestination struct {
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Segments    []string `json:"segments"`
	SecretEnv   string   `json:"secret_env,omitempty"`
	MaxAttempts int      `json:"max_attempts"`
	Timeout     int64    `json:"timeout"`
	Backoff     int64    `json:"backoff"`
	MaxBackoff  int64    `json:"max_backoff"`
	Concurrency int      `json:"concurrency"`
	Baseline    bool     `json:"baseline"`
	Loc         string   `json:"loc,omitempty"`
}

// fillDestinations adds the destinations.
func (e jsonEnc) fillDestinations(p *Plan, out *jsonPlan) {
	for _, d := range p.Destinations {
		out.Destinations = append(out.Destinations, jsonDestination{Name: d.Name, URL: d.URL, Segments: d.Segments,
			SecretEnv: d.SecretEnv, MaxAttempts: d.MaxAttempts, Timeout: d.Timeout, Backoff: d.Backoff,
			MaxBackoff: d.MaxBackoff, Concurrency: d.Concurrency, Baseline: d.Baseline, Loc: e.loc(d.Loc)})
	}
}

// destinations writes the destinations section of plan text.
func (t *textWriter) destinations(p *Plan) {
	if len(p.Destinations) == 0 {
		return
	}
	t.line("")
	t.line("destinations")
	for _, d := range p.Destinations {
		t.located(d.Loc, "  destination %s -> %s", d.Name, d.URL)
		t.line("    segments %s", strings.Join(d.Segments, ", "))
		t.line("    %s", destinationSettings(d))
	}
}

// destinationSettings is the settings line of plan text.
func destinationSettings(d *Destination) string {
	secret := "unsigned"
	if d.SecretEnv != "" {
		secret = "secret_env " + d.SecretEnv
	}
	return fmt.Sprintf("%s, max_attempts %d, timeout %s, backoff %s, max_backoff %s, concurrency %d, baseline %t",
		secret, d.MaxAttempts, FormatDuration(d.Timeout), FormatDuration(d.Backoff), FormatDuration(d.MaxBackoff), d.Concurrency, d.Baseline)
}

// PIIColumns lists the table's columns declared pii, key first when it
// is one of them, in declaration order.
func (t *Table) PIIColumns() []string {
	var out []string
	if t.KeyPII {
		out = append(out, t.Key)
	}
	for _, c := range t.Columns {
		if c.PII {
			out = append(out, c.Name)
		}
	}
	return out
}
