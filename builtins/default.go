package builtins

// Default returns the registry of every segc builtin.
func Default() *Registry {
	var all []*Builtin
	all = append(all, timeBuiltins()...)
	all = append(all, mathBuiltins()...)
	all = append(all, stringBuiltins()...)
	all = append(all, aggregateBuiltins()...)
	all = append(all, populationBuiltins()...)
	return newRegistry(all)
}
