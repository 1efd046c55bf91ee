package runtime

import (
	"math"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/cluster"
)

// ClusterProfile describes one cluster for a reader who names it: its
// size and, per feature (original units), the mean and median of its
// members.
type ClusterProfile struct {
	Label  string
	Size   int
	Mean   []float64
	Median []float64
}

// Profiles returns the population's profile (label "all", every clustered
// entity) followed by each cluster's, by cluster id, then noise for DBSCAN.
func (c *ClusterResult) Profiles() []ClusterProfile {
	groups := map[int32][]int{}
	var all []int
	for i, e := range c.rows {
		a, row := c.Assign[e], c.rawRowOf(i)
		groups[a] = append(groups[a], row)
		all = append(all, row)
	}
	out := []ClusterProfile{profileOf("all", c.raw, all)}
	ids := slices.Clone(c.IDs)
	slices.Sort(ids)
	if c.Cluster.Algorithm == plan.DBSCAN {
		ids = append(ids, plan.NoiseLabel)
	}
	for _, id := range ids {
		out = append(out, profileOf(c.Cluster.Label(id), c.raw, groups[int32(id)]))
	}
	return out
}

// rawRowOf is the raw row of clustered row i (of entity rows[i]).
func (c *ClusterResult) rawRowOf(i int) int {
	if c.rawRow != nil {
		return c.rawRow[i]
	}
	return c.rows[i]
}

// profileOf computes the mean and median of each feature over rows.
func profileOf(label string, raw cluster.Matrix, rows []int) ClusterProfile {
	p := ClusterProfile{Label: label, Size: len(rows)}
	for j := range raw.Cols {
		vals := column(raw, rows, j)
		p.Mean = append(p.Mean, mean(vals))
		p.Median = append(p.Median, median(vals))
	}
	return p
}

func mean(vals []float64) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range vals {
		s += v
	}
	return s / float64(len(vals))
}

// median is numpy's median (the mean of the two middle values).
func median(vals []float64) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	slices.Sort(vals)
	n := len(vals)
	if n%2 == 1 {
		return vals[n/2]
	}
	return (vals[n/2-1] + vals[n/2]) / 2
}
