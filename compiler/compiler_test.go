package compiler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

const schema = `
entities customers key customer_id {
  first_seen time
  country string
  opt_in bool
  sessions int
  clicks int
  score float?
}
table extra key customer_id { country string  ltv float }
events events key customer_id time ts id event_id {
  type string
  amount float?
}
`

// mustCompile compiles schema + src and fails on any error.
func mustCompile(t *testing.T, src string) *plan.Plan {
	t.Helper()
	m, _ := compileText(t, "t.seg", schema+src)
	p, ds := Compile(m, builtins.Default())
	if ds.HasErrors() {
		t.Fatalf("compile errors:\n%s", render(ds))
	}
	return p
}

func TestFeatureTypes(t *testing.T) {
	tests := []struct{ expr, typ, text string }{
		{"sessions + 1", "int", "sessions + 1"},
		{"sessions + 1.5", "float", "float(sessions) + 1.5"},
		{"clicks / 2", "float", "float(clicks) / 2.0"},
		{"clicks / sessions", "float?", "float(clicks) / float(sessions)"},
		{"clicks % 2", "int", "clicks % 2"},
		{"score ?? 0", "float", "score ?? 0.0"},
		{"score ?? sessions", "float", "score ?? float(sessions)"},
		{"score > 3", "bool?", "score > 3.0"},
		{"-score", "float?", "-score"},
		{"ltv", "float?", "ltv"},
		{"extra.country", "string?", "extra.country"},
		{"customers.country == \"FR\"", "bool", "customers.country == \"FR\""},
		{"first_seen + 30d", "time", "first_seen + 30d"},
		{"first_seen - first_seen", "duration", "first_seen - first_seen"},
		{"sessions in [1, 2.5]", "bool", "float(sessions) in [1.0, 2.5]"},
		{"not opt_in or score > 1", "bool?", "not opt_in or score > 1.0"},
		{"days_since(first_seen)", "float", "days_since(first_seen)"},
		{"max(sessions, 1.5)", "float", "max(float(sessions), 1.5)"},
		{"max(sessions, clicks)", "int", "max(sessions, clicks)"},
		{"count(events)", "int", "$a0"},
		{"sum(events.amount within 30d)", "float?", "$a0"},
		{"last(events.ts)", "time?", "$a0"},
		{"count_distinct(events.type)", "int", "$a0"},
		{"median(sessions)", "float?", "$t0"},
		{"zscore(score)", "float?", "(score - $t0) / $t1"},
		{"matches(customers.country, \"^F\")", "bool", "matches(customers.country, \"^F\")"},
		{"round(score, 2)", "float?", "round(score, 2)"},
	}
	for _, tt := range tests {
		p := mustCompile(t, "feature f = "+tt.expr+"\n")
		f := p.Features[0]
		if f.Type.String() != tt.typ || plan.FormatExpr(f.Value) != tt.text {
			t.Errorf("%s: got %s = %s, want %s = %s", tt.expr, f.Type, plan.FormatExpr(f.Value), tt.typ, tt.text)
		}
	}
}

func TestHoistDeduplicates(t *testing.T) {
	p := mustCompile(t, `
feature a = count(events where type == "purchase" within 30d)
feature b = count(events where type == "purchase" within 30d) + 1
feature c = count(events where type == "purchase" within 31d)
segment s1 { where sessions >= percentile(sessions, 90) }
segment s2 { where sessions >= percentile(sessions, 90) and zscore(sessions) > 1 }
segment s3 { where zscore(sessions) < -1 }
`)
	if len(p.Aggregates) != 2 {
		t.Errorf("got %d aggregates, want 2", len(p.Aggregates))
	}
	if len(p.Thresholds) != 3 {
		t.Fatalf("got %d thresholds, want 3 (p90, mean, stddev)", len(p.Thresholds))
	}
	if th := p.Thresholds[0]; th.Owner != "s1" || th.Population != -1 || th.Text != "percentile(sessions, 90)" || th.P != 90 {
		t.Errorf("threshold 0 = %+v", th)
	}
	if p.Thresholds[1].Kind != plan.Mean || p.Thresholds[2].Kind != plan.StdDev {
		t.Errorf("zscore thresholds are %s, %s", p.Thresholds[1].Kind, p.Thresholds[2].Kind)
	}
}

func TestNestedPopulation(t *testing.T) {
	p := mustCompile(t, `
segment b.c { where sessions > median(sessions) require score > median(score) }
segment b { where opt_in }
`)
	var pops []int
	for _, th := range p.Thresholds {
		pops = append(pops, th.Population)
	}
	// b.c is declared first (index 0) and b second (index 1).
	if !reflect.DeepEqual(pops, []int{1, -1}) || p.Segments[0].Parent != 1 {
		t.Errorf("populations %v, parent %d; want [1 -1], 1", pops, p.Segments[0].Parent)
	}
	// The require threshold needs nothing and is declared first; the where
	// threshold waits for its population b.
	want := []plan.Step{{Kind: plan.ComputeThreshold, Index: 1}, {Kind: plan.ComputeSegment, Index: 1},
		{Kind: plan.ComputeThreshold, Index: 0}, {Kind: plan.ComputeSegment, Index: 0}}
	if !reflect.DeepEqual(p.Steps, want) {
		t.Errorf("steps %v, want %v", p.Steps, want)
	}
}

