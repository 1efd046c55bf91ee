package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// warnLifecycle records a warning about lifecycle l at n.
func (s *state) warnLifecycle(l *lifecycleSym, code diag.Code, n ast.Node, msg string) {
	s.diags = append(s.diags, diag.Diagnostic{Severity: diag.Warning, Code: code, Message: msg, File: l.file, Span: n.Span()})
}

// lintLifecycle warns about unreachable states, transitions an earlier
// always-true guard hides, and non-terminal states with no way out.
func (s *state) lintLifecycle(l *lifecycleSym) {
	d := l.decl
	if d.Initial == nil {
		return
	}
	reach := map[string]bool{d.Initial.Name: true}
	for changed := true; changed; {
		changed = false
		for _, t := range d.Transitions {
			if t.From != nil && t.To != nil && reach[t.From.Name] && !reach[t.To.Name] {
				reach[t.To.Name], changed = true, true
			}
		}
	}
	out := map[string]bool{}
	always := map[string]bool{}
	for _, t := range d.Transitions {
		if t.From == nil || t.To == nil {
			continue
		}
		out[t.From.Name] = true
		if always[t.From.Name] {
			s.warnLifecycle(l, diag.ShadowedTransition, t,
				fmt.Sprintf("this transition never fires: an earlier transition out of %s has a guard that is always true, and the first that holds fires", t.From.Name))
		}
		if v, ok := literalValue(t.When); ok && v == true {
			always[t.From.Name] = true
		}
	}
	for _, st := range s.stateIdents(l) {
		switch {
		case !reach[st.Name]:
			s.warnLifecycle(l, diag.UnreachableState, st,
				fmt.Sprintf("state %s of lifecycle %s is unreachable: no transition from %s leads to it", st.Name, l.name(), d.Initial.Name))
		case !out[st.Name] && !l.terminal[l.stateIdx[st.Name]]:
			s.warnLifecycle(l, diag.StuckState, st,
				fmt.Sprintf("state %s of lifecycle %s has no way out; add a transition from it, or mark it `terminal %s` if entities stay there for good", st.Name, l.name(), st.Name))
		}
	}
}

// stateIdents returns the identifier that first declares each state.
func (s *state) stateIdents(l *lifecycleSym) []*ast.Ident {
	seen := map[string]bool{}
	var out []*ast.Ident
	add := func(id *ast.Ident) {
		if id != nil && !seen[id.Name] {
			if _, ok := l.stateIdx[id.Name]; ok {
				seen[id.Name] = true
				out = append(out, id)
			}
		}
	}
	add(l.decl.Initial)
	for _, t := range l.decl.Terminal {
		add(t)
	}
	for _, t := range l.decl.Transitions {
		add(t.To)
	}
	return out
}
