package eval

import "github.com/segc/segc/compiler/plan"

// ClusterInputs is implemented by entity-level inputs that know cluster
// assignments. Inputs without it read cluster references as false.
type ClusterInputs interface {
	// InCluster is true where the entity is in cluster label (a cluster id
	// or plan.NoiseLabel) of cluster c; never null.
	InCluster(c, label int) Vec
}

// compileClusterRef builds the kernel of a cluster reference; ok is false
// for any other node.
func compileClusterRef(e plan.Expr) (Kernel, bool) {
	x, ok := e.(*plan.ClusterRef)
	if !ok {
		return nil, false
	}
	c, label := x.Cluster, x.Label
	return func(in Inputs) Vec { return fetchCluster(in, c, label) }, true
}

// fetchCluster reads a cluster input, false everywhere when in does not
// implement ClusterInputs.
func fetchCluster(in Inputs, c, label int) Vec {
	if ci, ok := in.(ClusterInputs); ok {
		return ci.InCluster(c, label)
	}
	return Bools(make([]bool, in.Len()))
}

// lowerClusterRef writes the row-engine input of a cluster reference; ok
// is false for any other node.
func (l *lowering) lowerClusterRef(e plan.Expr) bool {
	x, ok := e.(*plan.ClusterRef)
	if ok {
		l.input(srcCluster, x.Cluster, x.Label)
	}
	return ok
}
