package plan

// expr encodes an expression as a tagged object; nil stays nil (omitted).
func (e jsonEnc) expr(x Expr) any {
	if x == nil {
		return nil
	}
	m := map[string]any{"type": x.Type()}
	if e.locs {
		m["loc"] = x.Loc().String()
	}
	switch x := x.(type) {
	case *Const:
		m["expr"], m["value"] = "const", x.Value
	case *ColumnRef:
		m["expr"], m["column"], m["name"] = "column", x.Column, x.Name
	case *EventColumnRef:
		m["expr"], m["log"], m["column"], m["name"] = "event_column", x.Log, x.Column, x.Name
	case *FeatureRef:
		m["expr"], m["feature"], m["name"] = "feature", x.Feature, x.Name
	case *SegmentRef:
		m["expr"], m["segment"], m["name"] = "segment", x.Segment, x.Name
	case *AggregateRef:
		m["expr"], m["aggregate"] = "aggregate", x.Aggregate
	case *ThresholdRef:
		m["expr"], m["threshold"] = "threshold", x.Threshold
	case *Unary:
		m["expr"], m["op"], m["x"] = "unary", x.Op, e.expr(x.X)
	case *Binary:
		m["expr"], m["op"], m["x"], m["y"] = "binary", x.Op, e.expr(x.X), e.expr(x.Y)
	case *Cast:
		m["expr"], m["x"] = "cast", e.expr(x.X)
	case *Call:
		args := make([]any, len(x.Args))
		for i, a := range x.Args {
			args[i] = e.expr(a)
		}
		m["expr"], m["func"], m["args"] = "call", x.Func, args
	case *In:
		list := make([]any, len(x.List))
		for i, c := range x.List {
			list[i] = c.Value
		}
		m["expr"], m["x"], m["list"] = "in", e.expr(x.X), list
	}
	return m
}
