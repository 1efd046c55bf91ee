package diag

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/segc/segc/dsl/source"
)

// sarifLog and the types below are the subset of SARIF 2.1.0 that segc
// writes: one run, one rule per code, results with physical locations
// (1-based lines, columns in Unicode code points) and related locations.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	Help                 sarifMessage `json:"help"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations,omitempty"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifMessage `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// WriteSARIF writes the list as a SARIF 2.1.0 log with one run of the tool
// "segc". Rules list the codes that occur, with their help text.
func WriteSARIF(w io.Writer, l List) error {
	rules, index := sarifRules(l)
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "segc", InformationURI: "https://github.com/segc/segc", Rules: rules}},
		ColumnKind: "unicodeCodePoints",
		Results:    make([]sarifResult, 0, len(l)),
	}
	for _, d := range l {
		run.Results = append(run.Results, sarifResultOf(d, index[d.Code]))
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// sarifRules returns one rule per distinct code, sorted, and each code's
// index.
func sarifRules(l List) ([]sarifRule, map[Code]int) {
	index := map[Code]int{}
	var codes []string
	for _, d := range l {
		if _, ok := index[d.Code]; !ok {
			index[d.Code] = 0
			codes = append(codes, string(d.Code))
		}
	}
	sort.Strings(codes)
	rules := make([]sarifRule, 0, len(codes))
	for i, c := range codes {
		r := RuleFor(Code(c))
		index[Code(c)] = i
		rules = append(rules, sarifRule{ID: c, Name: r.Name, ShortDescription: sarifMessage{r.Summary},
			Help: sarifMessage{r.Help + " See docs/lint.md and spec.md section 16.2."}, DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)}})
	}
	return rules, index
}

// sarifResultOf converts one diagnostic.
func sarifResultOf(d Diagnostic, rule int) sarifResult {
	r := sarifResult{RuleID: string(d.Code), RuleIndex: rule, Level: sarifLevel(d.Severity), Message: sarifMessage{d.Message}}
	if d.File != nil {
		r.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalOf(d.File, d.Span)}}
	}
	for i, rel := range d.Related {
		if rel.File == nil {
			continue
		}
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, sarifLocation{ID: &id,
			PhysicalLocation: sarifPhysicalOf(rel.File, rel.Span), Message: &sarifMessage{rel.Message}})
	}
	return r
}

// sarifPhysicalOf converts a span to a region; columns count runes and
// the end column is the one after the span, as SARIF defines.
func sarifPhysicalOf(f *source.File, s source.Span) sarifPhysical {
	a, b := f.Position(s.Start), f.Position(s.End)
	return sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(f.Name)},
		Region: sarifRegion{StartLine: a.Line, StartColumn: a.Col, EndLine: b.Line, EndColumn: b.Col}}
}

// sarifURI turns a file name into a URI reference: relative paths stay
// relative (with forward slashes), absolute ones become file URIs.
func sarifURI(name string) string {
	p := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}
