package outbox

import (
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	t.Setenv("SEGC_TEST_SECRET", "s3cret")
	dests, err := Parse("hooks.json", []byte(`{"destinations": [
  {"name": "crm", "url": "https://crm.example/hook", "segments": ["rfm.*", "vip"], "secret_env": "SEGC_TEST_SECRET"},
  {"name": "ads", "url": "http://127.0.0.1:9/x", "segments": ["*"], "max_attempts": 3, "timeout": "250ms",
   "backoff": "10ms", "max_backoff": "1s", "concurrency": 2, "baseline": true}
]}`))
	if err != nil {
		t.Fatal(err)
	}
	crm, ads := dests[0], dests[1]
	if string(crm.Secret) != "s3cret" || crm.MaxAttempts != DefaultMaxAttempts || crm.Timeout != DefaultTimeout ||
		crm.Backoff != DefaultBackoff || crm.MaxBackoff != DefaultMaxBackoff || crm.Concurrency != DefaultConcurrency || crm.Baseline {
		t.Errorf("crm = %+v, want defaults and the secret", crm)
	}
	if ads.MaxAttempts != 3 || ads.Timeout != 250*time.Millisecond || ads.Backoff != 10*time.Millisecond ||
		ads.MaxBackoff != time.Second || ads.Concurrency != 2 || !ads.Baseline || ads.Where != "hooks.json:3:3" {
		t.Errorf("ads = %+v", ads)
	}
}

func TestParseErrors(t *testing.T) {
	const ok = `"name": "crm", "url": "https://x.example/h", "segments": ["vip"]`
	tests := []struct{ name, text, want string }{
		{"not json", `{"destinations": [}`, "hooks.json:1:19: invalid character"},
		{"empty", `{"destinations": []}`, "no destinations"},
		{"unknown top field", "{\n  \"hooks\": []}", `hooks.json:2:3: unknown field hooks`},
		{"not an object", `[]`, `hooks.json:1:1: expected "{"`},
		{"truncated", `{"destinations": [{` + ok + `}`, "ends early"},
		{"unknown field", "{\"destinations\": [\n {" + ok + `, "retries": 3}]}`, `hooks.json:2:69: json: unknown field "retries"`},
		{"bad type", "{\"destinations\": [\n {" + ok + `, "max_attempts": "3"}]}`, `hooks.json:2:`},
		{"bad name", `{"destinations": [{"name": "a b", "url": "https://x.example", "segments": ["v"]}]}`, `destination name "a b"`},
		{"bad url", `{"destinations": [{"name": "a", "url": "ftp://x", "segments": ["v"]}]}`, `url "ftp://x": give an absolute http:// or https:// URL`},
		{"credentials", `{"destinations": [{"name": "a", "url": "https://u:p@x.example", "segments": ["v"]}]}`, "do not put credentials"},
		{"no segments", `{"destinations": [{"name": "a", "url": "https://x.example"}]}`, `"segments" is empty`},
		{"bad glob", `{"destinations": [{"name": "a", "url": "https://x.example", "segments": ["rfm.[ab]"]}]}`, `segment "rfm.[ab]"`},
		{"two secrets", "{\"destinations\": [{" + ok + `, "secret": "a", "secret_env": "B"}]}`, "not both"},
		{"unset env", "{\"destinations\": [{" + ok + `, "secret_env": "SEGC_TEST_UNSET_VAR"}]}`, "SEGC_TEST_UNSET_VAR is not set"},
		{"attempts", "{\"destinations\": [{" + ok + `, "max_attempts": 0}]}`, "max_attempts 0: use 1 to 1000"},
		{"timeout", "{\"destinations\": [{" + ok + `, "timeout": "soon"}]}`, `timeout "soon"`},
		{"backoffs", "{\"destinations\": [{" + ok + `, "backoff": "1m", "max_backoff": "1s"}]}`, "shorter than backoff"},
		{"duplicate", "{\"destinations\": [{" + ok + "},\n {" + ok + "}]}", `hooks.json:2:2: destination "crm" is declared twice (first at hooks.json:1:19)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("hooks.json", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(t.TempDir() + "/none.json")
	if err == nil || !strings.Contains(err.Error(), "cannot read webhook configuration") {
		t.Errorf("LoadFile = %v", err)
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	j := newJitter(1)
	for attempts, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 20: time.Second} {
		d := j.backoff(attempts, 100*time.Millisecond, time.Second)
		if d < want/2 || d > want {
			t.Errorf("backoff(%d) = %v, want in [%v, %v]", attempts, d, want/2, want)
		}
	}
	a, b := newJitter(7), newJitter(7)
	if a.backoff(3, time.Second, time.Hour) != b.backoff(3, time.Second, time.Hour) {
		t.Error("the same seed gave different backoffs")
	}
}
