package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCompareKMeans checks the k-means comparison against scikit-learn:
// sizes are matched by rank, inertia may be lower but at most 0.1% higher.
func TestCompareKMeans(t *testing.T) {
	tests := []struct {
		name                string
		segc, peer          kmeansResult
		inertiaOK, sizesOK  bool
		inertiaPct, sizePct float64
	}{
		{"same", kmeansResult{100, []int{3, 1, 2}}, kmeansResult{100, []int{1, 2, 3}}, true, true, 0, 0},
		{"labels permuted, sizes 1.05% apart", kmeansResult{100.05, []int{1000, 2021}}, kmeansResult{100, []int{2000, 1000}}, true, false, 0.05, 1.05},
		{"inertia too high", kmeansResult{100.2, []int{5, 5}}, kmeansResult{100, []int{5, 5}}, false, true, 0.2, 0},
		{"inertia lower is fine", kmeansResult{99, []int{5, 5}}, kmeansResult{100, []int{5, 5}}, true, true, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := compareKMeans(&tt.segc, &tt.peer)
			if err != nil {
				t.Fatal(err)
			}
			if c.inertiaOK() != tt.inertiaOK || c.sizesOK() != tt.sizesOK {
				t.Errorf("inertiaOK %v sizesOK %v, want %v %v (%+v)", c.inertiaOK(), c.sizesOK(), tt.inertiaOK, tt.sizesOK, c)
			}
			if !near(100*c.inertiaDiff, tt.inertiaPct) || !near(100*c.sizeDiff, tt.sizePct) {
				t.Errorf("inertia %.4f%% size %.4f%%, want %.4f%% %.4f%%", 100*c.inertiaDiff, 100*c.sizeDiff, tt.inertiaPct, tt.sizePct)
			}
		})
	}
	if _, err := compareKMeans(&kmeansResult{1, []int{1, 2}}, &kmeansResult{1, []int{3}}); err == nil {
		t.Error("models with different k compared without an error")
	}
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// TestParsePeerOutputs reads the pandas peer's and DuckDB peer's outputs
// and segc's progress lines.
func TestParsePeerOutputs(t *testing.T) {
	pandas := []byte("kmeans_inertia 7413.674 sizes [1104, 1759, 2011, 2427]\nbig_spenders 731\nlapsed 3799\n")
	k, err := parsePandasKMeans(pandas)
	if err != nil || k == nil || k.Inertia != 7413.674 || len(k.Sizes) != 4 || k.Sizes[3] != 2427 {
		t.Errorf("parsePandasKMeans = %+v, %v", k, err)
	}
	if k, err := parsePandasKMeans([]byte("big_spenders 731\n")); k != nil || err != nil {
		t.Errorf("no k-means line: got %+v, %v", k, err)
	}
	sizes := parseSpaceSizes(pandas)
	if len(sizes) != 2 || sizes["big_spenders"] != 731 || sizes["lapsed"] != 3799 {
		t.Errorf("parseSpaceSizes = %v", sizes)
	}
	st := parseStageSeconds([]byte("load=20.80s features=1.5s rules=0.02s cluster=3.10s\n"))
	if st["load"] != 20800*time.Millisecond || st["cluster"] != 3100*time.Millisecond || len(st) != 4 {
		t.Errorf("parseStageSeconds = %v", st)
	}
	m := measurement{elapsed: 5 * time.Second, stderr: []byte("[  0.00s] load entities\n[  1.50s] event aggregates\n[  4.00s] store\n")}
	segc := segcStages(m)
	if stageNamed(segc, "load entities") != 1500*time.Millisecond || stageNamed(segc, "event aggregates") != 2500*time.Millisecond || stageNamed(segc, "store") != time.Second {
		t.Errorf("segcStages = %v", segc)
	}
	if got := stageOrder(segc); strings.Join(got, ",") != "0:load entities,1:event aggregates,2:store" {
		t.Errorf("stageOrder = %v", got)
	}
	m.stderr = []byte("[  0.00s] evaluate steps\n[  0.40s] store\n[background 1.10s] train clusters (in the background)\n")
	if got := segcEvaluate(m); got != 1100*time.Millisecond {
		t.Errorf("segcEvaluate = %v, want the background training (1.10s)", got)
	}
	m.stderr = []byte("[  0.00s] evaluate steps\n[  0.40s] store\n")
	if got := segcEvaluate(m); got != 400*time.Millisecond {
		t.Errorf("segcEvaluate = %v, want the evaluate stage (0.40s) when nothing ran in the background", got)
	}
}

// TestCheckSizes checks that a peer within one entity per percentile
// boundary agrees, and one beyond it (or missing a segment) does not.
func TestCheckSizes(t *testing.T) {
	segcOut := "segment size entered exited\n"
	pipe := ""
	for i, name := range w1Segments() {
		segcOut += name + " " + strconv.Itoa(100+i) + " 0 0\n"
		pipe += name + "|" + strconv.Itoa(100+i) + "\n"
	}
	agreeing := strings.Replace(pipe, "big_spenders_by_country|101", "big_spenders_by_country|99", 1)
	beyond := strings.Replace(pipe, "lapsed|107", "lapsed|108", 1)
	for _, tt := range []struct {
		name, peer string
		fails      bool
	}{{"exact", pipe, false}, {"boundary", agreeing, false}, {"beyond", beyond, true}, {"missing", "lapsed|107\n", true}} {
		var out bytes.Buffer
		s := benchSample{peerSegc: {stdout: []byte(segcOut)}, peerSQL: {stdout: []byte(tt.peer)}}
		if got := checkSizes([]peerID{peerSegc, peerSQL}, s, &out); (len(got) > 0) != tt.fails {
			t.Errorf("%s: failures %v, want failing %v\n%s", tt.name, got, tt.fails, out.String())
		}
	}
}
