package runtime

import (
	"sync"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// applyCompact applies the stored model to the entities with every
// feature non-null, gathered alone (gatherComplete): a matrix of every
// entity, most of them left out by a null, is never made. The result is
// the one applyCluster gives on the full matrix: the same rows, values
// and order (setAssign maps the raw rows back to entities).
func (r *run) applyCompact(res *ClusterResult, prev *store.ModelRow) error {
	c := res.Cluster
	vs, err := r.clusterFeatures(c)
	if err != nil {
		return err
	}
	res.raw, res.rawEntity = gatherComplete(vs, r.ev.Len())
	if err := r.applyCluster(res, prev); err != nil {
		return wrap(err, c.Loc)
	}
	return nil
}

// clusterFeatures evaluates a cluster's features.
func (r *run) clusterFeatures(c *plan.Cluster) ([]eval.Vec, error) {
	vs := make([]eval.Vec, len(c.Features))
	for j, f := range c.Features {
		v, err := r.eval(f)
		if err != nil {
			return nil, err
		}
		vs[j] = v
	}
	return vs, nil
}

// gatherComplete returns, as fillColumn would fill them, the feature
// values of the entities with every feature non-null (a feature that is
// not numeric is null everywhere), and those entities. The entities are
// listed without a branch per entity (most of them in a daily run's W1
// lack a feature, in no order), and each column is copied by one loop of
// its kind.
func gatherComplete(vs []eval.Vec, n int) (cluster.Matrix, []int) {
	complete := make([]bool, n)
	fill(complete, true)
	for _, v := range vs {
		narrowValid(complete, v)
	}
	count := countTrue(complete)
	entities := make([]int, count+1) // the loop writes one past the last
	k := 0
	for i, ok := range complete {
		entities[k] = i
		k += boolInt(ok)
	}
	entities = entities[:count:count]
	raw := cluster.NewMatrix(count, len(vs))
	for j, v := range vs {
		gatherColumn(raw, j, v, entities)
	}
	return raw, entities
}

// gatherColumn writes the values of v at entities (non-null, of a
// numeric kind: numericKind) into column j of raw, one row per entity,
// as floats, as fillColumn writes them.
func gatherColumn(raw cluster.Matrix, j int, v eval.Vec, entities []int) {
	cols := raw.Cols
	if v.Kind == types.Float {
		for r, e := range entities {
			raw.Data[r*cols+j] = v.F[e]
		}
		return
	}
	for r, e := range entities {
		raw.Data[r*cols+j] = float64(v.I[e])
	}
}

// countTrue counts the set entries of bs.
func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		n += boolInt(b)
	}
	return n
}

// narrowValid clears the entities whose value of v is null.
func narrowValid(complete []bool, v eval.Vec) {
	if !numericKind(v.Kind) {
		clear(complete)
		return
	}
	if v.Valid == nil {
		return
	}
	for i, ok := range v.Valid[:len(complete)] {
		complete[i] = boolInt(complete[i])&boolInt(ok) != 0
	}
}

// numericKind reports whether fillColumn reads values of kind k.
func numericKind(k types.Kind) bool {
	switch k {
	case types.Int, types.Time, types.Duration, types.Float:
		return true
	}
	return false
}

// splitRows is the number of raw rows from which a stored model is
// applied to two halves at once: the cluster step is the last of a daily
// run's steps to end, and at its end it would run alone on one core.
const splitRows = 1 << 16

// applyRows prepares raw's rows with the stored model and labels them:
// the kept raw rows and their centroid positions. Rows are prepared and
// labelled one by one, so the halves give, joined, the result of the
// whole.
func applyRows(m *storedModel, raw cluster.Matrix) ([]int, []int32, error) {
	if raw.Rows < splitRows {
		return applyPiece(m, raw)
	}
	h := raw.Rows / 2
	halves := [2]cluster.Matrix{
		{Rows: h, Cols: raw.Cols, Data: raw.Data[:h*raw.Cols]},
		{Rows: raw.Rows - h, Cols: raw.Cols, Data: raw.Data[h*raw.Cols:]},
	}
	var kept [2][]int
	var labels [2][]int32
	var errs [2]error
	var wg sync.WaitGroup
	for i := range halves {
		wg.Go(func() { kept[i], labels[i], errs[i] = applyPiece(m, halves[i]) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	for j := range kept[1] {
		kept[1][j] += h
	}
	return append(kept[0], kept[1]...), append(labels[0], labels[1]...), nil
}

// applyPiece is applyRows on one piece of the rows.
func applyPiece(m *storedModel, raw cluster.Matrix) ([]int, []int32, error) {
	kept, complete, err := m.Scaler.ApplyComplete(raw)
	if err != nil {
		return nil, nil, err
	}
	z, err := project(m.PCA, complete)
	if err != nil {
		return nil, nil, err
	}
	labels, err := cluster.Assign(z, m.Centroids)
	return kept, labels, err
}
