package incremental_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/incremental"
)

// windowsPlan compiles testdata/windows.seg.
func windowsPlan(t *testing.T, files ...string) *plan.Plan {
	t.Helper()
	m, diags, err := compiler.LoadFiles(append([]string{"testdata/windows.seg"}, files...))
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading windows.seg: %v %v", err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("compiling windows.seg: %v", diags)
	}
	return p
}

// Events before the first run (as of 2026-06-29): entity 1 has only 24h
// events, which all leave by the next day; entity 2 has float amounts
// whose compensated sum depends on which events remain, and int
// quantities crossing the 24h and 30d windows; entity 3's 3-day minimum
// and first event leave while later events stay; entity 5 has ties.
const windowEvents = `INSERT INTO events(event_id, customer_id, ts, kind, qty, amount) VALUES
	(1, 1, '2026-06-28 12:00:00', 'buy', 5, 0.1),
	(2, 1, '2026-06-28 13:00:00', 'view', NULL, NULL),
	(3, 2, '2026-06-27 13:00:00', 'buy', 3, 0.1),
	(4, 2, '2026-06-28 10:00:00', 'buy', 4, 1e16),
	(5, 2, '2026-06-28 11:00:00', 'view', -7, 0.3),
	(6, 2, '2026-05-30 12:00:00', 'buy', 11, 2.5),
	(7, 3, '2026-06-26 06:00:00', 'cart', 9, 1.0),
	(8, 3, '2026-06-28 06:00:00', 'buy', 2, 5.0),
	(9, 5, '2026-06-28 20:00:00', 'a', 1, 7.0),
	(10, 5, '2026-06-28 20:00:00', 'b', 1, 8.0),
	(11, 3, '2026-07-02 06:00:00', 'late', 1, 0.5)`

// windowAppend are the next day's events (above the high-water mark).
const windowAppend = `INSERT INTO events(event_id, customer_id, ts, kind, qty, amount) VALUES
	(20, 2, '2026-06-29 09:00:00', 'buy', 1, 0.2),
	(21, 3, '2026-06-29 06:00:00', 'buy', NULL, 2.0),
	(22, 5, '2026-06-29 01:00:00', 'c', 2, NULL),
	(23, 4, '2026-06-29 23:00:00', 'buy', 6, 3.25),
	(24, 2, '2026-06-25 09:00:00', 'old', 100, 100.0)`

func TestTailsEqualCold(t *testing.T) {
	for _, files := range [][]string{nil, {"testdata/distinct.seg"}} {
		t.Run(fmt.Sprint(files), func(t *testing.T) { tailsEqualCold(t, windowsPlan(t, files...)) })
	}
}

func tailsEqualCold(t *testing.T, p *plan.Plan) {
	db := open(t, filepath.Join(t.TempDir(), "w.db"))
	exec(t, db, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL)`)
	exec(t, db, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, ts TEXT NOT NULL, kind TEXT NOT NULL, qty INTEGER, amount REAL)`)
	exec(t, db, `CREATE INDEX events_key ON events(customer_id, ts)`)
	exec(t, db, `INSERT INTO customers VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')`)
	exec(t, db, windowEvents)
	run(t, db, p, day0, false)
	exec(t, db, windowAppend)
	ctx, reg := context.Background(), builtins.Default()
	for _, asOf := range []time.Time{day1, day1.Add(30 * time.Hour), day1.AddDate(0, 0, 5), day1.AddDate(0, 0, 40)} {
		opts := runtime.Options{AsOf: asOf}
		inc, info, err := incremental.Evaluate(ctx, db, p, reg, opts, incremental.Options{DryRun: true})
		if err != nil || !info.Incremental {
			t.Fatalf("as of %s: %v %v, want an incremental run", asOf, info, err)
		}
		if info.Save != nil {
			t.Fatalf("as of %s: a dry run encodes a state to save, which nothing writes", asOf)
		}
		cold, _, err := incremental.Evaluate(ctx, db, p, reg, opts, incremental.Options{DryRun: true, Cold: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range p.Aggregates {
			if got, want := values(inc.Aggregates[i]), values(cold.Aggregates[i]); !reflect.DeepEqual(got, want) {
				t.Errorf("as of %s: %s = %v, cold %v", asOf, a.Text, got, want)
			}
		}
		if r := run(t, db, p, asOf, false); !r.Incremental.Incremental {
			t.Fatalf("as of %s: %v, want incremental", asOf, r.Incremental)
		}
	}
}

// values boxes a vector's values (nil for null, whatever its payload).
func values(v eval.Vec) []any {
	out := make([]any, v.Len())
	for i := range out {
		out[i] = v.Value(i)
	}
	return out
}
