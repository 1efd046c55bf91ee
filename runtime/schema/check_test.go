package schema

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// segSource is the module the hand-built plans point into.
const segSource = `entities customers key customer_id from "customers" {
  country string
  email_optin bool
  engagement_score float?
  first_seen time
}
table loyalty key customer_id from "loyalty_tiers" {
  tier string?
}
events events key customer_id time ts id event_id from "events" {
  type string
  amount float?
}
`

// builder makes plan values whose locations are the next occurrence of a
// text in segSource after a cursor; "a >b" locates b after the next a.
type builder struct {
	file *source.File
	at   int
}

func (b *builder) loc(text string) plan.Loc {
	if skip, rest, ok := strings.Cut(text, ">"); ok {
		b.loc(skip)
		text = rest
	}
	i := strings.Index(string(b.file.Src[b.at:]), text)
	if i < 0 {
		panic("test source has no " + text)
	}
	start := b.at + i
	b.at = start + len(text)
	return plan.Loc{File: b.file, Span: source.Span{Start: start, End: start + len(text)}}
}

func (b *builder) column(table, name string, t types.Type) *plan.Column {
	return &plan.Column{Table: table, Name: name, Type: t, Index: -1, Loc: b.loc(name)}
}

func testPlan() *plan.Plan {
	b := &builder{file: source.NewFile("shop/customers.seg", []byte(segSource))}
	str, i64 := types.Of(types.String), types.Of(types.Int)
	p := &plan.Plan{KeyType: i64}
	p.Entities = &plan.Table{Name: "customers", SQLTable: "customers", Key: "customer_id", KeyType: i64, Loc: b.loc("customers")}
	p.Entities.Columns = []*plan.Column{
		b.column("customers", "country", str),
		b.column("customers", "email_optin", types.Of(types.Bool)),
		b.column("customers", "engagement_score", types.Of(types.Float).OrNull()),
		b.column("customers", "first_seen", types.Of(types.Time)),
	}
	tiers := &plan.Table{Name: "loyalty", SQLTable: "loyalty_tiers", Key: "customer_id", KeyType: i64, Loc: b.loc("loyalty")}
	tiers.Columns = []*plan.Column{b.column("loyalty", "tier", str.OrNull())}
	p.Tables = []*plan.Table{tiers}
	log := &plan.EventLog{Name: "events", SQLTable: "events", Key: "customer_id", KeyType: i64, Time: "ts", ID: "event_id", Loc: b.loc("events >events")}
	log.Columns = []*plan.EventColumn{
		{Name: "ts", Type: types.Of(types.Time), Loc: b.loc("time >ts")},
		{Name: "type", Type: str, Loc: b.loc("type")},
		{Name: "amount", Type: types.Of(types.Float).OrNull(), Loc: b.loc("amount")},
	}
	p.Logs = []*plan.EventLog{log}
	return p
}

// goodSchema matches testPlan exactly.
var goodSchema = []string{
	`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT, email_optin INTEGER,
		engagement_score REAL, first_seen TEXT)`,
	`CREATE TABLE loyalty_tiers(customer_id INTEGER, tier VARCHAR(10))`,
	`CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`,
}

