package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

// This file compiles the time-dependent declarations: lifecycles (state
// machines persisted in segc_states), triggers (event-driven segments) and
// time_in(lifecycle). Each stage of the compiler calls in here.

// lifecycleSym is a `lifecycle NAME { ... }` declaration.
type lifecycleSym struct {
	decl     *ast.LifecycleDecl
	file     *source.File
	index    int
	states   []string
	stateIdx map[string]int
	terminal []bool
	trans    []*plan.Transition
}

// triggerSym is a `trigger NAME { ... }` declaration; its segment is the
// name after `enter`.
type triggerSym struct {
	decl    *ast.TriggerDecl
	file    *source.File
	index   int
	segment string
	plan    *plan.Trigger
}

// name returns the lifecycle's name.
func (l *lifecycleSym) name() string { return l.decl.Name.Name }

// collectLifecycle declares a lifecycle and its states. A state is
// declared by `initial`, `terminal` or as a transition's target.
func (s *state) collectLifecycle(f *source.File, d *ast.LifecycleDecl) {
	if d.Name == nil || !s.declare(f, d.Name.Name, d.Name.Sp, "lifecycle") {
		return
	}
	l := &lifecycleSym{decl: d, file: f, index: len(s.lifecycles), stateIdx: map[string]int{}}
	s.lifecycles = append(s.lifecycles, l)
	s.byName[d.Name.Name] = l
	declared := map[string]bool{}
	if d.Initial != nil {
		declared[d.Initial.Name] = true
	}
	for _, t := range d.Terminal {
		declared[t.Name] = true
	}
	for _, t := range d.Transitions {
		if t.To != nil {
			declared[t.To.Name] = true
		}
	}
	add := func(id *ast.Ident) {
		if id == nil || !declared[id.Name] {
			return
		}
		if _, ok := l.stateIdx[id.Name]; !ok {
			l.stateIdx[id.Name] = len(l.states)
			l.states = append(l.states, id.Name)
		}
	}
	add(d.Initial)
	for _, t := range d.Terminal {
		add(t)
	}
	for _, t := range d.Transitions {
		add(t.From)
		add(t.To)
	}
	l.terminal = make([]bool, len(l.states))
	for _, t := range d.Terminal {
		l.terminal[l.stateIdx[t.Name]] = true
	}
	s.checkStates(l)
}

// checkStates reports transitions out of undeclared states, a missing
// initial and transitions with neither `when` nor `on`.
func (s *state) checkStates(l *lifecycleSym) {
	d := l.decl
	if d.Initial == nil {
		s.errorAt(l.file, diag.UnknownState, d.Name.Sp,
			fmt.Sprintf("lifecycle %s has no initial state; add `initial STATE`, the state new entities start in", l.name()))
	}
	for _, t := range d.Transitions {
		if t.From != nil {
			if _, ok := l.stateIdx[t.From.Name]; !ok {
				s.errorAt(l.file, diag.UnknownState, t.From.Sp,
					fmt.Sprintf("state %s of lifecycle %s is not declared: a state is declared by `initial`, `terminal` or as the target of a transition%s",
						t.From.Name, l.name(), didYouMean(t.From.Name, l.states)))
			}
		}
		if t.When == nil && t.On == nil {
			s.errorAt(l.file, diag.BadTransition, t.Sp, "a transition needs `when CONDITION` or `on EVENTS`, as in `new -> active when frequency >= 1`")
		}
	}
}

// collectTrigger declares a trigger and the segment it enters.
func (s *state) collectTrigger(f *source.File, d *ast.TriggerDecl) {
	if d.Name == nil || !s.declare(f, d.Name.Name, d.Name.Sp, "trigger") {
		return
	}
	if d.Enter == nil || !s.declare(f, d.Enter.Name, d.Enter.Sp, "segment") {
		return
	}
	t := &triggerSym{decl: d, file: f, index: len(s.triggers), segment: d.Enter.Name}
	s.triggers = append(s.triggers, t)
	s.byName[d.Enter.Name] = t
}

