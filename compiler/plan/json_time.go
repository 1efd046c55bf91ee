package plan

// JSON forms of lifecycles, triggers and their references.

type jsonMatch struct {
	Log    int       `json:"log"`
	Filter *jsonExpr `json:"filter,omitempty"`
}

type jsonTransition struct {
	From int        `json:"from"`
	To   int        `json:"to"`
	When *jsonExpr  `json:"when,omitempty"`
	On   *jsonMatch `json:"on,omitempty"`
	Loc  string     `json:"loc,omitempty"`
}

type jsonLifecycle struct {
	Name        string           `json:"name"`
	States      []string         `json:"states"`
	Initial     int              `json:"initial"`
	Terminal    []bool           `json:"terminal"`
	Transitions []jsonTransition `json:"transitions"`
	Loc         string           `json:"loc,omitempty"`
}

type jsonTrigger struct {
	Name    string     `json:"name"`
	On      *jsonMatch `json:"on"`
	Wait    int64      `json:"wait,omitempty"`
	Unless  *jsonMatch `json:"unless,omitempty"`
	Segment string     `json:"segment"`
	For     int64      `json:"for,omitempty"`
	ExitOn  *jsonMatch `json:"exit_on,omitempty"`
	Loc     string     `json:"loc,omitempty"`
}

func (e jsonEnc) match(m *EventMatch) *jsonMatch {
	if m == nil {
		return nil
	}
	return &jsonMatch{Log: m.Log, Filter: e.expr(m.Filter)}
}

// fillTime adds the lifecycles and triggers.
func (e jsonEnc) fillTime(p *Plan, out *jsonPlan) {
	for _, l := range p.Lifecycles {
		jl := jsonLifecycle{Name: l.Name, States: l.States, Initial: l.Initial, Terminal: l.Terminal, Loc: e.loc(l.Loc)}
		for _, t := range l.Transitions {
			jl.Transitions = append(jl.Transitions, jsonTransition{From: t.From, To: t.To, When: e.expr(t.When), On: e.match(t.On), Loc: e.loc(t.Loc)})
		}
		out.Lifecycles = append(out.Lifecycles, jl)
	}
	for _, t := range p.Triggers {
		out.Triggers = append(out.Triggers, jsonTrigger{Name: t.Name, On: e.match(t.On), Wait: t.Wait, Unless: e.match(t.Unless),
			Segment: t.Segment, For: t.For, ExitOn: e.match(t.ExitOn), Loc: e.loc(t.Loc)})
	}
}

// timeRef encodes state, time_in and trigger references.
func (e jsonEnc) timeRef(j *jsonExpr, x Expr) {
	switch x := x.(type) {
	case *StateRef:
		j.Expr, j.Index, j.Name = "state", &x.State, x.Name
		j.Log = nil
		l := x.Lifecycle
		j.Args = []*jsonExpr{{Expr: "lifecycle", Index: &l}}
	case *TimeInRef:
		l := x.Lifecycle
		j.Expr, j.Index = "time_in", &l
	case *TriggerRef:
		t := x.Trigger
		j.Expr, j.Index, j.Name = "trigger", &t, x.Name
	}
}
