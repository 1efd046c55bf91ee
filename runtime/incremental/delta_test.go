package incremental

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/demo"
	"github.com/segc/segc/runtime/store"
)

// demoBase generates the 3,000-customer demo database (seed 7) in a temp
// directory, and returns the directory, the database's path and the day
// before its as-of.
func demoBase(t *testing.T) (string, string, time.Time) {
	t.Helper()
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if _, err := demo.Generate(context.Background(), base, demo.Options{Customers: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return dir, base, time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
}

// TestDeltasEqualFullState: over daily runs that save deltas, the stored
// log state (base plus deltas, decoded) equals the whole state that the
// same runs save when they write it in full, and so does membership; for
// W1, and for examples/segments, whose lifecycle and triggers keep event
// lists in the state.
func TestDeltasEqualFullState(t *testing.T) {
	dir, base, day0 := demoBase(t)
	for _, tc := range []struct {
		name string
		plan *plan.Plan
	}{{"w1", compileW1(t)}, {"segments", compileDir(t, "../../examples/segments")}} {
		t.Run(tc.name, func(t *testing.T) { deltasEqualFullState(t, tc.plan, filepath.Join(dir, tc.name), base, day0) })
	}
}

// compileDir compiles the module in dir.
func compileDir(t *testing.T, dir string) *plan.Plan {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	m, diags, err := compiler.LoadFiles(files)
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading %s: %v %v", dir, err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("compiling %s: %v", dir, diags)
	}
	return p
}

func deltasEqualFullState(t *testing.T, p *plan.Plan, dir, base string, day0 time.Time) {
	dbs := [2]*sql.DB{openCopy(t, base, dir+"-delta.db"), openCopy(t, base, dir+"-full.db")}
	for _, db := range dbs {
		commitRun(t, db, p, day0, Options{Cold: true})
	}
	sawDelta := false
	for k := 1; k <= 6; k++ {
		asOf := day0.AddDate(0, 0, k)
		for i, db := range dbs {
			dailyChanges(t, db, k)
			if info := commitRun(t, db, p, asOf, Options{fullState: i == 1}); !info.Incremental {
				t.Fatalf("day %d: %v, want incremental", k, info)
			}
		}
		sawDelta = compareStates(t, p, dbs[0], dbs[1], k) || sawDelta
		if a, b := dumpMembers(t, dbs[0]), dumpMembers(t, dbs[1]); a != b {
			t.Fatalf("day %d: membership differs", k)
		}
	}
	if !sawDelta {
		t.Error("no run saved a delta")
	}
	truncatedDeltas(t, p, dbs[0])
}

// truncatedDeltas: a cut delta is an error, never a panic or a success.
func truncatedDeltas(t *testing.T, p *plan.Plan, db *sql.DB) {
	t.Helper()
	s, err := loadSaved(context.Background(), db, p)
	if err != nil {
		t.Fatal(err)
	}
	s.finishLoad()
	for _, l := range p.Logs {
		for _, d := range s.logs[l.Index].deltas {
			for cut := 0; cut < len(d); cut += 1 + len(d)/100 {
				again, err := loadSaved(context.Background(), db, p)
				if err != nil {
					t.Fatal(err)
				}
				again.finishLoad()
				st := again.logs[l.Index].base
				if err := st.ApplyDelta(logAggs(p, l.Index), d[:cut]); err == nil {
					t.Fatalf("a delta cut at %d of %d bytes applied", cut, len(d))
				}
			}
		}
	}
}

// dailyChanges appends a few events dated the day before day k's as-of
// (some after it), and on day 3 changes entity rows.
func dailyChanges(t *testing.T, db *sql.DB, k int) {
	t.Helper()
	q := []string{fmt.Sprintf(`INSERT INTO events(customer_id, ts, type, amount)
		SELECT customer_id, datetime('2026-06-29', '+%d days', '-' || (event_id %% 20) || ' hours'), type, amount
		FROM events WHERE event_id %% 500 = %d`, k, k),
		`INSERT INTO events(customer_id, ts, type, amount) VALUES (4, '2026-07-09 00:00:00', 'purchase', 12.5)`}
	if k == 3 {
		q = append(q, `UPDATE customers SET engagement_score = NULL WHERE customer_id % 97 = 0`)
	}
	for _, s := range q {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// compareStates checks that each log's stored state decodes to the full
// one; it reports whether the delta database had deltas.
func compareStates(t *testing.T, p *plan.Plan, delta, full *sql.DB, k int) bool {
	t.Helper()
	ctx := context.Background()
	d, err := loadSaved(ctx, delta, p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadSaved(ctx, full, p)
	if err != nil {
		t.Fatal(err)
	}
	d.finishLoad()
	f.finishLoad()
	had := false
	for _, l := range p.Logs {
		la := logAggs(p, l.Index)
		if len(la) == 0 {
			continue
		}
		had = had || len(d.logs[l.Index].deltas) > 0
		if len(f.logs[l.Index].deltas) > 0 {
			t.Fatalf("day %d: the full state has deltas", k)
		}
		dTails, fTails := d.logs[l.Index].tails, f.logs[l.Index].tails // decode takes them
		got := canonical(t, &d.logs[l.Index], la, d.n)
		want := canonical(t, &f.logs[l.Index], la, f.n)
		if !bytes.Equal(got, want) || !bytes.Equal(dTails, fTails) {
			t.Errorf("day %d, log %s: base plus %d deltas differs from the full state", k, l.Name, len(d.logs[l.Index].deltas))
		}
	}
	return had
}

func compileW1(t *testing.T) *plan.Plan {
	t.Helper()
	m, diags, err := compiler.LoadFiles([]string{"../../compiler/testdata/plan/w1.seg"})
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading w1: %v %v", err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("compiling w1: %v", diags)
	}
	return p
}

func openCopy(t *testing.T, from, to string) *sql.DB {
	t.Helper()
	src, err := sql.Open("sqlite3", from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.Exec(`VACUUM INTO ?`, to); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", to)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// commitRun evaluates and commits like segc run.
func commitRun(t *testing.T, db *sql.DB, p *plan.Plan, asOf time.Time, io Options) *Info {
	t.Helper()
	ctx := context.Background()
	ev, info, err := Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: asOf}, io)
	if err != nil {
		t.Fatal(err)
	}
	run := store.Run{StartedAt: asOf, AsOf: asOf, PlanHash: p.Hash}
	if _, err := store.CommitWith(ctx, db, run, ev.Outcome, info.Save); err != nil {
		t.Fatal(err)
	}
	return info
}

func dumpMembers(t *testing.T, db *sql.DB) string {
	t.Helper()
	var s string
	if err := db.QueryRow(`SELECT group_concat(segment || ' ' || entity_id, ',') FROM (SELECT * FROM segc_members ORDER BY 1, 2)`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// canonical decodes a stored log state and encodes it canonically.
func canonical(t *testing.T, l *logBlobs, la []*plan.Aggregate, n int) []byte {
	t.Helper()
	st, err := l.decode(la)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Canonical(n)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInterleavedSaves: a daily run that commits after another run saved
// the state (here a whole one) keeps the other's state instead of
// writing a delta on top of it, so the next run still equals a cold one.
func TestInterleavedSaves(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	dir, base, day0 := demoBase(t)
	db := openCopy(t, base, filepath.Join(dir, "inc.db"))
	commitRun(t, db, p, day0, Options{})
	dailyChanges(t, db, 1)
	ev, info, err := Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: day0.AddDate(0, 0, 1)}, Options{})
	if err != nil || !info.Incremental {
		t.Fatalf("first daily run: %v %v", info, err)
	}
	// Purchases dated before the as-of, appended after the first run read.
	if _, err := db.Exec(`INSERT INTO events(customer_id, ts, type, amount)
		SELECT customer_id, '2026-06-28 12:00:00', 'purchase', 400 FROM customers WHERE customer_id % 7 = 0`); err != nil {
		t.Fatal(err)
	}
	commitRun(t, db, p, day0.AddDate(0, 0, 1), Options{fullState: true})
	run := store.Run{StartedAt: day0, AsOf: day0.AddDate(0, 0, 1), PlanHash: p.Hash}
	if _, err := store.CommitWith(ctx, db, run, ev.Outcome, info.Save); err != nil {
		t.Fatal(err)
	}
	if h, err := readHead(ctx, db); err != nil || h.version != 2 {
		t.Errorf("state version %d (%v) after the interleaved commit, want 2: the other run's state kept", h.version, err)
	}
	dailyChanges(t, db, 3)
	cold := openCopy(t, filepath.Join(dir, "inc.db"), filepath.Join(dir, "cold.db"))
	asOf := day0.AddDate(0, 0, 3)
	if info := commitRun(t, db, p, asOf, Options{}); !info.Incremental {
		t.Fatalf("last run: %v, want incremental", info)
	}
	commitRun(t, cold, p, asOf, Options{Cold: true})
	if a, b := dumpMembers(t, db), dumpMembers(t, cold); a != b {
		t.Error("after interleaved saves, membership differs from a cold run's")
	}
}

// TestNextWritesABase: a daily run saves a delta until the deltas
// (those decoded and its own) would exceed half the base, or there are
// maxDeltas of them, or the whole state is asked for; then a new base.
func TestNextWritesABase(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	_, base, day0 := demoBase(t)
	db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
	commitRun(t, db, p, day0, Options{})
	s, err := loadSaved(ctx, db, p)
	if err != nil || s == nil {
		t.Fatalf("no state: %v", err)
	}
	if err := s.finishLoad(); err != nil {
		t.Fatal(err)
	}
	l := p.Logs[0].Index
	st, err := s.logs[l].decode(logAggs(p, l))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		baseSize, decoded int
		deltas            int
		full, wantBase    bool
	}{
		{"small deltas", 1 << 20, 1000, 3, false, false},
		{"deltas past half the base", 1 << 20, 1<<19 + 1, 3, false, true},
		{"too many deltas", 1 << 20, 0, maxDeltas, false, true},
		{"the whole state asked for", 1 << 20, 0, 0, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lb := &logBlobs{baseSize: tc.baseSize, deltaBytes: tc.decoded, deltas: map[int][]byte{}}
			for seq := 1; seq <= tc.deltas; seq++ {
				lb.deltas[seq] = nil // decoded: only the numbers are kept
			}
			o, err := lb.next(st, tc.full)
			if err != nil {
				t.Fatal(err)
			}
			if gotBase := o.base != nil; gotBase != tc.wantBase || gotBase == (o.delta != nil) {
				t.Errorf("base %v, delta %v; want a base: %v", o.base != nil, o.delta != nil, tc.wantBase)
			}
			if !tc.wantBase && o.seq != tc.deltas+1 {
				t.Errorf("delta numbered %d, want %d", o.seq, tc.deltas+1)
			}
		})
	}
}
