package diag

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/segc/segc/dsl/source"
)

// sampleList has every severity, related spans, a file-less finding, runes
// before a span and characters GitHub commands must escape.
func sampleList() List {
	f := source.NewFile("dir, x/m:1.seg", []byte("feature café = 日本 + x\nsegment s { where x > 10 and x < 5 }\n"))
	at := func(s string) source.Span {
		i := strings.Index(string(f.Src), s)
		return source.Span{Start: i, End: i + len(s)}
	}
	return List{
		{Severity: Error, Code: UndefinedName, Message: "unknown name x: 100% wrong,\nreally", File: f, Span: at("x\n")},
		{Severity: Warning, Code: ConstantCondition, Message: "always false", File: f, Span: at("x > 10 and x < 5"),
			Related: []Related{{File: f, Span: at("x > 10"), Message: "x > 10 here"}, {File: f, Span: at("x < 5"), Message: "x < 5 here"}}},
		{Severity: Info, Code: NotRealTime, Message: "batch only", File: f, Span: at("segment s")},
		{Severity: Error, Code: DatabaseError, Message: "cannot open"},
	}
}

func TestGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGitHub(&b, sampleList()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"::error file=dir%2C x/m%3A1.seg,line=1,col=21,endLine=2,endColumn=1,title=E0201::unknown name x: 100%25 wrong,%0Areally",
		"::warning file=dir%2C x/m%3A1.seg,line=2,col=19,endLine=2,endColumn=35,title=W0703::always false%0Adir, x/m:1.seg:2:19: note: x > 10 here%0Adir, x/m:1.seg:2:30: note: x < 5 here",
		"::notice file=dir%2C x/m%3A1.seg,line=2,col=1,endLine=2,endColumn=10,title=I0705::batch only",
		"::error title=E0505::cannot open",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(got), b.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

// sarifSchema compiles the official SARIF 2.1.0 schema from testdata.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// ValidateSARIF reports whether data is a valid SARIF 2.1.0 log.
func validateSARIF(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(doc)
}

func TestSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	for _, l := range []List{sampleList(), nil} {
		var b bytes.Buffer
		if err := WriteSARIF(&b, l); err != nil {
			t.Fatal(err)
		}
		if err := validateSARIF(t, sch, b.Bytes()); err != nil {
			t.Errorf("SARIF output does not validate: %v\n%s", err, b.String())
		}
	}
	// The validator must reject a log the schema forbids.
	if validateSARIF(t, sch, []byte(`{"version":"2.1.0","runs":[{"tool":{}}]}`)) == nil {
		t.Error("a run without tool.driver validated; the schema check is not working")
	}
}

func TestSARIFContent(t *testing.T) {
	var b bytes.Buffer
	WriteSARIF(&b, sampleList())
	var log struct {
		Runs []struct {
			ColumnKind string
			Tool       struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID, Level string
				RuleIndex     int
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
				RelatedLocations []struct{ Message struct{ Text string } }
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || len(run.Tool.Driver.Rules) != 4 || len(run.Results) != 4 {
		t.Fatalf("unexpected run: %s", b.String())
	}
	r := run.Results[1]
	if rule := run.Tool.Driver.Rules[r.RuleIndex].ID; rule != r.RuleID || r.Level != "warning" {
		t.Errorf("rule index/level wrong: %+v", r)
	}
	if reg := run.Results[0].Locations[0].PhysicalLocation.Region; reg.StartLine != 1 || reg.StartColumn != 21 {
		t.Errorf("columns must count runes: %+v", reg)
	}
	if len(r.RelatedLocations) != 2 || r.RelatedLocations[1].Message.Text != "x < 5 here" {
		t.Errorf("related locations lost: %+v", r.RelatedLocations)
	}
	if run.Results[2].Level != "note" || len(run.Results[3].Locations) != 0 {
		t.Errorf("info should be note, file-less without locations: %s", b.String())
	}
}

func TestRulesComplete(t *testing.T) {
	seen := map[Code]bool{}
	for _, r := range Rules() {
		if seen[r.Code] || r.Summary == "" || r.Help == "" {
			t.Errorf("rule %s duplicated or undocumented", r.Code)
		}
		seen[r.Code] = true
		if (r.Code[0] == 'E') != (r.Severity == Error) {
			t.Errorf("rule %s: severity %s does not match its letter", r.Code, r.Severity)
		}
	}
}
