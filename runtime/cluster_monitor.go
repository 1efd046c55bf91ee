package runtime

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/store"
)

// trainingBins returns each feature's deciles over the kept rows and the
// training share of each bin.
func trainingBins(raw cluster.Matrix, kept []int) []driftBins {
	out := make([]driftBins, raw.Cols)
	for j := range out {
		vals := column(raw, kept, j)
		if len(vals) == 0 {
			continue
		}
		edges := decileEdges(vals)
		out[j] = driftBins{Edges: edges, Shares: binShares(vals, edges)}
	}
	return out
}

// column returns feature j of the given rows.
func column(raw cluster.Matrix, rows []int, j int) []float64 {
	out := make([]float64, len(rows))
	for i, row := range rows {
		out[i] = raw.At(row, j)
	}
	return out
}

// monitorCluster records sizes, drift and stability, warning above the
// thresholds.
func (r *run) monitorCluster(res *ClusterResult, stored *storedAssignment) error {
	c := res.Cluster
	mon := &ModelMonitor{Sizes: make([]int, len(res.IDs))}
	pos := positions(res.IDs)
	for _, a := range res.Assign {
		switch a {
		case Unclustered:
			mon.Unclustered++
		case plan.NoiseLabel:
			mon.Noise++
		default:
			mon.Sizes[pos[a]]++
		}
	}
	for j, b := range res.model.Bins {
		if j >= len(c.FeatureNames) || len(b.Shares) == 0 {
			continue
		}
		d := FeatureDrift{Feature: c.FeatureNames[j], PSI: psi(b.Shares, currentShares(res, j, b))}
		mon.Drift = append(mon.Drift, d)
		if d.PSI > DriftPSIWarn {
			r.warn(c, diag.ClusterDrift, fmt.Sprintf("cluster %s: feature %s drifted from its training distribution (PSI %.3f > %.2f); consider segc run --retrain",
				c.Name, d.Feature, d.PSI, DriftPSIWarn))
		}
	}
	st, err := stability(res, stored)
	if err != nil {
		return err
	}
	mon.Stability = st
	if st != nil && st.Changed > ChangedShareWarn {
		r.warn(c, diag.ClusterUnstable, fmt.Sprintf("cluster %s: %.1f%% of the %d entities clustered in both runs changed cluster (more than %.0f%%; adjusted Rand index %.3f)",
			c.Name, 100*st.Changed, st.Compared, 100*ChangedShareWarn, st.AdjustedRand))
	}
	res.Monitor = mon
	return nil
}

// positions maps each cluster id (ids are >= 0) to its centroid position.
func positions(ids []int) []int {
	pos := make([]int, slices.Max(append([]int{0}, ids...))+1)
	for i, id := range ids {
		pos[id] = i
	}
	return pos
}

// currentShares are this run's shares of feature j in the model's bins b,
// binned in place in the raw matrix. A model this run trained was binned
// on these very rows, so they are its training shares.
func currentShares(res *ClusterResult, j int, b driftBins) []float64 {
	if res.Trained {
		return b.Shares
	}
	counts := make([]int, len(b.Edges)+1)
	for i := range res.rows {
		counts[binOf(res.raw.At(res.rawRowOf(i), j), b.Edges)]++
	}
	return sharesOf(counts, len(res.rows))
}

// stability compares the assignment with the stored membership of the
// previous model's segments, over the entities clustered in both runs
// (noise counts as a cluster). It is nil without a previous model. The
// pairs are counted in a table (cluster.Contingency) rather than listed.
func stability(res *ClusterResult, stored *storedAssignment) (*Stability, error) {
	before, err := stored.wait()
	if err != nil || before == nil {
		return nil, err
	}
	both := func(i int) bool { return res.Assign[i] != Unclustered && before[i] != Unclustered }
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for i, now := range res.Assign {
		if both(i) {
			lo, hi = min(lo, now, before[i]), max(hi, now, before[i])
		}
	}
	t := cluster.NewContingency(lo, hi)
	if t == nil {
		return listedStability(res, before)
	}
	changed := 0
	for i, now := range res.Assign {
		if both(i) {
			t.Add(before[i], now)
			changed += boolInt(before[i] != now)
		}
	}
	if t.N() == 0 {
		return nil, nil
	}
	return &Stability{Compared: t.N(), AdjustedRand: t.AdjustedRand(), Changed: float64(changed) / float64(t.N())}, nil
}