// resolveTime resolves lifecycle guards and the event matches of
// transitions and triggers.
func (s *state) resolveTime() {
	for _, l := range s.lifecycles {
		for _, t := range l.decl.Transitions {
			s.resolveExpr(scope{file: l.file}, t.When)
			s.resolveMatch(l.file, t.On)
		}
	}
	for _, t := range s.triggers {
		s.resolveMatch(t.file, t.decl.On)
		s.resolveMatch(t.file, t.decl.Unless)
		s.resolveMatch(t.file, t.decl.ExitOn)
	}
}

// resolveMatch checks that an event match names a log and resolves its
// filter in that log's scope.
func (s *state) resolveMatch(f *source.File, m *ast.EventMatch) {
	if m == nil || m.Log == nil {
		return
	}
	log := s.eventLog(m.Log)
	if log == nil || log.decl.Kind != ast.EventsTable {
		var names []string
		for _, l := range s.logs {
			names = append(names, l.name())
		}
		s.errorAt(f, diag.UndefinedName, m.Log.Sp,
			fmt.Sprintf("%s is not an event log; `on` and `unless` take LOG [where FILTER]%s", m.Log.Name, didYouMean(m.Log.Name, names)))
		return
	}
	s.matchLogs[m] = log
	s.resolveExpr(scope{file: f, log: log}, m.Where)
}

// resolveStateRef resolves LIFECYCLE.STATE to a state reference.
func (s *state) resolveStateRef(sc scope, e *ast.SelectorExpr, path []*ast.Ident, l *lifecycleSym) {
	if len(path) != 2 {
		s.errorAt(sc.file, diag.UnknownState, e.Sp, fmt.Sprintf("a lifecycle state is written %s.STATE", l.name()))
		return
	}
	st, ok := l.stateIdx[path[1].Name]
	if !ok {
		s.errorAt(sc.file, diag.UnknownState, path[1].Sp,
			fmt.Sprintf("lifecycle %s has no state %s%s", l.name(), path[1].Name, didYouMean(path[1].Name, l.states)),
			diag.Related{File: l.file, Span: l.decl.Name.Sp, Message: "lifecycle declared here"})
		return
	}
	s.refs[e] = ref{kind: refState, lifecycle: l, state: st}
}

// resolveTimeIn resolves time_in(LIFECYCLE).
func (s *state) resolveTimeIn(sc scope, c *ast.CallExpr) {
	var id *ast.Ident
	if len(c.Args) == 1 {
		id, _ = c.Args[0].(*ast.Ident)
	}
	var l *lifecycleSym
	if id != nil {
		l, _ = s.byName[id.Name].(*lifecycleSym)
	}
	if l == nil || sc.log != nil {
		s.errorAt(sc.file, diag.BadArguments, c.Sp, "time_in takes the name of a lifecycle, as in time_in(stage), in an entity-level expression")
		return
	}
	s.timeIns[c] = l
}

// typecheckTime checks guards, event filters and trigger durations.
func (s *state) typecheckTime() {
	for _, l := range s.lifecycles {
		for _, t := range l.decl.Transitions {
			s.checkCond(scope{file: l.file}, t.When, "a transition guard after `when`")
			s.checkMatch(l.file, t.On)
		}
	}
	for _, t := range s.triggers {
		s.checkMatch(t.file, t.decl.On)
		s.checkMatch(t.file, t.decl.Unless)
		s.checkMatch(t.file, t.decl.ExitOn)
		s.triggerDuration(t, t.decl.Wait, "wait")
		s.triggerDuration(t, t.decl.For, "for")
	}
}

func (s *state) checkMatch(f *source.File, m *ast.EventMatch) {
	if log := s.matchLogs[m]; log != nil {
		s.checkCond(scope{file: f, log: log}, m.Where, "the event filter after `where`")
	}
}

