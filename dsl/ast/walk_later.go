package ast

// laterChildren returns the direct children of the lifecycle, trigger,
// cluster and test nodes in source order, skipping nil.
func laterChildren(n Node) []Node {
	var out []Node
	add := func(cs ...Node) {
		for _, c := range cs {
			if !isNil(c) {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *LifecycleDecl:
		add(n.Name, n.Initial)
		add(nodes(n.Terminal)...)
		add(nodes(n.Transitions)...)
	case *Transition:
		add(n.From, n.To, n.When, n.On)
	case *EventMatch:
		add(n.Log, n.Where)
	case *TriggerDecl:
		add(n.Name, n.On, n.Wait, n.Unless, n.Enter, n.For, n.ExitOn)
	case *ClusterDecl:
		add(n.Name, n.Algorithm)
		add(nodes(n.Args)...)
		add(n.NameBy, n.RetrainEvery)
	case *NamedArg:
		add(n.Name, n.Value)
	case *ClusterNaming:
		add(n.Feature)
		add(nodes(n.Names)...)
	case *TestDecl:
		add(n.Name, n.AsOf)
		add(nodes(n.Givens)...)
		add(nodes(n.Expects)...)
	case *Given:
		add(n.Table)
		add(nodes(n.Columns)...)
		add(nodes(n.Rows)...)
	case *Expect:
		add(nodes(n.Segment)...)
		add(n.Keys)
	default:
		out = append(out, destinationChildren(n)...)
	}
	return out
}

// destinationChildren returns the direct children of destination nodes
// (settings in canonical order).
func destinationChildren(n Node) []Node {
	var out []Node
	add := func(cs ...Node) {
		for _, c := range cs {
			if !isNil(c) {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *DestinationDecl:
		add(n.Name, n.URL)
		add(nodes(n.Segments)...)
		add(n.SecretEnv, n.Secret)
		add(nodes(n.Settings())...)
	case *SegmentRef:
		add(nodes(n.Path)...)
		add(n.Glob)
	case *Setting:
		add(n.Key, n.Value)
	}
	return out
}

// nodes converts a slice of nodes to []Node.
func nodes[T Node](xs []T) []Node {
	out := make([]Node, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