// listedStability is stability for cluster ids too far apart for a
// table: it lists both labelings of the entities clustered in both runs.
func listedStability(res *ClusterResult, before []int32) (*Stability, error) {
	var a, b []int32
	changed := 0
	for i, now := range res.Assign {
		if now == Unclustered || before[i] == Unclustered {
			continue
		}
		a, b = append(a, before[i]), append(b, now)
		if before[i] != now {
			changed++
		}
	}
	if len(a) == 0 {
		return nil, nil
	}
	ari, err := cluster.AdjustedRand(a, b)
	if err != nil {
		return nil, err
	}
	return &Stability{Compared: len(a), AdjustedRand: ari, Changed: float64(changed) / float64(len(a))}, nil
}

// storedAssignment is each entity's cluster id in the stored membership
// of the previous model's segments (Unclustered when in none), read on
// its own goroutine while the step gathers, applies and bins.
type storedAssignment struct {
	done   chan struct{}
	before []int32 // nil when the previous model cannot be decoded
	err    error
}

// readStoredAssignment starts reading prev's stored assignment; nil
// without a previous model.
func (r *run) readStoredAssignment(c *plan.Cluster, prev *store.ModelRow) *storedAssignment {
	if prev == nil {
		return nil
	}
	s := &storedAssignment{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.before, s.err = r.storedLabels(c, prev)
	}()
	return s
}

// wait returns the stored assignment once read (nil, nil without one).
func (s *storedAssignment) wait() ([]int32, error) {
	if s == nil {
		return nil, nil
	}
	<-s.done
	return s.before, s.err
}

// storedLabels reads the members of prev's segments (and noise) as
// cluster ids by entity index.
func (r *run) storedLabels(c *plan.Cluster, prev *store.ModelRow) ([]int32, error) {
	old, _, err := decodeModel(prev)
	if err != nil {
		return nil, nil
	}
	before := make([]int32, r.ev.Len())
	for i := range before {
		before[i] = Unclustered
	}
	for _, label := range append(slices.Clone(old.Labels), "noise") {
		id, ok := c.LabelID(label)
		if !ok {
			continue
		}
		if err := r.placeStored(c.Name+"."+label, func(i int) { before[i] = int32(id) }); err != nil {
			return nil, err
		}
	}
	return before, nil
}

// placeStored calls set with the entity index of every stored member of
// a segment: from the members the caller prepared (Prepared.Members)
// when it has the segment's, else read from the database.
func (r *run) placeStored(segment string, set func(int)) error {
	if m, ok := r.storedMembers[segment]; ok {
		for _, e := range m {
			if e >= 0 && int(e) < r.ev.Len() {
				set(int(e))
			}
		}
		return nil
	}
	keys, err := store.ReadSegmentMembers(r.ctx, r.db, segment)
	if err != nil {
		return err
	}
	r.placeKeys(keys, set)
	return nil
}

// placeKeys calls set with the entity index of every stored key that is in
// the population.
func (r *run) placeKeys(keys store.Keys, set func(int)) {
	pop := r.ev.Outcome.Keys
	mergeKeys(pop.Ints, keys.Ints, set)
	mergeKeys(pop.Strs, keys.Strs, set)
}

// mergeKeys calls set(i) for every key found in pop (ascending, as the
// population's keys are), at its index i. Stored members come in key
// order, so it walks both lists once; a key before the walk's position
// is looked up by binary search instead.
func mergeKeys[K cmp.Ordered](pop, keys []K, set func(int)) {
	i := 0
	for _, k := range keys {
		if i > 0 && k <= pop[i-1] {
			if j, ok := slices.BinarySearch(pop, k); ok {
				set(j)
			}
			continue
		}
		for i < len(pop) && pop[i] < k {
			i++
		}
		if i < len(pop) && pop[i] == k {
			set(i)
		}
	}
}

// warn records a run warning at the cluster's declaration.
func (r *run) warn(c *plan.Cluster, code diag.Code, msg string) {
	w := Warning{Code: code, Loc: c.Loc, Msg: msg}
	switch {
	case r.warnings != nil:
		*r.warnings = append(*r.warnings, w)
	case r.out != nil:
		r.out.warnings = append(r.out.warnings, w)
	default:
		r.ev.Warnings = append(r.ev.Warnings, w)
	}
}