// triggerDuration checks a trigger's wait or for: a positive duration
// literal.
func (s *state) triggerDuration(t *triggerSym, e ast.Expr, what string) int64 {
	if e == nil {
		return 0
	}
	typ := s.check(scope{file: t.file}, e)
	v, lit := literalValue(e)
	n, _ := v.(int64)
	if !typ.IsValid() {
		return 0
	}
	if typ.Kind != types.Duration || !lit || n <= 0 {
		s.errorAt(t.file, diag.BadTrigger, e.Span(),
			fmt.Sprintf("`%s` needs a positive constant duration such as 24h or 7d, not %s", what, exprText(e)))
		return 0
	}
	return n
}

// checkBetween checks `between FROM and TO ago`: FROM above TO.
func (s *state) checkBetween(sc scope, w *ast.Window) {
	if w == nil || w.From == nil || w.To == nil {
		return
	}
	from, _ := literalValue(w.From)
	to, _ := literalValue(w.To)
	f, _ := from.(int64)
	t, _ := to.(int64)
	if f <= t || t < 0 {
		s.errorAt(sc.file, diag.BadPastWindow, w.Sp,
			fmt.Sprintf("`between %s and %s ago` is empty: the window is (as_of - FROM, as_of - TO], so FROM must be the longer duration, as in `between 60d and 30d ago`",
				exprText(w.From), exprText(w.To)))
	}
}

// hoistTime lowers guards, event matches and triggers.
func (s *state) hoistTime() {
	for _, l := range s.lifecycles {
		ctx := lowerCtx{file: l.file, owner: l.name(), population: -1}
		for _, t := range l.decl.Transitions {
			tr := &plan.Transition{From: l.stateIdx[identName(t.From)], To: l.stateIdx[identName(t.To)],
				When: s.lower(ctx, t.When), On: s.lowerMatch(l.file, t.On), Loc: plan.Loc{File: l.file, Span: t.Sp}}
			l.trans = append(l.trans, tr)
		}
	}
	for _, t := range s.triggers {
		d := t.decl
		t.plan = &plan.Trigger{Index: t.index, Name: d.Name.Name, Segment: t.segment,
			On: s.lowerMatch(t.file, d.On), Unless: s.lowerMatch(t.file, d.Unless), ExitOn: s.lowerMatch(t.file, d.ExitOn),
			Wait: s.triggerValue(d.Wait), For: s.triggerValue(d.For), Loc: plan.Loc{File: t.file, Span: d.Sp}}
	}
}

func (s *state) triggerValue(e ast.Expr) int64 {
	v, _ := literalValue(e)
	n, _ := v.(int64)
	return n
}

func identName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}

// lowerMatch lowers an event match (nil stays nil).
func (s *state) lowerMatch(f *source.File, m *ast.EventMatch) *plan.EventMatch {
	log := s.matchLogs[m]
	if m == nil || log == nil {
		return nil
	}
	ctx := lowerCtx{file: f, log: log, population: -1}
	return &plan.EventMatch{Log: log.index, Filter: s.lower(ctx, m.Where), Loc: plan.Loc{File: f, Span: m.Sp}}
}

// planLifecycles converts the lifecycles.
func (s *state) planLifecycles() []*plan.Lifecycle {
	var out []*plan.Lifecycle
	for _, l := range s.lifecycles {
		out = append(out, &plan.Lifecycle{Index: l.index, Name: l.name(), States: l.states,
			Initial: l.stateIdx[identName(l.decl.Initial)], Terminal: l.terminal, Transitions: l.trans,
			Loc: plan.Loc{File: l.file, Span: l.decl.Sp}})
	}
	return out
}

// planTriggers converts the triggers.
func (s *state) planTriggers() []*plan.Trigger {
	var out []*plan.Trigger
	for _, t := range s.triggers {
		out = append(out, t.plan)
	}
	return out
}
