package incremental

import (
	"context"
	"database/sql"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// readBlob reads the value of segc_inc_blobs' row rowid into buf (grown
// when too short) and returns it; it is valid until buf is read into
// again.
type readBlob func(rowid int64, buf []byte) ([]byte, error)

// withBlobs calls fn with a reader of segc_inc_blobs' values on conn,
// in its transaction. On go-sqlite3 it reads them with SQLite's
// incremental blob I/O straight into the caller's buffers
// (sqlbatch.Blobs): a query would have SQLite assemble each value in
// fresh memory of its own and the driver copy it into a fresh Go slice
// (75 MB of page faults for W1's 1M entities); other drivers query.
func withBlobs(ctx context.Context, conn *sql.Conn, fn func(readBlob) error) error {
	fast := false
	err := conn.Raw(func(dc any) error {
		r, ok := sqlbatch.OpenBlobs(dc, "segc_inc_blobs", "v")
		if !ok {
			return nil
		}
		fast = true
		defer r.Close()
		return fn(r.Read)
	})
	if fast || err != nil {
		return err
	}
	return fn(func(rowid int64, buf []byte) ([]byte, error) { return queryBlob(ctx, conn, rowid, buf) })
}

// queryBlob reads one value with a query, into buf.
func queryBlob(ctx context.Context, conn *sql.Conn, rowid int64, buf []byte) ([]byte, error) {
	rows, err := conn.QueryContext(ctx, `SELECT v FROM segc_inc_blobs WHERE rowid = ?`, rowid)
	if err != nil {
		return buf[:0], err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return buf[:0], err
		}
		return buf[:0], sql.ErrNoRows
	}
	var v sql.RawBytes
	if err := rows.Scan(&v); err != nil {
		return buf[:0], err
	}
	return append(buf[:0], v...), rows.Close()
}