func TestOrderFollowsDependencies(t *testing.T) {
	p := mustCompile(t, `
segment late { where b > 1 and early }
feature b = a + 1
feature a = sessions
segment early { where a > 0 }
`)
	var got []string
	for _, s := range p.Steps {
		switch s.Kind {
		case plan.ComputeFeature:
			got = append(got, p.Features[s.Index].Name)
		case plan.ComputeSegment:
			got = append(got, p.Segments[s.Index].Name)
		}
	}
	if want := []string{"a", "b", "early", "late"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestColumnsAndKeys(t *testing.T) {
	p := mustCompile(t, "segment s { where ltv > 1 and extra.country == customers.country }\n")
	var used []string
	for i, c := range p.Columns {
		if c.Index != i || !c.Used {
			t.Errorf("column %s has index %d used %v at %d", c.Name, c.Index, c.Used, i)
		}
		used = append(used, c.Table+"."+c.Name)
	}
	if want := []string{"customers.country", "extra.country", "extra.ltv"}; !reflect.DeepEqual(used, want) {
		t.Errorf("used columns %v, want %v", used, want)
	}
	if p.Entities.Columns[0].Index != -1 || p.Logs[0].Columns[2].Name != "ts" || p.KeyType.String() != "int" {
		t.Errorf("unused column index %d, log columns %v, key %s", p.Entities.Columns[0].Index, p.Logs[0].Columns, p.KeyType)
	}
	m, _ := compileText(t, "k.seg", "entities c key id { n int }\nevents e key id time t { id string }\nfeature f = n\n")
	p2, ds := Compile(m, builtins.Default())
	if ds.HasErrors() || p2.KeyType.String() != "string" {
		t.Errorf("key type %v (errors %v), want string from the event log's listed key", p2, ds)
	}
}

func TestAmbiguousColumn(t *testing.T) {
	m, _ := compileText(t, "t.seg", schema+"segment s { where country == \"FR\" }\n")
	_, ds := Compile(m, builtins.Default())
	if len(ds) != 1 || ds[0].Code != diag.UndefinedName || !strings.Contains(ds[0].Message, "write customers.country or extra.country") {
		t.Errorf("got %v", ds)
	}
}

func TestStopAfter(t *testing.T) {
	src := schema + "feature f = unknown_thing\nfeature g = customers.country + 1\n"
	want := map[string][]diag.Code{
		"collect":   nil,
		"resolve":   {diag.UndefinedName},
		"typecheck": {diag.UndefinedName, diag.TypeMismatch},
		"plan":      {diag.UndefinedName, diag.TypeMismatch},
	}
	if got := Stages(); !reflect.DeepEqual(got, []string{"collect", "resolve", "typecheck", "hoist", "order", "destinations", "plan", "lint"}) {
		t.Errorf("Stages() = %v", got)
	}
	for stage, codes := range want {
		m, _ := compileText(t, "t.seg", src)
		p, ds := CompileWith(m, builtins.Default(), Options{StopAfter: stage})
		var got []diag.Code
		for _, d := range ds {
			got = append(got, d.Code)
		}
		if !reflect.DeepEqual(got, codes) || p != nil {
			t.Errorf("stop after %s: codes %v plan %v, want %v and no plan", stage, got, p != nil, codes)
		}
	}
}

func TestHashIgnoresLayout(t *testing.T) {
	a := mustCompile(t, "feature f = sessions + 1\nsegment s { where f > 2 }\n")
	b := mustCompile(t, "\n\n# a comment\nfeature   f =   sessions+1\n\nsegment s {\n  where f > 2\n}\n")
	c := mustCompile(t, "feature f = sessions + 2\nsegment s { where f > 2 }\n")
	if a.Hash != b.Hash || a.Hash == c.Hash || len(a.Hash) != 64 {
		t.Errorf("hashes: a %s, b %s (same layout-free meaning), c %s (different)", a.Hash, b.Hash, c.Hash)
	}
}

func TestPlanJSON(t *testing.T) {
	p := mustCompile(t, "feature f = sum(events.amount where type == \"x\") ?? 0\n")
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Hash     string
		Features []struct {
			Value map[string]any
			Loc   string
		}
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	v := out.Features[0].Value
	if out.Hash != p.Hash || v["expr"] != "binary" || v["op"] != "??" || out.Features[0].Loc == "" {
		t.Errorf("JSON feature = %v (hash %q)", out.Features[0], out.Hash)
	}
	if strings.Contains(string(p.CanonicalJSON()), "t.seg") {
		t.Error("canonical JSON holds source locations")
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := write("a.seg", "entities c key id { n int }\n")
	b := write("b.seg", "feature f = n +\n")
	c := write("c_test.seg", "this is not parsed")
	m, ds, err := LoadFiles([]string{a, b, c})
	if err != nil || len(m.Files) != 2 || len(ds) != 1 || ds[0].File.Name != b {
		t.Errorf("LoadFiles: %d files, diags %v, err %v", len(m.Files), ds, err)
	}
	if _, _, err := LoadFiles([]string{filepath.Join(dir, "missing.seg")}); err == nil {
		t.Error("LoadFiles of a missing file gave no error")
	}
}
