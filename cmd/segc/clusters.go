package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/segc/segc/runtime"
)

// runView is what `segc run` prints beyond the size table.
type runView struct {
	target   *diffTarget // print the membership diff against it
	profiles bool        // print cluster profiles
	quiet    bool        // do not print whether the run was incremental
}

// printClusters prints, per cluster segment, the model it trained or
// applied, its quality metrics, the silhouette of each k tried, this
// run's stability and drift, and with profiles each cluster's size and
// the mean and median of every feature against the population.
func printClusters(w io.Writer, ev *runtime.Evaluation, profiles bool) {
	for _, c := range ev.Clusters {
		if c == nil {
			continue
		}
		printClusterModel(w, c)
		if profiles {
			printProfiles(w, c)
		}
	}
}

// printClusterModel prints the model line, metrics and monitoring.
func printClusterModel(w io.Writer, c *runtime.ClusterResult) {
	how := "applied stored"
	if c.Trained {
		how = "trained (" + c.Reason + ")"
	}
	m, mon := c.Metrics, c.Monitor
	fmt.Fprintf(w, "\ncluster %s: %s model version %d, trained as of %s; %d clustered, %d with a null feature\n",
		c.Cluster.Name, how, c.Version, c.TrainedAt.Format("2006-01-02 15:04:05"), len(c.Assign)-mon.Unclustered, mon.Unclustered)
	sample := "all rows"
	if m.SilhouetteSample > 0 {
		sample = fmt.Sprintf("a seeded sample of %d", m.SilhouetteSample)
	}
	silhouette := "not computed"
	if err := m.Wait(); err != nil {
		silhouette += ": " + err.Error()
	} else {
		silhouette = fmt.Sprintf("%.4f (%s)", m.Silhouette, sample)
	}
	fmt.Fprintf(w, "  training metrics: inertia %s, silhouette %s, Davies-Bouldin %.4f\n", num(m.Inertia), silhouette, m.DaviesBouldin)
	if len(m.SilhouetteByK) > 0 {
		var rows [][]string
		for _, s := range m.SilhouetteByK {
			rows = append(rows, []string{"  " + strconv.Itoa(s.K), fmt.Sprintf("%.4f", s.Silhouette), num(s.Inertia)})
		}
		printTable(w, []string{"  k", "silhouette", "inertia"}, rows)
	}
	if st := mon.Stability; st != nil {
		fmt.Fprintf(w, "  stability: %.1f%% of %d entities changed cluster, adjusted Rand index %.4f\n", 100*st.Changed, st.Compared, st.AdjustedRand)
	}
	var drift []string
	for _, d := range mon.Drift {
		drift = append(drift, fmt.Sprintf("%s %.4f", d.Feature, d.PSI))
	}
	if len(drift) > 0 {
		fmt.Fprintf(w, "  drift (PSI against training): %s\n", strings.Join(drift, ", "))
	}
}

// printProfiles prints one row per cluster (the population first) with
// its size, share, and each feature's mean and median.
func printProfiles(w io.Writer, c *runtime.ClusterResult) {
	ps := c.Profiles()
	header := []string{"  cluster", "size", "share"}
	for _, f := range c.Cluster.FeatureNames {
		header = append(header, f+" mean", "median")
	}
	var rows [][]string
	for _, p := range ps {
		share := 100 * float64(p.Size) / math.Max(float64(ps[0].Size), 1)
		row := []string{"  " + p.Label, strconv.Itoa(p.Size), fmt.Sprintf("%.1f%%", share)}
		for j := range p.Mean {
			row = append(row, num(p.Mean[j]), num(p.Median[j]))
		}
		rows = append(rows, row)
	}
	printTable(w, header, rows)
}

// num renders a statistic with four significant digits, "-" for none.
func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	if math.Abs(v) >= 1e4 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
