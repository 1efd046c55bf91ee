// Package builtins is the one registry of segc's builtin functions: their
// typed signatures, used by the checker, and their row-wise reference
// implementations, used by the runtime's general evaluator. The runtime's
// vectorised kernels are tested against the row-wise implementations.
package builtins

import (
	"sort"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// Class says how a builtin is evaluated.
type Class uint8

// The builtin classes.
const (
	// Scalar builtins map each entity's argument values to a value.
	Scalar Class = iota
	// Aggregate builtins (count, sum, ...) reduce an entity's events; their
	// first argument is an event query.
	Aggregate
	// Population builtins (percentile, median, zscore) need the values of
	// every entity in the population; the compiler hoists them into plan
	// thresholds.
	Population
)

// Env is what a scalar builtin may read besides its arguments.
type Env struct {
	AsOf int64 // the run's as-of instant, Unix seconds
}

// Builtin describes one function.
type Builtin struct {
	Name  string
	Class Class
	// Signature is the human form, e.g. "days_since(t: time) float".
	Signature string
	Doc       string
	// Check returns the result type for the given argument types, or an
	// error whose text says what is wrong and what to write instead.
	Check func(args []types.Type) (types.Type, error)
	// Row evaluates a scalar builtin on one row. Arguments and result are
	// nil (null), int64 (int, time, duration), float64, bool or string.
	// Nil for Aggregate and Population builtins.
	Row func(env Env, args []any) any

	// Widen, when set, asks the compiler to cast int arguments to float when
	// the result is float (min, max, clip), so Row sees one numeric kind.
	Widen bool
	// Consts lists arguments that must be constants (literals), with the
	// check their value must pass.
	Consts []ConstArg
	// Prepare, when set, returns a Row specialised for one call site given
	// the constant arguments (nil where an argument is not constant), so
	// that work such as compiling a regex happens once. Its result behaves
	// exactly like Row.
	Prepare func(consts []any) (func(env Env, args []any) any, error)
}

// ConstArg says that argument Index must be a literal whose value passes
// Check; a literal that fails is reported with Code, a non-literal with
// diag.BadArguments (or Code when NonConstCode is set).
type ConstArg struct {
	Index int
	Code  diag.Code
	// NonConstCode reports a non-literal argument with Code instead of
	// diag.BadArguments.
	NonConstCode bool
	// What describes the expected value, e.g. "a number between 0 and 100".
	What  string
	Check func(v any) error
}

// Registry maps names to builtins. A Registry is immutable once built.
type Registry struct {
	byName map[string][]*Builtin
}

// Lookup returns every builtin with the name (min and max exist both as a
// scalar and as an aggregate), or nil.
func (r *Registry) Lookup(name string) []*Builtin { return r.byName[name] }

// Lookup1 returns the builtin of the given name and class.
func (r *Registry) Lookup1(name string, class Class) (*Builtin, bool) {
	for _, b := range r.byName[name] {
		if b.Class == class {
			return b, true
		}
	}
	return nil, false
}

// Names returns all builtin names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// All returns every builtin sorted by name, then class.
func (r *Registry) All() []*Builtin {
	var out []*Builtin
	for _, n := range r.Names() {
		out = append(out, r.byName[n]...)
	}
	return out
}

// newRegistry indexes the given builtins.
func newRegistry(bs []*Builtin) *Registry {
	r := &Registry{byName: map[string][]*Builtin{}}
	for _, b := range bs {
		r.byName[b.Name] = append(r.byName[b.Name], b)
	}
	return r
}
