package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/compiler/plan"
)

func TestFromPlan(t *testing.T) {
	p := &plan.Plan{Destinations: []*plan.Destination{
		{Name: "crm", URL: "https://crm.example/h", Segments: []string{"vip", "rfm.*"}, SecretEnv: "CRM_SECRET",
			MaxAttempts: 3, Timeout: 20, Backoff: 2, MaxBackoff: 60, Concurrency: 2, Baseline: true},
		{Name: "ads", URL: "http://127.0.0.1:9/x", Segments: []string{"*"}, MaxAttempts: 10, Timeout: 10, Backoff: 1, MaxBackoff: 600, Concurrency: 4},
	}}
	env := map[string]string{"CRM_SECRET": "s3cret"}
	got, err := FromPlan(p, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	crm, ads := got[0], got[1]
	if string(crm.Secret) != "s3cret" || crm.Timeout != 20*time.Second || crm.Backoff != 2*time.Second ||
		crm.MaxBackoff != time.Minute || crm.MaxAttempts != 3 || crm.Concurrency != 2 || !crm.Baseline || len(crm.Segments) != 2 {
		t.Errorf("crm = %+v", crm)
	}
	if ads.Secret != nil || ads.Timeout != DefaultTimeout || ads.MaxBackoff != DefaultMaxBackoff {
		t.Errorf("ads = %+v", ads)
	}
	delete(env, "CRM_SECRET")
	if _, err := FromPlan(p, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "secret_env CRM_SECRET is not set") {
		t.Errorf("unset secret_env: err = %v", err)
	}
}

func TestMerge(t *testing.T) {
	file := []Destination{{Name: "crm", Where: "hooks.json:2:3"}}
	all, err := Merge(file, []Destination{{Name: "ads", Where: "m/a.seg:1:1"}})
	if err != nil || len(all) != 2 || all[0].Name != "crm" || all[1].Name != "ads" {
		t.Errorf("Merge = %v, %v", all, err)
	}
	_, err = Merge(file, []Destination{{Name: "crm", Where: "m/a.seg:4:1"}})
	if err == nil || !strings.Contains(err.Error(), `"crm" is declared both in the webhook file (hooks.json:2:3) and in the module (m/a.seg:4:1)`) {
		t.Errorf("collision: err = %v", err)
	}
}
