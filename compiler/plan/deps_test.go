package plan_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
)

// depsModule has steps that read one log, the other, both, the entity
// row alone, and the instant alone, nested segments, a percentile and a
// lifecycle reading another segment's log.
const depsModule = `entities customers key customer_id {
  country    string
  first_seen time
}
events purchases key customer_id time ts {
  amount float
}
events views key customer_id time ts {
  page string
}
feature spend = sum(purchases.amount within 30d)
feature seen = count(views)
feature fresh = days_since(first_seen)
segment fr { where country == "FR" }
segment fr.big { where spend > 100 }
segment viewers { where seen > 3 and fr }
segment recent { where fresh < 7 }
segment top { where spend >= percentile(spend, 90, by country) }
segment vt { where then(views where page == "cart", purchases, 1d) }
lifecycle stage {
  initial new
  new -> active when viewers
}
`

// TestDeps checks, by step name, the steps each event log dirties, the
// as-of-dependent steps and what a dirty step needs computed.
func TestDeps(t *testing.T) {
	p := compileDeps(t, depsModule)
	d := plan.NewDeps(p)
	names := func(idx []int) []string {
		out := []string{}
		for _, i := range idx {
			out = append(out, stepName(p, p.Steps[i]))
		}
		slices.Sort(out)
		return out
	}
	marked := func(m []bool) []int {
		var out []int
		for i, x := range m {
			if x {
				out = append(out, i)
			}
		}
		return out
	}
	fr, _ := d.StepOf(plan.ComputeSegment, segIndex(p, "fr"))
	viewers, _ := d.StepOf(plan.ComputeSegment, segIndex(p, "viewers"))
	tests := []struct {
		name string
		got  []int
		want []string
	}{
		{"purchases", d.ByLog[0], []string{"feature spend", "segment fr.big", "segment top", "segment vt"}},
		{"views", d.ByLog[1], []string{"feature seen", "lifecycle stage", "segment viewers", "segment vt"}},
		{"as-of", d.AsOf, []string{"feature fresh", "feature seen", "feature spend", "lifecycle stage",
			"segment fr.big", "segment recent", "segment top", "segment viewers", "segment vt"}},
		{"reads of fr", d.Reads[fr], []string{}},
		{"needed for viewers", marked(d.Needed(oneStep(len(p.Steps), viewers))), []string{"feature seen", "segment fr", "segment viewers"}},
		{"needed for purchases", marked(d.Needed(d.Dirty([]int{0}, false))),
			[]string{"feature spend", "segment fr", "segment fr.big", "segment top", "segment vt", "threshold percentile(spend, 90, by country)"}},
		{"dirty for nothing", marked(d.Dirty(nil, false)), []string{}},
		{"users of fr", marked(d.Users(oneStep(len(p.Steps), fr))), []string{"lifecycle stage", "segment fr", "segment fr.big", "segment viewers"}},
	}
	for _, tt := range tests {
		if got := names(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if cols := d.Columns[fr]; len(cols) != 1 || p.Columns[cols[0]].Name != "country" {
		t.Errorf("columns of fr: %v", cols)
	}
}

// oneStep marks step i of n.
func oneStep(n, i int) []bool {
	out := make([]bool, n)
	out[i] = true
	return out
}

// stepName renders a step as "kind name".
func stepName(p *plan.Plan, s plan.Step) string {
	name := ""
	switch s.Kind {
	case plan.ComputeFeature:
		name = p.Features[s.Index].Name
	case plan.ComputeThreshold:
		name = p.Thresholds[s.Index].Text
	case plan.ComputeSegment:
		name = p.Segments[s.Index].Name
	case plan.ComputeLifecycle:
		name = p.Lifecycles[s.Index].Name
	case plan.ComputeTrigger:
		name = p.Triggers[s.Index].Name
	case plan.ComputeCluster:
		name = p.Clusters[s.Index].Name
	}
	return string(s.Kind) + " " + name
}

// segIndex finds a segment by name.
func segIndex(p *plan.Plan, name string) int {
	for _, s := range p.Segments {
		if s.Name == name {
			return s.Index
		}
	}
	return -1
}

// compileDeps compiles a one-file module.
func compileDeps(t *testing.T, src string) *plan.Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.seg")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags, err := compiler.LoadFiles([]string{path})
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if p == nil {
		t.Fatal(diags)
	}
	return p
}
