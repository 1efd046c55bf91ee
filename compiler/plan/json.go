package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/segc/segc/dsl/types"
)

// MarshalJSON encodes the plan with its hash and source locations
// ("file:line:col"). Expressions are tagged objects: {"expr": "binary",
// "op": "+", "type": {...}, "x": ..., "y": ...}.
func (p *Plan) MarshalJSON() ([]byte, error) {
	return json.Marshal(p.jsonForm(true))
}

// CanonicalJSON encodes the plan's meaning: no hash and no source
// locations, so moving a declaration or renaming a file keeps it.
func (p *Plan) CanonicalJSON() []byte {
	b, err := json.Marshal(p.jsonForm(false))
	if err != nil {
		return nil // unreachable: the form holds only encodable values
	}
	return b
}

// ComputeHash returns the hex SHA-256 of CanonicalJSON.
func (p *Plan) ComputeHash() string {
	sum := sha256.Sum256(p.CanonicalJSON())
	return hex.EncodeToString(sum[:])
}

// jsonEnc builds the JSON form, with or without locations.
type jsonEnc struct{ locs bool }

func (e jsonEnc) loc(l Loc) string {
	if !e.locs {
		return ""
	}
	return l.String()
}

type jsonPlan struct {
	Hash       string          `json:"hash,omitempty"`
	KeyType    types.Type      `json:"key_type"`
	Entities   *jsonTable      `json:"entities"`
	Tables     []jsonTable     `json:"tables"`
	Logs       []jsonLog       `json:"logs"`
	Columns    []jsonColumn    `json:"columns"`
	Aggregates []jsonAggregate `json:"aggregates"`
	Features   []jsonFeature   `json:"features"`
	Thresholds []jsonThreshold `json:"thresholds"`
	Segments   []jsonSegment   `json:"segments"`
	Lifecycles []jsonLifecycle `json:"lifecycles,omitempty"`
	Triggers   []jsonTrigger   `json:"triggers,omitempty"`
	Clusters   []jsonCluster   `json:"clusters,omitempty"`
	// Destinations and PII are omitted when absent, so plans without
	// them keep their hash.
	Destinations []jsonDestination `json:"destinations,omitempty"`
	Steps        []Step            `json:"steps"`
}

type jsonTable struct {
	Name     string       `json:"name"`
	SQLTable string       `json:"sql_table"`
	Key      string       `json:"key"`
	KeyPII   bool         `json:"key_pii,omitempty"`
	Columns  []jsonColumn `json:"columns"`
	Loc      string       `json:"loc,omitempty"`
}

type jsonColumn struct {
	Table    string     `json:"table"`
	SQLTable string     `json:"sql_table"`
	Name     string     `json:"name"`
	Type     types.Type `json:"type"`
	Index    int        `json:"index"`
	Used     bool       `json:"used"`
	PII      bool       `json:"pii,omitempty"`
	Loc      string     `json:"loc,omitempty"`
}

type jsonLog struct {
	Name     string         `json:"name"`
	SQLTable string         `json:"sql_table"`
	Key      string         `json:"key"`
	Time     string         `json:"time"`
	ID       string         `json:"id,omitempty"`
	Columns  []jsonEventCol `json:"columns"`
	Filter   *jsonExpr      `json:"filter,omitempty"`
	Loc      string         `json:"loc,omitempty"`
}

type jsonEventCol struct {
	Name string     `json:"name"`
	Type types.Type `json:"type"`
	Used bool       `json:"used"`
	PII  bool       `json:"pii,omitempty"`
}

type jsonAggregate struct {
	Func   AggFunc    `json:"func"`
	Log    int        `json:"log"`
	Value  *jsonExpr  `json:"value,omitempty"`
	Filter *jsonExpr  `json:"filter,omitempty"`
	Window int64      `json:"window"`
	Until  int64      `json:"until,omitempty"`
	Then   *jsonMatch `json:"then,omitempty"`
	Gap    int64      `json:"gap,omitempty"`
	Type   types.Type `json:"type"`
	Text   string     `json:"text"`
	Loc    string     `json:"loc,omitempty"`
}

type jsonFeature struct {
	Name  string     `json:"name"`
	Value *jsonExpr  `json:"value"`
	Type  types.Type `json:"type"`
	Loc   string     `json:"loc,omitempty"`
}

