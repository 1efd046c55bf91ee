package segtest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

const module = `
entities customers key id {
  country string
  opt_in  bool
}
events orders key id time ts id order_id {
  amount float?
  wait   duration?
}
feature spend = sum(orders.amount within 30d)
segment buyers { where spend > 0 }
segment big { where spend >= percentile(spend, 50) require opt_in holdout 50% }
`

// suite compiles module and loads the test file text.
func suite(t *testing.T, tests string) (*Suite, string) {
	t.Helper()
	mf, ds := dsl.Parse(source.NewFile("m.seg", []byte(module)))
	if len(ds) > 0 {
		t.Fatalf("module: %v", ds)
	}
	p, ds := compiler.Compile(&compiler.Module{Files: []*ast.File{mf}}, builtins.Default())
	if p == nil {
		t.Fatalf("compile: %v", ds)
	}
	tf, ds := dsl.Parse(source.NewFile("m_test.seg", []byte(tests)))
	if len(ds) > 0 {
		t.Fatalf("tests: %v", ds)
	}
	s, ds := Load(p, []*ast.File{tf})
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Location()+": "+string(d.Code)+": "+d.Message)
	}
	return s, strings.Join(msgs, "\n")
}

func TestLoadReportsFixtureErrors(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"unknown table", `given orderz(id, ts) { }`, "m_test.seg:1:37: E0802: given names orderz, which the module does not declare as a table or event log; did you mean orders?"},
		{"unknown column", `given orders(id, ts, amout) { }`, "E0802: events orders has no column amout; did you mean amount?"},
		{"missing key", `given orders(ts) { }`, "E0802: given orders leaves out id (int)"},
		{"arity", `given orders(id, ts) { [1] }`, "E0803: this row has 1 value for the 2 columns (id, ts)"},
		{"bad time", `given orders(id, ts) { [1, "yesterday"] }`, `E0803: cannot read "yesterday" as a time for column ts`},
		{"int for float is fine, string is not", `given orders(id, ts, amount) { [1, "2026-01-01", 3] [2, "2026-01-01", "3"] }`, "m_test.seg:1:101: E0803: column amount is float"},
		{"duplicate entity key", `given customers(id, country, opt_in) { [1, "FR", true] [1, "DE", true] }`, "E0803: key 1 is given twice for entities customers"},
		{"unknown segment", `expect biggs == []`, "E0804: expect names biggs, which is not a segment of the module; did you mean big?"},
		{"string key in an int module", `expect big == ["1"]`, "E0804: entity keys of this module are integers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, got := suite(t, `test "t" { as_of "2026-06-30" `+c.body+` }`)
			if !strings.Contains(got, c.want) {
				t.Errorf("diagnostics\n%s\nwant one containing\n%s", got, c.want)
			}
		})
	}
}

func TestLoadAcceptsGoodFixtures(t *testing.T) {
	s, got := suite(t, `test "t" { as_of "2026-06-30 12:00:00"
	  given orders(id, ts, amount, wait) { [1, "2026-06-01", -2.5, 3h] [2, 1782820800, null, 60] }
	  expect big.holdout excludes [2] }`)
	if got != "" {
		t.Fatalf("unexpected diagnostics:\n%s", got)
	}
	fx := s.Tests[0].Tables[0]
	if strings.Join(fx.Columns, ",") != "id,ts,amount,wait,order_id" {
		t.Errorf("columns %v: want the event id appended", fx.Columns)
	}
	row := fx.Rows[0]
	if row[2] != -2.5 || row[3] != int64(3*3600) || row[4] != int64(1) {
		t.Errorf("row %v", row)
	}
}

func TestCompare(t *testing.T) {
	members := map[string]bool{"1": true, "3": true, "10": true}
	cases := []struct {
		op             string
		keys           []string
		missing, extra string
	}{
		{"==", []string{"1", "3", "10"}, "", ""},
		{"==", []string{"1", "2"}, "2", "3,10"},
		{"contains", []string{"1", "2"}, "2", ""},
		{"excludes", []string{"2", "3"}, "", "3"},
	}
	for _, c := range cases {
		x := &Expectation{Op: c.op, Keys: c.keys, keyType: types.Of(types.Int)}
		f, ok := compare(x, members)
		if got := strings.Join(f.Missing, ","); got != c.missing {
			t.Errorf("%s %v: missing %q, want %q", c.op, c.keys, got, c.missing)
		}
		if got := strings.Join(f.Extra, ","); got != c.extra {
			t.Errorf("%s %v: extra %q, want %q", c.op, c.keys, got, c.extra)
		}
		if ok != (c.missing == "" && c.extra == "") {
			t.Errorf("%s %v: ok = %v", c.op, c.keys, ok)
		}
	}
}

func TestRunEvaluatesFixtures(t *testing.T) {
	s, diags := suite(t, `
test "pass" {
  as_of "2026-06-30"
  given customers(id, country, opt_in) { [1, "FR", true] [2, "DE", true] [3, "FR", true] }
  given orders(id, ts, amount) { [1, "2026-06-30", 10.0] [2, "2026-05-31", 7.0] [3, "2026-06-01", 5.0] }
  expect buyers == [1, 3]
}
test "fail" {
  as_of "2026-06-30"
  given customers(id, country, opt_in) { [1, "FR", true] }
  expect buyers == [1]
}`)
	if diags != "" {
		t.Fatal(diags)
	}
	results := s.Run(context.Background(), builtins.Default(), Options{TempDir: t.TempDir()})
	if len(results) != 2 || !results[0].Passed() || results[1].Passed() {
		t.Fatalf("results %+v", results)
	}
	var out bytes.Buffer
	if n := WriteResults(&out, results, true); n != 1 {
		t.Errorf("failed = %d", n)
	}
	want := "ok   pass (m_test.seg:2:1)\n--- FAIL: fail (m_test.seg:8:1)\n    m_test.seg:11:3: expect buyers == [1]\n        missing: 1\n    warning: m.seg:12:30: warning[W0601]: percentile(spend, 50) is taken over no values, so it is null\n"
	if out.String() != want {
		t.Errorf("report\n%s\nwant\n%s", out.String(), want)
	}
	if got := strings.Join(s.Uncovered(), ","); got != "big" {
		t.Errorf("uncovered %q", got)
	}
	only := s.Run(context.Background(), builtins.Default(), Options{Match: func(n string) bool { return n == "fail" }})
	if len(only) != 1 || only[0].Test.Name != "fail" {
		t.Errorf("Match selected %d tests", len(only))
	}
}
