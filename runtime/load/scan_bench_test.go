package load

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/dsl/types"
)

// BenchmarkScanDriver reads a query through Scan with a callback that
// does nothing: the cost of SQLite plus the driver, per row. It runs on
// the database named by SEGC_BENCH_DB (e.g. a `segc demo` database) and
// is skipped without it.
func BenchmarkScanDriver(b *testing.B) {
	path := os.Getenv("SEGC_BENCH_DB")
	if path == "" {
		b.Skip("set SEGC_BENCH_DB to a segc demo database")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro"+os.Getenv("SEGC_BENCH_DSN"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	queries := map[string]struct {
		ncol int
		q    string
	}{
		"events-filtered": {6, `SELECT rowid, +customer_id, +ts, +event_id, +type, +amount FROM events WHERE (type == 'purchase' OR (type == 'add_to_cart' AND +ts >= '2026-06-28')) AND +ts < '2026-07-02'`},
		"events-count":    {1, `SELECT count(*) FROM events WHERE (type == 'purchase' OR (type == 'add_to_cart' AND +ts >= '2026-06-28')) AND +ts < '2026-07-02'`},
		"purchase-rowid":  {1, `SELECT rowid FROM events WHERE type == 'purchase'`},
		"purchase-count":  {1, `SELECT count(*) FROM events WHERE type == 'purchase'`},
		"purchase-6col":   {6, `SELECT rowid, +customer_id, +ts, +event_id, +type, +amount FROM events WHERE type == 'purchase'`},
		"purchase-6bare":  {6, `SELECT rowid, customer_id, ts, event_id, type, amount FROM events WHERE type == 'purchase'`},
		"customers":       {8, `SELECT +customer_id, +first_seen, +country, +email_opt_in, +sessions_30d, +clicks_30d, +opens_30d, +engagement_score FROM customers`},
		"customers-count": {6, `SELECT count(*), sum(length(+first_seen)), sum(length(+country)), sum(+email_opt_in), sum(+sessions_30d), sum(+engagement_score) FROM customers`},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			conn, err := db.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			for i := 0; i < b.N; i++ {
				rows := 0
				err := Scan(ctx, conn, q.q, nil, q.ncol, func(Row) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(rows), "rows")
			}
		})
	}
}

// BenchmarkLoadCustomers loads the customers table of SEGC_BENCH_DB on 1
// and 2 workers.
func BenchmarkLoadCustomers(b *testing.B) {
	path := os.Getenv("SEGC_BENCH_DB")
	if path == "" {
		b.Skip("set SEGC_BENCH_DB to a segc demo database")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro"+os.Getenv("SEGC_BENCH_DSN"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cols := []ColumnSpec{
		{Name: "first_seen", Type: types.Of(types.Time)},
		{Name: "country", Type: types.Of(types.String)},
		{Name: "email_opt_in", Type: types.Of(types.Bool)},
		{Name: "sessions_30d", Type: types.Of(types.Int)},
		{Name: "clicks_30d", Type: types.Of(types.Int)},
		{Name: "opens_30d", Type: types.Of(types.Int)},
		{Name: "engagement_score", Type: types.Type{Kind: types.Float, Nullable: true}},
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers-%d", w), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := LoadTableParallel(context.Background(), db, "customers", "customer_id", types.Int, cols, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
