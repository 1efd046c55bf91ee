package builtins

import "github.com/segc/segc/dsl/types"

// aggregateBuiltins returns the event aggregates. Their Check receives the
// type of the aggregated value (none for count).
func aggregateBuiltins() []*Builtin {
	return []*Builtin{
		{Name: "count", Class: Aggregate,
			Signature: "count(log [where F] [within D]) int",
			Doc:       "Number of the entity's matching events; 0 when there are none.",
			Check: func(args []types.Type) (types.Type, error) {
				return types.Of(types.Int), checkArity("count(events where ...)", args, 0, 0)
			}},
		aggregate("sum", "log.col: number", "Sum of the column over matching events (nulls skipped); null when none.", numericKinds, same),
		aggregate("avg", "log.col: number", "Mean of the column over matching events (nulls skipped); null when none.", numericKinds, float),
		aggregate("min", "log.col", "Smallest value of the column over matching events; null when none.", orderedKinds, same),
		aggregate("max", "log.col", "Largest value of the column over matching events; null when none.", orderedKinds, same),
		aggregate("first", "log.col", "The column's value at the earliest matching event (ties by event id); null when none.", groupKinds, same),
		aggregate("last", "log.col", "The column's value at the latest matching event (ties by event id); null when none.", groupKinds, same),
		{Name: "count_distinct", Class: Aggregate,
			Signature: "count_distinct(log.col [where F] [within D]) int",
			Doc:       "Number of distinct non-null values of the column over matching events; 0 when none.",
			Check: func(args []types.Type) (types.Type, error) {
				if err := checkArity("count_distinct(events.col ...)", args, 1, 1); err != nil {
					return types.Type{}, err
				}
				return types.Of(types.Int), checkKind("count_distinct", 0, args[0], groupKinds)
			}},
		{Name: "then", Class: Aggregate,
			Signature: "then(log [where F] [within D | between A and B ago], log [where G] [, GAP]) bool",
			Doc:       "Did X then Y: true when an event of the first query at t1 is followed by one of the second at t2, t1 < t2 <= t1 + GAP (any later t2 without GAP), both in the first query's window.",
			Check: func(args []types.Type) (types.Type, error) {
				return types.Of(types.Bool), checkArity("then(events where ..., events where ...)", args, 0, 0)
			}},
	}
}

// The result kinds of value aggregates.
func same(k types.Kind) types.Kind { return k }
func float(types.Kind) types.Kind  { return types.Float }

// aggregate builds a one-column aggregate whose result is nullable.
func aggregate(name, arg, doc string, want kindSet, result func(types.Kind) types.Kind) *Builtin {
	sig := name + "(" + arg + " [where F] [within D]) " + map[bool]string{true: "float?", false: "same type?"}[result(types.Int) == types.Float]
	return &Builtin{
		Name: name, Class: Aggregate, Signature: sig, Doc: doc,
		Check: func(args []types.Type) (types.Type, error) {
			if err := checkArity(name+"(events.col ...)", args, 1, 1); err != nil {
				return types.Type{}, err
			}
			if err := checkKind(name, 0, args[0], want); err != nil {
				return types.Type{}, err
			}
			return types.Of(result(args[0].Kind)).OrNull(), nil
		},
	}
}
