package events

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

const asOf = int64(1782777600) // 2026-06-30 00:00:00 UTC

type event struct {
	id, cust int64
	ts       int64
	typ      string
	amount   any
}

// genEvents makes deterministic events for customers 1..nCust, some after
// as-of, some for unknown customers, ties in time.
func genEvents(n, nCust int) []event {
	r := rand.New(rand.NewPCG(7, 8))
	types := []string{"page_view", "purchase", "add_to_cart", "email_open"}
	out := make([]event, n)
	for i := range out {
		e := event{id: int64(i + 1), cust: int64(r.IntN(nCust+3) + 1), typ: types[r.IntN(4)]}
		e.ts = asOf - int64(r.IntN(400*86400)) + 3*86400
		if r.IntN(10) == 0 {
			e.ts = asOf - 86400 // ties
		}
		if e.typ == "purchase" && r.IntN(8) != 0 {
			e.amount = float64(r.IntN(20000)) / 100
		}
		out[i] = e
	}
	return out
}

// writeDB stores events with ts as text ("text") or Unix seconds ("int").
func writeDB(t testing.TB, evs []event, tsMode string) *sql.DB {
	path := filepath.Join(t.TempDir(), "ev.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tsType := map[string]string{"text": "TEXT", "text-offset": "TEXT", "int": "INTEGER", "untyped-int": ""}[tsMode]
	mustExec(t, db, fmt.Sprintf("CREATE TABLE events (event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts %s, type TEXT, amount REAL)", tsType))
	tx, _ := db.Begin()
	st, _ := tx.Prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?)")
	for _, e := range evs {
		var ts any = time.Unix(e.ts, 0).UTC().Format("2006-01-02 15:04:05")
		switch tsMode {
		case "text-offset":
			// The extreme offsets ParseTime accepts, so the local date is
			// a day off the UTC date for most events.
			zone := time.FixedZone("", (23*60+59)*60*int(1-2*(e.id%2)))
			ts = time.Unix(e.ts, 0).In(zone).Format(time.RFC3339)
		case "text":
		default:
			ts = e.ts
		}
		if _, err := st.Exec(e.id, e.cust, ts, e.typ, e.amount); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

func mustExec(t testing.TB, db *sql.DB, q string) {
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

func node(k types.Kind) plan.Node { return plan.Node{T: types.Type{Kind: k, Nullable: true}} }

// testLog is `events events key customer_id time ts id event_id { type string amount float? }`.
func testLog() *plan.EventLog {
	return &plan.EventLog{Name: "events", SQLTable: "events", Key: "customer_id", KeyType: types.Of(types.Int),
		Time: "ts", ID: "event_id", Columns: []*plan.EventColumn{
			{Name: "ts", Type: types.Of(types.Time)},
			{Name: "type", Type: types.Of(types.String)},
			{Name: "amount", Type: types.Type{Kind: types.Float, Nullable: true}},
		}}
}

func typeIs(s string) plan.Expr {
	return &plan.Binary{Node: node(types.Bool), Op: "==",
		X: &plan.EventColumnRef{Node: node(types.String), Column: 1, Name: "type"},
		Y: &plan.Const{Node: node(types.String), Value: s}}
}

var (
	amountRef = &plan.EventColumnRef{Node: node(types.Float), Column: 2, Name: "amount"}
	tsRef     = &plan.EventColumnRef{Node: node(types.Time), Column: 0, Name: "ts"}
	typeRef   = &plan.EventColumnRef{Node: node(types.String), Column: 1, Name: "type"}
)

func testAggs() []*plan.Aggregate {
	d := int64(86400)
	return []*plan.Aggregate{
		{Func: plan.Count, Filter: typeIs("purchase"), Window: 365 * d, Type: types.Of(types.Int)},
		{Func: plan.Sum, Value: amountRef, Filter: typeIs("purchase"), Window: 365 * d, Type: types.Type{Kind: types.Float, Nullable: true}},
		{Func: plan.Last, Value: tsRef, Filter: typeIs("purchase"), Type: types.Type{Kind: types.Time, Nullable: true}},
		{Func: plan.Count, Filter: typeIs("add_to_cart"), Window: d, Type: types.Of(types.Int)},
		{Func: plan.Avg, Value: amountRef, Type: types.Type{Kind: types.Float, Nullable: true}},
		{Func: plan.Min, Value: amountRef, Window: 30 * d, Type: types.Type{Kind: types.Float, Nullable: true}},
		{Func: plan.Max, Value: tsRef, Type: types.Type{Kind: types.Time, Nullable: true}},
		{Func: plan.First, Value: typeRef, Type: types.Type{Kind: types.String, Nullable: true}},
		{Func: plan.CountDistinct, Value: typeRef, Window: 90 * d, Type: types.Of(types.Int)},
		{Func: plan.Count, Type: types.Of(types.Int)},
	}
}

func population(n int) store.Keys {
	k := store.Keys{Ints: make([]int64, n)}
	for i := range k.Ints {
		k.Ints[i] = int64(i + 1)
	}
	return k
}

func run(t testing.TB, db *sql.DB, workers int, chunk int64, noPush bool, keys *KeyIndex) []eval.Vec {
	req := Request{Log: testLog(), Aggs: testAggs(), AsOf: asOf, Keys: keys,
		Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}),
		Workers:  workers, Chunk: chunk, NoPushdown: noPush}
	res, err := Run(context.Background(), db, req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Aggs
}

func dump(vs []eval.Vec) [][]any {
	var out [][]any
	for _, v := range vs {
		row := make([]any, v.N)
		for i := range row {
			row[i] = v.Value(i)
		}
		out = append(out, row)
	}
	return out
}

// reference computes the aggregates of testAggs naively.
func reference(evs []event, nCust int) [][]any {
	out := make([][]any, 10)
	for a := range out {
		out[a] = make([]any, nCust)
	}
	type acc struct {
		cnt, cart, all   int64
		sum, avgSum      float64
		sumN, avgN       int
		last, maxTs      int64
		lastID           int64
		hasLast          bool
		min              any
		first            string
		firstTs, firstID int64
		hasFirst         bool
		distinct         map[string]bool
	}
	accs := make([]acc, nCust)
	for _, e := range evs {
		if e.cust > int64(nCust) || e.ts > asOf {
			continue
		}
		a := &accs[e.cust-1]
		purchase, age := e.typ == "purchase", asOf-e.ts
		if purchase && age < 365*86400 {
			a.cnt++
			if e.amount != nil {
				a.sum += e.amount.(float64)
				a.sumN++
			}
		}
		if purchase && (!a.hasLast || e.ts > a.last || e.ts == a.last && e.id > a.lastID) {
			a.last, a.lastID, a.hasLast = e.ts, e.id, true
		}
		if e.typ == "add_to_cart" && age < 86400 {
			a.cart++
		}
		if e.amount != nil {
			a.avgSum += e.amount.(float64)
			a.avgN++
			if age < 30*86400 && (a.min == nil || e.amount.(float64) < a.min.(float64)) {
				a.min = e.amount
			}
		}
		a.maxTs = max(a.maxTs, e.ts)
		if !a.hasFirst || e.ts < a.firstTs || e.ts == a.firstTs && e.id < a.firstID {
			a.first, a.firstTs, a.firstID, a.hasFirst = e.typ, e.ts, e.id, true
		}
		if age < 90*86400 {
			if a.distinct == nil {
				a.distinct = map[string]bool{}
			}
			a.distinct[e.typ] = true
		}
		a.all++
	}
	for i, a := range accs {
		out[0][i], out[3][i], out[9][i], out[8][i] = a.cnt, a.cart, a.all, int64(len(a.distinct))
		out[5][i] = a.min
		if a.sumN > 0 {
			out[1][i] = a.sum
		}
		if a.hasLast {
			out[2][i] = a.last
		}
		if a.avgN > 0 {
			out[4][i] = a.avgSum / float64(a.avgN)
		}
		if a.all > 0 {
			out[6][i] = a.maxTs
			out[7][i] = a.first
		}
	}
	return out
}

// approxEqual compares dumps, floats to 1e-9 relative (the reference sums
// naively).
func approxEqual(a, b [][]any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			x, xf := a[i][j].(float64)
			y, yf := b[i][j].(float64)
			if xf && yf {
				if d := x - y; d > 1e-9*max(1, x) || d < -1e-9*max(1, x) {
					return false
				}
			} else if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestEventPassMatchesReference(t *testing.T) {
	evs := genEvents(5000, 200)
	want := reference(evs, 200)
	for _, mode := range []string{"text", "text-offset"} {
		db := writeDB(t, evs, mode)
		for _, noPush := range []bool{false, true} {
			got := dump(run(t, db, 2, 512, noPush, NewKeyIndex(types.Int, population(200))))
			if !approxEqual(got, want) {
				for a := range got {
					if !approxEqual(got[a:a+1], want[a:a+1]) {
						t.Errorf("%s pushdown=%v aggregate %d differs:\ngot  %v\nwant %v", mode, !noPush, a, got[a][:20], want[a][:20])
					}
				}
			}
		}
	}
}

func TestParallelIdentical(t *testing.T) {
	evs := genEvents(20000, 500)
	db := writeDB(t, evs, "text")
	keys := NewKeyIndex(types.Int, population(500))
	one := dump(run(t, db, 1, 1000, false, keys))
	for _, w := range []int{2, 4} {
		if got := dump(run(t, db, w, 1000, false, keys)); !reflect.DeepEqual(got, one) {
			t.Errorf("%d workers differ from 1", w)
		}
	}
}

func TestTimeStorageIdentical(t *testing.T) {
	evs := genEvents(5000, 200)
	keys := NewKeyIndex(types.Int, population(200))
	text := dump(run(t, writeDB(t, evs, "text"), 2, 700, false, keys))
	for _, mode := range []string{"int", "untyped-int"} {
		if got := dump(run(t, writeDB(t, evs, mode), 2, 700, false, keys)); !reflect.DeepEqual(got, text) {
			t.Errorf("%s storage differs from text storage", mode)
		}
	}
}

func TestDiscovery(t *testing.T) {
	evs := genEvents(3000, 100)
	db := writeDB(t, evs, "text")
	keys := NewDiscovery(types.Int)
	run(t, db, 2, 300, false, keys)
	sorted, _ := keys.Sorted()
	seen := map[int64]bool{}
	for _, e := range evs {
		if e.ts <= asOf {
			seen[e.cust] = true
		}
	}
	if len(sorted.Ints) != len(seen) {
		t.Errorf("discovered %d keys, want %d", len(sorted.Ints), len(seen))
	}
}

func TestBadTimeIsDataError(t *testing.T) {
	db := writeDB(t, genEvents(100, 10), "text")
	mustExec(t, db, "UPDATE events SET ts = '19970101' WHERE event_id = 50")
	req := Request{Log: testLog(), Aggs: testAggs()[9:], AsOf: asOf, Keys: NewKeyIndex(types.Int, population(20)),
		Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), Workers: 2}
	_, err := Run(context.Background(), db, req)
	if err == nil {
		t.Fatal("bad time accepted")
	}
	t.Log(err)
}
