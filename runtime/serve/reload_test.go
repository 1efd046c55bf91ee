package serve

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const deBuyers = `segment de_buyers { where country == "DE" and spend_30d > 0 }
`

// segmentNames lists the served segments.
func (f *fixture) segmentNames() []string {
	var names []string
	for _, s := range f.get("/v1/segments", 200)["segments"].([]any) {
		names = append(names, s.(map[string]any)["name"].(string))
	}
	return names
}

func (f *fixture) metricsText() string {
	resp, err := f.http.Client().Get(f.http.URL + "/metrics")
	must(f.t, err)
	defer resp.Body.Close()
	return mustRead(f.t, resp)
}

// TestReloadWatch edits the module on disk: good saves take effect,
// broken ones (syntax, schema) keep the last good plan serving with the
// error in /healthz and /metrics, and the next good save recovers.
func TestReloadWatch(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Watch = true })
	start := f.srv.Health().PlanHash

	f.saveAtomically("extra.seg", deBuyers)
	f.waitFor("de_buyers to be served", func() bool { return slices.Contains(f.segmentNames(), "de_buyers") })
	good := f.srv.Health().PlanHash
	if good == start {
		t.Fatal("the plan hash did not change")
	}
	if got := segmentsOf(f.get("/v1/entities/4", 200)); !slices.Equal(got, []string{"de_buyers", "top_spenders"}) {
		t.Errorf("entity 4 after reload: %v", got)
	}

	broken := []struct{ name, file, text, errText string }{
		{"syntax error, written in place", "extra.seg", "segment de_buyers { where country == }\n", "extra.seg:1:"},
		{"unknown name, saved atomically", "extra.seg", "segment de_buyers { where contry == \"DE\" }\n", "contry"},
		{"schema mismatch", "data.seg", strings.Replace(dataSeg, "email_opt_in  bool", "email_opt_in  bool\n  vip bool", 1), "vip"},
	}
	for i, b := range broken {
		if i == 0 {
			f.write(b.file, b.text)
		} else {
			f.saveAtomically(b.file, b.text)
		}
		f.waitFor(b.name+" to be reported", func() bool {
			h := f.srv.Health()
			return !h.LastReload.OK && strings.Contains(h.LastReload.Error, b.errText)
		})
		h := f.get("/healthz", 200)
		if h["plan_hash"] != good || h["status"] != "degraded" {
			t.Errorf("%s: healthz %v, want the last good plan %s, degraded", b.name, h, good)
		}
		if got := segmentsOf(f.get("/v1/entities/4", 200)); !slices.Contains(got, "de_buyers") {
			t.Errorf("%s: the last good plan stopped serving: %v", b.name, got)
		}
		m := f.metricsText()
		if !strings.Contains(m, "segc_serve_reload_failing 1") || !strings.Contains(m, "segc_serve_last_error_info{error=") {
			t.Errorf("%s: /metrics does not show the failing reload", b.name)
		}
		restore := map[string]string{"extra.seg": deBuyers, "data.seg": dataSeg}[b.file]
		f.saveAtomically(b.file, restore)
		f.waitFor("recovery from "+b.name, func() bool { return f.srv.Health().LastReload.OK })
		if h := f.srv.Health().PlanHash; h != good {
			t.Errorf("after restoring %s the plan is %s, want %s", b.file, h, good)
		}
	}

	f.saveAtomically("extra.seg", strings.Replace(deBuyers, "de_buyers", "de_customers", 1))
	f.waitFor("recovery", func() bool {
		h := f.srv.Health()
		return h.LastReload.OK && slices.Contains(f.segmentNames(), "de_customers")
	})
	if slices.Contains(f.segmentNames(), "de_buyers") {
		t.Error("the renamed segment is still served")
	}
	if !strings.Contains(f.metricsText(), "segc_serve_reload_failing 0") {
		t.Error("/metrics still shows a failing reload after recovery")
	}

	must(t, os.Remove(filepath.Join(f.dir, "extra.seg")))
	f.waitFor("the removed file's segment to go", func() bool { return !slices.Contains(f.segmentNames(), "de_customers") })
	if h := f.srv.Health().PlanHash; h != start {
		t.Errorf("after removing extra.seg the plan is %s, want the starting plan %s", h, start)
	}
}

// TestReloadAPI reloads through POST /v1/reload.
func TestReloadAPI(t *testing.T) {
	f := newFixture(t, nil)
	start := f.srv.Health().PlanHash
	code, body := f.do("POST", "/v1/reload", testToken, nil)
	if code != 200 || body["result"] != "unchanged" {
		t.Errorf("unchanged reload: %d %v", code, body)
	}
	f.write("extra.seg", "segment broken { where }\n")
	code, body = f.do("POST", "/v1/reload", testToken, nil)
	if code != 422 || body["result"] != "error" || !strings.Contains(body["error"].(string), "extra.seg:1:") || body["plan_hash"] != start {
		t.Errorf("broken reload: %d %v", code, body)
	}
	f.write("extra.seg", deBuyers)
	code, body = f.do("POST", "/v1/reload", testToken, nil)
	if code != 200 || body["result"] != "ok" || body["plan_hash"] == start {
		t.Errorf("good reload: %d %v", code, body)
	}
	if !slices.Contains(f.segmentNames(), "de_buyers") {
		t.Error("the reloaded segment is not served")
	}
}
