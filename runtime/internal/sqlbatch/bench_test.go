package sqlbatch

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// BenchmarkQuery reads the 1M customers of a `segc demo` database (named
// by SEGC_BENCH_DB; skipped without it) through the batch reader and
// through the driver interface, with a callback that touches every cell:
// the paired measurement of what the batch reader saves.
func BenchmarkQuery(b *testing.B) {
	path := os.Getenv("SEGC_BENCH_DB")
	if path == "" {
		b.Skip("set SEGC_BENCH_DB to a segc demo database")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_mutex=no")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const q = `SELECT +customer_id, +first_seen, +country, +email_opt_in, +sessions_30d, +clicks_30d, +opens_30d, +engagement_score FROM customers`
	paths := map[string]func(context.Context, *sql.Conn, string, []any, int, func(*Batch) error) error{
		"batch":  Query,
		"driver": viaDriver,
	}
	for name, query := range paths {
		b.Run(name, func(b *testing.B) {
			conn, err := db.Conn(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			for b.Loop() {
				if err := query(context.Background(), conn, q, nil, 8, touchCells); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// touchCells reads every cell of a batch by its storage class.
func touchCells(bt *Batch) error {
	var n int64
	for i := 0; i < bt.Len(); i++ {
		r := bt.Row(i)
		for c := 0; c < bt.ncol; c++ {
			switch r.Kind(c) {
			case Int:
				n += r.Int(c)
			case Float:
				n += int64(r.Float(c))
			case Text, Blob:
				n += int64(len(r.Bytes(c)))
			}
		}
	}
	if n == -1 {
		return os.ErrInvalid
	}
	return nil
}
