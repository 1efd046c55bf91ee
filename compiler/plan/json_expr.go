package plan

import "github.com/segc/segc/dsl/types"

// jsonExpr is the tagged JSON form of an expression. Expr names the node
// kind: const, column, event_column, feature, segment, aggregate,
// threshold, unary, binary, cast, call or in. Index is the referenced
// column, feature, segment, aggregate or threshold; Log the event log of
// an event column. A const without value is null.
type jsonExpr struct {
	Expr  string      `json:"expr"`
	Type  types.Type  `json:"type"`
	Op    string      `json:"op,omitempty"`
	Func  string      `json:"func,omitempty"`
	Name  string      `json:"name,omitempty"`
	Log   *int        `json:"log,omitempty"`
	Index *int        `json:"index,omitempty"`
	Value any         `json:"value,omitempty"`
	X     *jsonExpr   `json:"x,omitempty"`
	Y     *jsonExpr   `json:"y,omitempty"`
	Args  []*jsonExpr `json:"args,omitempty"`
	List  []any       `json:"list,omitempty"`
	Loc   string      `json:"loc,omitempty"`
}

// expr encodes an expression; nil stays nil (omitted).
func (e jsonEnc) expr(x Expr) *jsonExpr {
	if x == nil {
		return nil
	}
	j := &jsonExpr{Type: x.Type(), Loc: e.loc(x.Loc())}
	ref := func(kind string, index int, name string) {
		j.Expr, j.Index, j.Name = kind, &index, name
	}
	switch x := x.(type) {
	case *Const:
		j.Expr, j.Value = "const", x.Value
	case *ColumnRef:
		ref("column", x.Column, x.Name)
	case *EventColumnRef:
		ref("event_column", x.Column, x.Name)
		j.Log = &x.Log
	case *FeatureRef:
		ref("feature", x.Feature, x.Name)
	case *SegmentRef:
		ref("segment", x.Segment, x.Name)
	case *AggregateRef:
		ref("aggregate", x.Aggregate, "")
	case *ThresholdRef:
		ref("threshold", x.Threshold, "")
	default:
		e.compound(j, x)
	}
	return j
}

// compound encodes operators, casts, calls and in-lists.
func (e jsonEnc) compound(j *jsonExpr, x Expr) {
	switch x := x.(type) {
	case *Unary:
		j.Expr, j.Op, j.X = "unary", x.Op, e.expr(x.X)
	case *Binary:
		j.Expr, j.Op, j.X, j.Y = "binary", x.Op, e.expr(x.X), e.expr(x.Y)
	case *Cast:
		j.Expr, j.X = "cast", e.expr(x.X)
	case *Call:
		j.Expr, j.Func = "call", x.Func
		for _, a := range x.Args {
			j.Args = append(j.Args, e.expr(a))
		}
	case *In:
		j.Expr, j.X = "in", e.expr(x.X)
		for _, c := range x.List {
			j.List = append(j.List, c.Value)
		}
	default:
		if !e.clusterRef(j, x) {
			e.timeRef(j, x)
		}
	}
}
