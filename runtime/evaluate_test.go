package runtime

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

var asOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// retailDB builds a small retail database: customers (with a null
// engagement score and an opt-in flag), a joined table, events.
func retailDB(t testing.TB, nCust, nEv int) *sql.DB {
	path := filepath.Join(t.TempDir(), "retail.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec(t, db, `CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, first_seen TEXT, country TEXT,
		email_opt_in INTEGER, engagement_score REAL);
		CREATE TABLE extra (customer_id INTEGER PRIMARY KEY, vip INTEGER);
		CREATE TABLE events (event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
	r := rand.New(rand.NewPCG(3, 4))
	tx, _ := db.Begin()
	countries := []string{"DE", "FR", "US", "UK"}
	for c := 1; c <= nCust; c++ {
		var eng any = r.Float64() * 10
		if r.IntN(12) == 0 {
			eng = nil
		}
		fs := asOf.Add(-time.Duration(r.IntN(3*365*24)) * time.Hour).Format("2006-01-02 15:04:05")
		mustTx(t, tx, "INSERT INTO customers VALUES (?, ?, ?, ?, ?)", c, fs, countries[r.IntN(4)], r.IntN(10) < 7, eng)
		if c%3 == 0 {
			mustTx(t, tx, "INSERT INTO extra VALUES (?, ?)", c, r.IntN(2))
		}
	}
	tys := []string{"page_view", "page_view", "add_to_cart", "purchase", "email_open"}
	for e := 1; e <= nEv; e++ {
		typ := tys[r.IntN(5)]
		var amt any
		if typ == "purchase" {
			amt = float64(r.IntN(30000)) / 100
		}
		ts := asOf.Add(-time.Duration(r.IntN(500*24*60)-60*24) * time.Minute).Format("2006-01-02 15:04:05")
		mustTx(t, tx, "INSERT INTO events VALUES (?, ?, ?, ?, ?)", e, r.IntN(nCust+5)+1, ts, typ, amt)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

func exec(t testing.TB, db *sql.DB, q string) {
	for _, s := range strings.Split(q, ";") {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func mustTx(t testing.TB, tx *sql.Tx, q string, args ...any) {
	if _, err := tx.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// builder helps write plans by hand.
type builder struct {
	p    *plan.Plan
	file *source.File
}

func nt(k types.Kind) types.Type { return types.Type{Kind: k, Nullable: true} }
func nd(k types.Kind) plan.Node  { return plan.Node{T: nt(k)} }

func (b *builder) loc(line int) plan.Loc {
	off := 0
	for i := 1; i < line; i++ {
		off += len("line\n")
	}
	return plan.Loc{File: b.file, Span: source.Span{Start: off, End: off}}
}

func c(v any, k types.Kind) *plan.Const { return &plan.Const{Node: nd(k), Value: v} }
func bin(op string, x, y plan.Expr, k types.Kind) *plan.Binary {
	return &plan.Binary{Node: nd(k), Op: op, X: x, Y: y}
}
func colRef(i int, k types.Kind) *plan.ColumnRef { return &plan.ColumnRef{Node: nd(k), Column: i} }
func featRef(i int, k types.Kind) *plan.FeatureRef {
	return &plan.FeatureRef{Node: nd(k), Feature: i}
}
func aggRef(i int, k types.Kind) *plan.AggregateRef {
	return &plan.AggregateRef{Node: nd(k), Aggregate: i}
}
func thrRef(i int) *plan.ThresholdRef { return &plan.ThresholdRef{Node: nd(types.Float), Threshold: i} }
func evCol(i int, k types.Kind) *plan.EventColumnRef {
	return &plan.EventColumnRef{Node: nd(k), Column: i}
}

// retailPlan is a W1-like plan with a joined table, a holdout with a
// consent gate, a grouped percentile and a nested segment.
func retailPlan() *plan.Plan {
	f := source.NewFile("w1.seg", []byte(strings.Repeat("line\n", 40)))
	b := &builder{file: f}
	I, F, B, S, T := types.Int, types.Float, types.Bool, types.String, types.Time
	cols := []*plan.Column{
		{Table: "customers", SQLTable: "customers", Name: "first_seen", Type: types.Of(T), Index: 0, Used: true},
		{Table: "customers", SQLTable: "customers", Name: "country", Type: types.Of(S), Index: 1, Used: true},
		{Table: "customers", SQLTable: "customers", Name: "email_opt_in", Type: types.Of(B), Index: 2, Used: true},
		{Table: "customers", SQLTable: "customers", Name: "engagement_score", Type: nt(F), Index: 3, Used: true},
		{Table: "extra", SQLTable: "extra", Name: "vip", Type: nt(B), Index: 4, Used: true},
	}
	log := &plan.EventLog{Index: 0, Name: "events", SQLTable: "events", Key: "customer_id", KeyType: types.Of(I),
		Time: "ts", ID: "event_id", Columns: []*plan.EventColumn{
			{Name: "ts", Type: types.Of(T)}, {Name: "type", Type: types.Of(S)}, {Name: "amount", Type: nt(F)}}}
	typeIs := func(s string) plan.Expr { return bin("==", evCol(1, S), c(s, S), B) }
	d := int64(86400)
	aggs := []*plan.Aggregate{
		{Index: 0, Func: plan.Count, Filter: typeIs("purchase"), Window: 365 * d, Type: types.Of(I)},
		{Index: 1, Func: plan.Sum, Value: evCol(2, F), Filter: typeIs("purchase"), Window: 365 * d, Type: nt(F)},
		{Index: 2, Func: plan.Last, Value: evCol(0, T), Filter: typeIs("purchase"), Type: nt(T)},
		{Index: 3, Func: plan.Count, Filter: typeIs("add_to_cart"), Window: 30 * d, Type: types.Of(I)},
	}
	call := func(name string, k types.Kind, args ...plan.Expr) *plan.Call {
		return &plan.Call{Node: nd(k), Func: name, Args: args}
	}
	feats := []*plan.Feature{
		{Index: 0, Name: "frequency", Value: aggRef(0, I), Type: types.Of(I)},
		{Index: 1, Name: "monetary", Value: aggRef(1, F), Type: nt(F)},
		{Index: 2, Name: "recency_days", Value: call("days_since", F, aggRef(2, T)), Type: nt(F)},
		{Index: 3, Name: "engagement", Value: bin("??", colRef(3, F), thrRef(0), F), Type: nt(F)},
	}
	thr := []*plan.Threshold{
		{Index: 0, Kind: plan.Percentile, Value: colRef(3, F), P: 50, Population: -1, Owner: "engagement", Text: "median(engagement_score)", Loc: b.loc(3)},
		{Index: 1, Kind: plan.Percentile, Value: featRef(1, F), P: 90, Population: -1, Owner: "big_spenders", Text: "percentile(monetary, 90)"},
		{Index: 2, Kind: plan.Percentile, Value: featRef(1, F), P: 90, By: colRef(1, S), Population: -1, Owner: "big_by_country", Text: "percentile(monetary, 90, by country)"},
		{Index: 3, Kind: plan.Percentile, Value: featRef(3, F), P: 75, Population: 3, Owner: "new_users.engaged", Text: "percentile(engagement, 75)"},
		{Index: 4, Kind: plan.Percentile, Value: featRef(1, F), P: 50, Population: 5, Owner: "nobody", Text: "median(monetary)"},
	}
	segs := []*plan.Segment{
		{Index: 0, Name: "big_spenders", Parent: -1, Where: bin(">=", featRef(1, F), thrRef(1), B)},
		{Index: 1, Name: "big_by_country", Parent: -1, Where: bin(">=", featRef(1, F), thrRef(2), B)},
		{Index: 2, Name: "loyal", Parent: -1, Where: bin("and", bin(">=", featRef(1, F), thrRef(1), B), bin(">=", featRef(0, I), c(int64(2), I), B), B),
			Require: colRef(2, B), Holdout: 1000},
		{Index: 3, Name: "new_users", Parent: -1, Where: bin("<=", call("days_since", F, colRef(0, T)), c(200.0, F), B)},
		{Index: 4, Name: "new_users.engaged", Parent: 3, Where: bin(">", featRef(3, F), thrRef(3), B)},
		{Index: 5, Name: "nobody", Parent: -1, Where: c(false, B)},
		{Index: 6, Name: "carts_vip", Parent: -1, Where: bin("and", bin(">", aggRef(3, I), c(int64(0), I), B), bin("??", colRef(4, B), c(false, B), B), B)},
		{Index: 7, Name: "lapsed", Parent: -1, Where: bin(">", featRef(2, F), c(90.0, F), B)},
	}
	ent := &plan.Table{Name: "customers", SQLTable: "customers", Key: "customer_id", KeyType: types.Of(I), Columns: cols[:4]}
	extra := &plan.Table{Name: "extra", SQLTable: "extra", Key: "customer_id", KeyType: types.Of(I), Columns: cols[4:]}
	steps := []plan.Step{{Kind: plan.ComputeFeature, Index: 0}, {Kind: plan.ComputeFeature, Index: 1}, {Kind: plan.ComputeFeature, Index: 2},
		{Kind: plan.ComputeThreshold, Index: 0}, {Kind: plan.ComputeFeature, Index: 3},
		{Kind: plan.ComputeThreshold, Index: 1}, {Kind: plan.ComputeThreshold, Index: 2},
		{Kind: plan.ComputeSegment, Index: 0}, {Kind: plan.ComputeSegment, Index: 1}, {Kind: plan.ComputeSegment, Index: 2},
		{Kind: plan.ComputeSegment, Index: 3}, {Kind: plan.ComputeThreshold, Index: 3}, {Kind: plan.ComputeSegment, Index: 4},
		{Kind: plan.ComputeSegment, Index: 5}, {Kind: plan.ComputeThreshold, Index: 4}, {Kind: plan.ComputeSegment, Index: 6}, {Kind: plan.ComputeSegment, Index: 7}}
	return &plan.Plan{Entities: ent, Tables: []*plan.Table{extra}, Logs: []*plan.EventLog{log}, KeyType: types.Of(I),
		Columns: cols, Aggregates: aggs, Features: feats, Thresholds: thr, Segments: segs, Steps: steps}
}

func evaluate(t testing.TB, db *sql.DB, p *plan.Plan, opts Options) *Evaluation {
	opts.AsOf = asOf
	ev, err := Evaluate(context.Background(), db, p, builtins.Default(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestEvaluateDeterministic(t *testing.T) {
	db := retailDB(t, 300, 6000)
	p := retailPlan()
	base := evaluate(t, db, p, Options{Workers: 1, ChunkRows: 500})
	for _, opts := range []Options{{Workers: 2, ChunkRows: 500}, {Workers: 4, ChunkRows: 500}, {Workers: 2, ChunkRows: 500, ForceRow: true}} {
		got := evaluate(t, db, p, opts)
		if !reflect.DeepEqual(got.Outcome, base.Outcome) {
			t.Errorf("%+v: outcome differs", opts)
		}
		if !reflect.DeepEqual(got.Warnings, base.Warnings) {
			t.Errorf("%+v: warnings %v, want %v", opts, got.Warnings, base.Warnings)
		}
	}
	sizes := map[string]int{}
	for _, s := range base.Outcome.Segments {
		sizes[s.Name] = len(s.Members)
	}
	t.Logf("sizes %v", sizes)
	for _, name := range []string{"big_spenders", "big_by_country", "loyal", "new_users", "new_users.engaged", "carts_vip", "lapsed"} {
		if sizes[name] == 0 {
			t.Errorf("segment %s is empty", name)
		}
	}
	if _, ok := sizes["loyal.holdout"]; !ok {
		t.Error("no holdout segment")
	}
	if len(base.Warnings) != 1 || base.Warnings[0].Code != diag.EmptyPopulation {
		t.Errorf("warnings = %v", base.Warnings)
	}
}

// TestEvaluateSemantics checks memberships against direct computation.
func TestEvaluateSemantics(t *testing.T) {
	db := retailDB(t, 200, 4000)
	ev := evaluate(t, db, retailPlan(), Options{Workers: 2, ChunkRows: 300})
	n := ev.Len()
	if n != 200 {
		t.Fatalf("population %d", n)
	}
	mon := ev.Features[1]
	p90 := ev.ThresholdVec(1).F[0]
	var big, loyalAll int
	optIn := ev.Columns[2]
	for i := 0; i < n; i++ {
		isBig := !mon.IsNull(i) && mon.F[i] >= p90
		if isBig {
			big++
		}
		if isBig && ev.Features[0].I[i] >= 2 && optIn.B[i] {
			loyalAll++
		}
		if ev.Members[2][i] && ev.Holdouts[2][i] {
			t.Fatal("member of both segment and holdout")
		}
		if (ev.Members[2][i] || ev.Holdouts[2][i]) && !optIn.B[i] {
			t.Fatal("consent gate ignored")
		}
		if ev.Members[4][i] && !ev.Members[3][i] {
			t.Fatal("nested member outside parent")
		}
	}
	if got := len(ev.Outcome.Segments[0].Members); got != big {
		t.Errorf("big_spenders %d, want %d", got, big)
	}
	if got := len(ev.Outcome.Segments[2].Members) + len(ev.Outcome.Segments[3].Members); got != loyalAll {
		t.Errorf("loyal + holdout %d, want %d", got, loyalAll)
	}
	rows := ev.Outcome.Thresholds
	if rows[0].Expr != "median(engagement_score)" || rows[len(rows)-1].Value != nil {
		t.Errorf("threshold rows %v", rows)
	}
	groups := 0
	for _, r := range rows {
		if r.GroupKey != nil {
			groups++
		}
	}
	if groups != 4 {
		t.Errorf("%d grouped rows, want 4", groups)
	}
}

func TestEventsOnlyPopulation(t *testing.T) {
	db := retailDB(t, 50, 800)
	p := retailPlan()
	p.Entities, p.Tables, p.Columns = nil, nil, nil
	p.Features = p.Features[:3]
	p.Thresholds = p.Thresholds[1:2]
	p.Thresholds[0].Index = 0
	p.Segments = []*plan.Segment{{Index: 0, Name: "big", Parent: -1, Where: bin(">=", featRef(1, types.Float), thrRef(0), types.Bool), Holdout: 5000}}
	p.Steps = []plan.Step{{Kind: plan.ComputeFeature, Index: 0}, {Kind: plan.ComputeFeature, Index: 1}, {Kind: plan.ComputeFeature, Index: 2},
		{Kind: plan.ComputeThreshold, Index: 0}, {Kind: plan.ComputeSegment, Index: 0}}
	a := evaluate(t, db, p, Options{Workers: 1, ChunkRows: 100})
	b := evaluate(t, db, p, Options{Workers: 2, ChunkRows: 100})
	if !reflect.DeepEqual(a.Outcome, b.Outcome) {
		t.Error("events-only outcome depends on workers")
	}
	var want int
	if err := db.QueryRow("SELECT count(DISTINCT customer_id) FROM events WHERE ts <= '2026-06-30 00:00:00'").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if got := a.Len(); got != want {
		t.Errorf("population %d, want %d", got, want)
	}
	if len(a.Outcome.Segments) != 2 || a.Outcome.Segments[1].Name != "big.holdout" {
		t.Errorf("segments %+v", a.Outcome.Segments)
	}
}

func TestBadValueErrors(t *testing.T) {
	db := retailDB(t, 20, 100)
	exec(t, db, "UPDATE customers SET first_seen = '30/06/2026' WHERE customer_id = 7")
	_, err := Evaluate(context.Background(), db, retailPlan(), builtins.Default(), Options{AsOf: asOf})
	var re *RunError
	if !errors.As(err, &re) || re.Code != diag.BadValue || re.Key != int64(7) || re.Column != "first_seen" {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), `table "customers", row with key 7, column "first_seen"`) {
		t.Errorf("message: %v", err)
	}
}

func TestMissingTableError(t *testing.T) {
	db := retailDB(t, 5, 10)
	exec(t, db, "DROP TABLE extra")
	_, err := Evaluate(context.Background(), db, retailPlan(), builtins.Default(), Options{AsOf: asOf})
	var re *RunError
	if !errors.As(err, &re) || re.Code != diag.DatabaseError || re.Table != "extra" {
		t.Fatalf("got %v", err)
	}
	fmt.Println(err)
}

// TestLoadErrorBeforeEventError checks that a bad entity value is the
// error reported even when a bad event value exists too, whether the event
// pass runs after the entity load (1 worker) or alongside it (2).
func TestLoadErrorBeforeEventError(t *testing.T) {
	for _, workers := range []int{1, 2} {
		db := retailDB(t, 200, 4000)
		exec(t, db, "UPDATE customers SET first_seen = 'bad' WHERE customer_id = 150")
		exec(t, db, "UPDATE events SET ts = '2026-06-01 bad', type = 'purchase' WHERE event_id = 1")
		_, err := Evaluate(context.Background(), db, retailPlan(), builtins.Default(), Options{AsOf: asOf, Workers: workers, ChunkRows: 50})
		var re *RunError
		if !errors.As(err, &re) || re.Table != "customers" || re.Key != int64(150) {
			t.Errorf("workers %d: got %v, want the customers error", workers, err)
		}
		exec(t, db, "UPDATE customers SET first_seen = '2026-01-01' WHERE customer_id = 150")
		_, err = Evaluate(context.Background(), db, retailPlan(), builtins.Default(), Options{AsOf: asOf, Workers: workers, ChunkRows: 50})
		if !errors.As(err, &re) || re.Table != "events" {
			t.Errorf("workers %d: got %v, want the events error", workers, err)
		}
	}
}
