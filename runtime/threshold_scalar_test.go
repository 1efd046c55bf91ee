package runtime_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// heldThresholdModule compares with thresholds held without a vector
// (with and without `by`, one over no values), imputes by one, and
// compares days_since with a literal, over nullable columns.
const heldThresholdModule = `
entities t key id { a int? b float? g string? seen time? }
feature imputed = b ?? median(b)
segment over_p75 { where b > percentile(b, 75) }
segment flipped { where percentile(b, 25) >= a }
segment by_group { where b >= percentile(b, 50, by g) and a > 0 }
segment int_by_group { where a < percentile(a, 60, by g) }
segment nobody { where a > 100 }
segment nobody.empty_stat { where b > percentile(b, 50) }
segment recent { where days_since(seen) <= 10 }
segment imputed_high { where imputed >= percentile(imputed, 50) }
`

// TestHeldThresholdsMatchTheRowEngine: members and threshold values of a
// run whose thresholds are held as a value or per-group tables, and
// whose clauses narrow in place, equal those of the row engine (which
// reads every threshold as a vector).
func TestHeldThresholdsMatchTheRowEngine(t *testing.T) {
	db, p := moduleDB(t, heldThresholdModule, `CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b REAL, g TEXT, seen INTEGER)`)
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 60; i++ {
		a, b, g, seen := any(int64(i%7)), any(float64(i%11)*1.5), any(fmt.Sprint("g", i%3)), any(asOf.Unix()-int64(i)*86400/3)
		switch {
		case i%5 == 0:
			a, b = nil, nil
		case i%9 == 0:
			g, seen = nil, nil
		case i%13 == 0:
			g = "alone" // a group whose only values are null below
			b = nil
		}
		if _, err := db.Exec(`INSERT INTO t VALUES (?, ?, ?, ?, ?)`, i, a, b, g, seen); err != nil {
			t.Fatal(err)
		}
	}
	ctx, reg := context.Background(), builtins.Default()
	ev, err := runtime.Evaluate(ctx, db, p, reg, runtime.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	row, err := runtime.Evaluate(ctx, db, p, reg, runtime.Options{AsOf: asOf, ForceRow: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Segments {
		if !slices.Equal(ev.Members[s.Index], row.Members[s.Index]) {
			t.Errorf("segment %s: members %v, the row engine %v", s.Name, ev.Members[s.Index], row.Members[s.Index])
		}
		if n := count(ev.Members[s.Index]); s.Name != "nobody.empty_stat" && s.Name != "nobody" && (n == 0 || n == ev.Len()) {
			t.Errorf("segment %s has %d of %d members: the fixture does not test it", s.Name, n, ev.Len())
		}
	}
	for i, th := range p.Thresholds {
		got, want := ev.ThresholdVec(i), row.ThresholdVec(i)
		for j := range ev.Len() {
			if g, w, v := got.Value(j), want.Value(j), ev.ThresholdValue(i, j); g != w || v != w {
				t.Errorf("%s entity %d: vector %v, value %v, the row engine %v", th.Text, j, g, v, w)
			}
		}
	}
	if !slices.Equal(ev.Features[0].F, row.Features[0].F) {
		t.Errorf("imputed: %v, the row engine %v", ev.Features[0].F, row.Features[0].F)
	}
}