type jsonThreshold struct {
	Kind       StatKind   `json:"kind"`
	Value      *jsonExpr  `json:"value"`
	P          float64    `json:"p"`
	By         *jsonExpr  `json:"by,omitempty"`
	Population int        `json:"population"`
	Owner      string     `json:"owner"`
	Text       string     `json:"text"`
	Type       types.Type `json:"type"`
	Loc        string     `json:"loc,omitempty"`
}

type jsonSegment struct {
	Name        string    `json:"name"`
	Parent      int       `json:"parent"`
	Where       *jsonExpr `json:"where,omitempty"`
	Require     *jsonExpr `json:"require,omitempty"`
	Holdout     int       `json:"holdout"`
	Description string    `json:"description,omitempty"`
	Loc         string    `json:"loc,omitempty"`
}

// jsonForm builds the encodable form of the plan.
func (p *Plan) jsonForm(locs bool) jsonPlan {
	e := jsonEnc{locs: locs}
	out := jsonPlan{KeyType: p.KeyType, Steps: p.Steps}
	if locs {
		out.Hash = p.Hash
	}
	if p.Entities != nil {
		t := e.table(p.Entities)
		out.Entities = &t
	}
	for _, t := range p.Tables {
		out.Tables = append(out.Tables, e.table(t))
	}
	for _, l := range p.Logs {
		out.Logs = append(out.Logs, e.log(l))
	}
	for _, c := range p.Columns {
		out.Columns = append(out.Columns, e.column(c))
	}
	e.fillComputed(p, &out)
	e.fillTime(p, &out)
	e.fillClusters(p, &out)
	e.fillDestinations(p, &out)
	return out
}

// fillComputed adds aggregates, features, thresholds and segments.
func (e jsonEnc) fillComputed(p *Plan, out *jsonPlan) {
	for _, a := range p.Aggregates {
		out.Aggregates = append(out.Aggregates, jsonAggregate{Func: a.Func, Log: a.Log, Value: e.expr(a.Value),
			Filter: e.expr(a.Filter), Window: a.Window, Until: a.Until, Then: e.match(a.Then), Gap: a.Gap, Type: a.Type, Text: a.Text, Loc: e.loc(a.Loc)})
	}
	for _, f := range p.Features {
		out.Features = append(out.Features, jsonFeature{Name: f.Name, Value: e.expr(f.Value), Type: f.Type, Loc: e.loc(f.Loc)})
	}
	for _, t := range p.Thresholds {
		out.Thresholds = append(out.Thresholds, jsonThreshold{Kind: t.Kind, Value: e.expr(t.Value), P: t.P, By: e.expr(t.By),
			Population: t.Population, Owner: t.Owner, Text: t.Text, Type: t.Type, Loc: e.loc(t.Loc)})
	}
	for _, s := range p.Segments {
		out.Segments = append(out.Segments, jsonSegment{Name: s.Name, Parent: s.Parent, Where: e.expr(s.Where),
			Require: e.expr(s.Require), Holdout: s.Holdout, Description: s.Description, Loc: e.loc(s.Loc)})
	}
}

func (e jsonEnc) table(t *Table) jsonTable {
	out := jsonTable{Name: t.Name, SQLTable: t.SQLTable, Key: t.Key, KeyPII: t.KeyPII, Loc: e.loc(t.Loc)}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, e.column(c))
	}
	return out
}

func (e jsonEnc) column(c *Column) jsonColumn {
	return jsonColumn{Table: c.Table, SQLTable: c.SQLTable, Name: c.Name, Type: c.Type, Index: c.Index, Used: c.Used, PII: c.PII, Loc: e.loc(c.Loc)}
}

func (e jsonEnc) log(l *EventLog) jsonLog {
	out := jsonLog{Name: l.Name, SQLTable: l.SQLTable, Key: l.Key, Time: l.Time, ID: l.ID, Filter: e.expr(l.Filter), Loc: e.loc(l.Loc)}
	for _, c := range l.Columns {
		out.Columns = append(out.Columns, jsonEventCol{Name: c.Name, Type: c.Type, Used: c.Used, PII: c.PII})
	}
	return out
}