// joinList joins items with commas.
func joinList(items []string) string { return strings.Join(items, ", ") }

// clusterOutcome adds every cluster's segments (cluster ids ascending,
// then noise for DBSCAN), the trained models and the run's model metrics.
func (r *run) clusterOutcome() error {
	out := r.ev.Outcome
	for _, res := range r.ev.Clusters {
		if res == nil {
			continue
		}
		out.Segments = append(out.Segments, r.clusterParts(res)...)
		row, run, err := modelRows(res)
		if err != nil {
			return err
		}
		if row != nil {
			out.Models = append(out.Models, *row)
		}
		out.ModelRuns = append(out.ModelRuns, run)
	}
	if d := r.ev.deferral; d != nil {
		d.placeholders(out)
		out.Later = r.ev.Wait
	}
	return nil
}

// clusterSegments lists a cluster's stored segments and their members.
func clusterSegments(res *ClusterResult) []store.SegmentMembers {
	c := res.Cluster
	ids := slices.Clone(res.IDs)
	slices.Sort(ids)
	if c.Algorithm == plan.DBSCAN {
		ids = append(ids, plan.NoiseLabel)
	}
	members := membersByID(res.Assign, ids)
	out := make([]store.SegmentMembers, len(ids))
	for i, id := range ids {
		out[i] = store.SegmentMembers{Name: c.SegmentName(id), Members: members[i]}
	}
	return out
}

// membersByID lists, for each id, the entities assigned to it, each list
// of exactly its size (counted first, rather than grown by appends in a
// map). An assignment to an id not listed is in no list.
func membersByID(assign []int32, ids []int) [][]int32 {
	lo, hi := slices.Min(append([]int{0}, ids...)), slices.Max(append([]int{0}, ids...))
	pos := make([]int, hi-lo+1) // position in ids + 1; 0: not listed
	for i, id := range ids {
		pos[id-lo] = i + 1
	}
	at := func(a int32) int {
		if int(a) < lo || int(a) > hi {
			return 0
		}
		return pos[int(a)-lo]
	}
	counts := make([]int, len(ids)+1)
	for _, a := range assign {
		counts[at(a)]++
	}
	out := make([][]int32, len(ids))
	for i := range out {
		out[i] = make([]int32, 0, counts[i+1])
	}
	for e, a := range assign {
		if p := at(a); p > 0 {
			out[p-1] = append(out[p-1], int32(e))
		}
	}
	return out
}

// modelRows encodes the trained model (nil when the run applied a stored
// one) and the run's model metrics.
func modelRows(res *ClusterResult) (*store.ModelRow, store.ModelRunRow, error) {
	c := res.Cluster
	mon, err := json.Marshal(res.Monitor)
	if err != nil {
		return nil, store.ModelRunRow{}, err
	}
	run := store.ModelRunRow{Name: c.Name, Version: res.Version, Metrics: string(mon)}
	if !res.Trained {
		return nil, run, nil
	}
	model, err := json.Marshal(res.model)
	if err != nil {
		return nil, run, fmt.Errorf("cluster %s: encoding the model: %w", c.Name, err)
	}
	return &store.ModelRow{Name: c.Name, Version: res.Version, TrainedAt: res.TrainedAt, Spec: res.spec,
		Model: string(model), Later: func() (string, error) { return encodeMetrics(res.Metrics) }}, run, nil
}

// encodeMetrics waits for the metrics computed in the background and
// encodes them.
func encodeMetrics(m *ModelMetrics) (string, error) {
	if err := m.Wait(); err != nil {
		return "", err
	}
	met, err := json.Marshal(finite(m))
	return string(met), err
}

// finite replaces non-finite metrics (which JSON cannot hold) with 0.
func finite(m *ModelMetrics) *ModelMetrics {
	out := *m
	for _, p := range []*float64{&out.Inertia, &out.Silhouette, &out.DaviesBouldin} {
		if math.IsNaN(*p) || math.IsInf(*p, 0) {
			*p = 0
		}
	}
	return &out
}
