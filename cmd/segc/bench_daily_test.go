package main

import (
	"strings"
	"testing"
	"time"
)

func TestDailyReport(t *testing.T) {
	run := func(wall, cpu float64) measurement {
		return measurement{elapsed: time.Duration(wall * float64(time.Second)), cpu: time.Duration(cpu * float64(time.Second)), maxRSS: 100 << 20}
	}
	pair := func(inc, cold float64, same bool) dailySample {
		return dailySample{inc: run(inc, inc/2), cold: run(cold, cold/2), sameMembers: same}
	}
	for _, tc := range []struct {
		name      string
		samples   []dailySample
		duck      time.Duration
		want      []string
		wantError bool
	}{
		{"met", []dailySample{pair(0.5, 4, true), pair(0.6, 3.5, true), pair(0.7, 4, true)}, time.Second,
			[]string{"daily run at most 0.2x a cold run (time)       met      incremental / cold = 0.17x (cpu 0.17x)",
				"daily run faster than DuckDB's query           met      0.60s vs 1.00s",
				"segc run (incremental)                0.60s  0.30s        0.17x       0.17x      100 MiB"}, false},
		{"not met, no DuckDB", []dailySample{pair(1.5, 3, true)}, 0,
			[]string{"NOT met  incremental / cold = 0.50x"}, false},
		{"members differ", []dailySample{pair(0.5, 4, true), pair(0.5, 4, false)}, 0, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			err := dailyReport(&out, tc.samples, tc.duck)
			if (err != nil) != tc.wantError {
				t.Fatalf("dailyReport error = %v, want error %v", err, tc.wantError)
			}
			flat := strings.Join(strings.Fields(out.String()), " ")
			for _, w := range tc.want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("report lacks %q:\n%s", w, out.String())
				}
			}
			if tc.duck == 0 && strings.Contains(out.String(), "DuckDB") {
				t.Errorf("report mentions DuckDB without its time:\n%s", out.String())
			}
		})
	}
}
