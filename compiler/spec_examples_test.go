package compiler

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/source"
)

// specFence matches a fenced code block of spec.md.
var specFence = regexp.MustCompile("(?s)\n```[a-z]*\n(.*?)\n```")

// specDeclarationWords are the words that open a .seg declaration; a
// block of spec.md whose first line starts with one is a .seg example.
var specDeclarationWords = []string{"entities", "events", "table", "feature", "segment", "lifecycle", "trigger", "destination"}

// specExamples returns spec.md's .seg examples.
func specExamples(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("../spec.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range specFence.FindAllStringSubmatch(string(src), -1) {
		if opensDeclaration(m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// opensDeclaration reports whether a block's first line that is not a
// comment starts with a declaration word.
func opensDeclaration(block string) bool {
	for _, line := range strings.Split(block, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		// The keyword table of section 2 lists several on one line.
		return declarationWords(fields[:1]) == 1 && declarationWords(fields) == 1
	}
	return false
}

// declarationWords counts the declaration words among fields.
func declarationWords(fields []string) int {
	n := 0
	for _, f := range fields {
		for _, w := range specDeclarationWords {
			if f == w {
				n++
			}
		}
	}
	return n
}

// TestSpecExamplesParse parses every .seg example of spec.md: the
// reference must not show code the parser rejects.
func TestSpecExamplesParse(t *testing.T) {
	examples := specExamples(t)
	if len(examples) < 10 {
		t.Fatalf("found %d .seg examples in spec.md; the extraction is broken", len(examples))
	}
	for i, ex := range examples {
		_, ds := dsl.Parse(source.NewFile("spec.seg", []byte(ex)))
		if ds.HasErrors() {
			t.Errorf("spec.md example %d does not parse:\n%s\n%s", i+1, ex, render(ds))
		}
	}
}

// specPrelude declares what spec.md's examples refer to without declaring
// it: W1's tables and features, and the segments a destination names.
// An entry is left out when the example declares the name itself.
var specPrelude = []struct{ name, decl string }{
	{"customers", `entities customers key customer_id {
  first_seen time
  country string
  email_opt_in bool
  sessions_30d int
  clicks_30d int
  opens_30d int
  engagement_score float?
}`},
	{"events", `events events key customer_id time ts id event_id {
  type string
  amount float?
}`},
	{"purchases", `events purchases key customer_id time InvoiceDate { InvoiceNo string }`},
	{"frequency", `feature frequency = count(events where type == "purchase" within 365d)`},
	{"monetary", `feature monetary = sum(events.amount where type == "purchase" within 365d)`},
	{"recency_days", `feature recency_days = days_since(last(events.ts where type == "purchase"))`},
	{"high_value_loyalists", `segment high_value_loyalists { where monetary >= percentile(monetary, 90) }`},
	{"stage", `lifecycle stage {
  initial active
  active -> lapsed when recency_days > 90
  lapsed -> active on events where type == "purchase"
}`},
	{"rfm", `segment rfm = cluster(kmeans, k=2, features=[recency_days, frequency, monetary]) {
  name by monetary desc: champions, others
}`},
}

// preludeFor returns the prelude entries the example does not declare.
func preludeFor(example string) string {
	var b strings.Builder
	for _, p := range specPrelude {
		if !declares(example, p.name) {
			b.WriteString(p.decl + "\n")
		}
	}
	return b.String()
}

// declares reports whether src declares name (as any kind of declaration).
func declares(src, name string) bool {
	re := regexp.MustCompile(`(?m)^\s*(` + strings.Join(specDeclarationWords, "|") + `)\s+` + regexp.QuoteMeta(name) + `\b`)
	return re.MatchString(src)
}

// TestSpecExamplesCompile compiles every .seg example of spec.md, in a
// module with the prelude it needs: the reference's examples must be
// valid segc, not just valid syntax.
func TestSpecExamplesCompile(t *testing.T) {
	for i, ex := range specExamples(t) {
		m, _ := compileText(t, "spec.seg", preludeFor(ex)+ex)
		if _, ds := Compile(m, builtins.Default()); ds.HasErrors() {
			t.Errorf("spec.md example %d does not compile:\n%s\n%s", i+1, ex, render(ds))
		}
	}
}