func openDB(t *testing.T, ddl ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range ddl {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

// replace returns goodSchema with its i-th statement replaced.
func replace(i int, ddl string) []string {
	s := append([]string(nil), goodSchema...)
	s[i] = ddl
	return s
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		schema []string
		want   []string // code and a part of the message, in order
	}{
		{"matching schema", goodSchema, nil},
		{"lenient types", replace(0, `CREATE TABLE customers(customer_id, country, email_optin BOOLEAN,
			engagement_score NUMERIC, first_seen DATETIME)`), nil},
		{"integer time and int float", replace(0, `CREATE TABLE customers(customer_id INT, country CHARACTER(2),
			email_optin TINYINT, engagement_score INTEGER, first_seen BIGINT)`), nil},
		{"case-insensitive names", replace(2, `CREATE TABLE EVENTS(Event_ID INTEGER, CUSTOMER_ID INTEGER, Ts TEXT, Type TEXT, Amount DOUBLE)`), nil},
		{"view", replace(1, `CREATE VIEW loyalty_tiers AS SELECT customer_id, country AS tier FROM customers`), nil},
		{"missing table with suggestion", replace(1, `CREATE TABLE loyalty_tier(customer_id INTEGER, tier TEXT)`),
			[]string{`E0501 table loyalty: orders.db has no table "loyalty_tiers" (did you mean "loyalty_tier"?)`}},
		{"missing table", goodSchema[:2], []string{`E0501 events events: orders.db has no table "events";`}},
		{"missing column with suggestion", replace(0, `CREATE TABLE customers(customer_id INTEGER, country TEXT,
			email_opt_in INTEGER, engagement_score REAL, first_seen TEXT)`),
			[]string{`E0502 table "customers" in orders.db has no column "email_optin" (did you mean "email_opt_in"?); add it or remove it`}},
		{"missing key, time and id", replace(2, `CREATE TABLE events(id INTEGER, cust INTEGER, at TEXT, type TEXT, amount REAL)`),
			[]string{`E0502 table "events" in orders.db has no key column "customer_id"; add it or change the declaration's key`,
				`E0502 has no id column "event_id"; add it or change the declaration's id`,
				`E0502 table "events" in orders.db has no time column "ts"; add it or change the declaration's time`}},
		{"type mismatches", replace(0, `CREATE TABLE customers(customer_id TEXT, country INTEGER, email_optin TEXT,
			engagement_score VARCHAR(8), first_seen REAL)`),
			[]string{`E0503 column "customer_id" of table "customers" in orders.db has type TEXT but is declared int; declare it string`,
				`E0503 column "country" of table "customers" in orders.db has type INTEGER but is declared string; declare it int,`,
				`E0503 "email_optin" of table "customers" in orders.db has type TEXT but is declared bool`,
				`E0503 has type VARCHAR(8) (TEXT affinity) but is declared float; declare it string?,`,
				`E0503 "first_seen" of table "customers" in orders.db has type REAL but is declared time; time columns must hold ISO-8601 text or integer Unix seconds`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(context.Background(), openDB(t, tt.schema...), testPlan())
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tt.want), render(got))
			}
			for i, w := range tt.want {
				code, part, _ := strings.Cut(w, " ")
				if string(got[i].Code) != code || !strings.Contains(got[i].Message, part) || got[i].File == nil {
					t.Errorf("diagnostic %d = %s %q at %s, want %s containing %q", i, got[i].Code, got[i].Message, got[i].Location(), code, part)
				}
			}
		})
	}
}

func TestCheckGolden(t *testing.T) {
	db := openDB(t,
		`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country INTEGER, email_opt_in INTEGER, first_seen TEXT)`,
		`CREATE TABLE loyalty(customer_id INTEGER, tier TEXT)`,
		`CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id TEXT, timestamp TEXT, type TEXT, amount REAL)`)
	got := render(Check(context.Background(), db, testPlan()))
	path := filepath.Join("testdata", "check.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("rendered diagnostics differ from %s:\n%s", path, got)
	}
}

func TestCheckUnreadableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notsqlite.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := Check(context.Background(), db, testPlan())
	if len(got) != 1 || got[0].Code != diag.DatabaseError || !strings.Contains(got[0].Message, "--db") {
		t.Errorf("got:\n%s", render(got))
	}
}

func TestCheckQuotesTableNames(t *testing.T) {
	p := testPlan()
	p.Tables[0].SQLTable = `x"); DROP TABLE customers; --`
	db := openDB(t, goodSchema...)
	got := Check(context.Background(), db, p)
	if len(got) != 1 || got[0].Code != diag.MissingTable {
		t.Errorf("got:\n%s", render(got))
	}
	if _, err := db.Exec(`SELECT count(*) FROM customers`); err != nil {
		t.Errorf("customers is gone: %v", err)
	}
}

func TestDidYouMean(t *testing.T) {
	cands := []string{"email_opt_in", "country", "customer_id", "ts"}
	tests := map[string]string{"email_optin": ` (did you mean "email_opt_in"?)`, "County": ` (did you mean "country"?)`,
		"customerid": ` (did you mean "customer_id"?)`, "xyz": "", "t": ` (did you mean "ts"?)`, "amount": ""}
	for name, want := range tests {
		if got := didYouMean(name, cands); got != want {
			t.Errorf("didYouMean(%q) = %q, want %q", name, got, want)
		}
	}
}

func render(l diag.List) string {
	var b strings.Builder
	diag.RenderAll(&b, l)
	return b.String()
}
