// Package compiler turns a parsed module (the .seg files of one directory)
// into an immutable *plan.Plan, reporting every error it finds.
//
// Compile runs a named table of stages, in order:
//
//	collect   -> symbol tables: tables, event logs, columns, features, segments
//	resolve   -> every name in an expression to a feature, segment or column
//	typecheck -> a type for every expression
//	hoist     -> event aggregates and population statistics lifted out of
//	             expressions into plan aggregates and thresholds, and every
//	             expression lowered to a plan.Expr
//	order     -> a dependency order of features, thresholds and segments
//	destinations -> webhook destinations checked against the stored
//	             segment names (destination*.go)
//	plan      -> the *plan.Plan and its hash
//	lint      -> warnings about a valid module (only with Options.Lint;
//	             see lint_*.go and docs/lint.md)
//
// Every stage keeps going after errors so that one run reports all of them,
// except the stages marked onlyValid (lint), which judge the module as a
// whole and run only when neither parsing nor an earlier stage reported an
// error: their findings about a broken module would be wrong or only echo
// the errors.
// An expression whose error has been reported gets the invalid type, and
// nothing built on it is reported again.
package compiler

import (
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// Module is the parsed files of one module, which share one namespace.
type Module struct {
	Files []*ast.File
	// SyntaxErrors says that parsing a file reported an error. The parser
	// leaves a declaration with an error out of its file (a lifecycle
	// without `initial`, a segment cut short), so what the other
	// declarations read is not known and the onlyValid stages do not run.
	// AddFile sets it.
	SyntaxErrors bool
}

// AddFile adds a parsed file with the diagnostics its parse reported.
func (m *Module) AddFile(f *ast.File, parsed diag.List) {
	if f != nil {
		m.Files = append(m.Files, f)
	}
	m.SyntaxErrors = m.SyntaxErrors || parsed.HasErrors()
}

// Options tunes a compilation.
type Options struct {
	// StopAfter names the last stage to run (see Stages); "" runs them all.
	// A compilation stopped before the plan stage returns a nil plan.
	StopAfter string
	// Lint runs the lint stage, which `segc check` wants and evaluating
	// commands do not.
	Lint bool
}

// stage is one named step of the compiler.
type stage struct {
	name string
	run  func(*state)
	// skip says whether options turn the stage off; nil never does.
	skip func(Options) bool
	// onlyValid stages run only on a module without errors so far,
	// syntax errors included.
	onlyValid bool
}

// runs says whether the stage runs with these options on this state.
func (st stage) runs(o Options, s *state) bool {
	if st.skip != nil && st.skip(o) {
		return false
	}
	return !st.onlyValid || !s.hasErrors()
}

// stages returns the compiler's stage table, in running order.
func stages() []stage {
	return []stage{
		{"collect", collect, nil, false},
		{"resolve", resolve, nil, false},
		{"typecheck", typecheck, nil, false},
		{"hoist", hoist, nil, false},
		{"order", order, nil, false},
		{"destinations", destinations, nil, false},
		{"plan", build, nil, false},
		{"lint", lint, func(o Options) bool { return !o.Lint }, true},
	}
}

// Stages returns the names of the compiler's stages, in running order.
func Stages() []string {
	var names []string
	for _, s := range stages() {
		names = append(names, s.name)
	}
	return names
}

// Compile checks a module and builds its plan. The plan is nil when any
// error was reported; the diagnostics are sorted by file and position.
func Compile(m *Module, reg *builtins.Registry) (*plan.Plan, diag.List) {
	return CompileWith(m, reg, Options{})
}

// CompileWith is Compile with options.
func CompileWith(m *Module, reg *builtins.Registry, opts Options) (*plan.Plan, diag.List) {
	s := newState(m, reg)
	for _, st := range stages() {
		if st.runs(opts, s) {
			st.run(s)
		}
		if st.name == opts.StopAfter {
			break
		}
	}
	s.diags.Sort()
	if s.diags.HasErrors() {
		return nil, s.diags
	}
	return s.plan, s.diags
}
