// Package builtins is the one registry of segc's builtin functions: their
// typed signatures, used by the checker, and their row-wise reference
// implementations, used by the runtime's general evaluator. The runtime's
// vectorised kernels are tested against the row-wise implementations.
package builtins

import (
	"sort"

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
