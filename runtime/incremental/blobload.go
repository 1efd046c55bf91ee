package incremental

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// loadBlobs reads keys, columns, log states and members, one query per
// blob, the largest first. The largest (a log's base, 26 MB of W1's
// 45 MB at 1M entities) is decoded on a goroutine of its own while this
// one reads and decodes the others: decoding and its page faults are
// most of the load, and the run has two cores. The base's value stays
// valid while its rows are open, so it is not copied: its rows close
// only after its decoding. SQLite reads stay on this goroutine (one
// connection, one snapshot).
func (s *saved) loadBlobs(ctx context.Context, conn *sql.Conn) error {
	names, err := blobsBySize(ctx, conn)
	if err != nil || len(names) == 0 {
		return err
	}
	wait, err := s.loadBlobAsync(ctx, conn, names[0])
	if err != nil {
		return err
	}
	for _, name := range names[1:] {
		if err = s.loadBlob(ctx, conn, name); err != nil {
			break
		}
	}
	if werr := wait(); err == nil {
		err = werr
	}
	return err
}

// blobsBySize lists the stored blobs, largest first (SQLite reads a
// value's length from its record header, not its overflow pages).
func blobsBySize(ctx context.Context, conn *sql.Conn) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name, length(v) FROM segc_inc_blobs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type sized struct {
		name string
		n    int
	}
	var all []sized
	for rows.Next() {
		var b sized
		if err := rows.Scan(&b.name, &b.n); err != nil {
			return nil, err
		}
		all = append(all, b)
	}
	slices.SortFunc(all, func(a, b sized) int { return b.n - a.n })
	names := make([]string, len(all))
	for i, b := range all {
		names[i] = b.name
	}
	return names, rows.Err()
}

// loadBlob reads and decodes one blob.
func (s *saved) loadBlob(ctx context.Context, conn *sql.Conn, name string) error {
	wait, err := s.loadBlobAsync(ctx, conn, name)
	if err != nil {
		return err
	}
	return wait()
}

// loadBlobAsync reads one blob and decodes it on a new goroutine; wait
// joins it, applies the decoded value to s and closes the rows. Between
// the two calls, other queries may run on conn, but nothing may touch s's
// field the blob sets.
func (s *saved) loadBlobAsync(ctx context.Context, conn *sql.Conn, name string) (wait func() error, err error) {
	rows, err := conn.QueryContext(ctx, `SELECT v FROM segc_inc_blobs WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	var v sql.RawBytes // valid until rows.Next or rows.Close
	if !rows.Next() {
		err := rows.Err()
		rows.Close()
		return func() error { return err }, nil
	}
	if err := rows.Scan(&v); err != nil {
		rows.Close()
		return nil, err
	}
	type decoded struct {
		apply func()
		err   error
	}
	done := make(chan decoded, 1)
	go func() {
		apply, err := s.decodeBlob(name, v)
		done <- decoded{apply, err}
	}()
	return func() error {
		d := <-done
		rows.Close()
		if d.err != nil {
			return fmt.Errorf("%w: %s: %v", errUndecodable, name, d.err)
		}
		d.apply()
		return rows.Err()
	}, nil
}

// decodeBlob decodes one blob without touching s (it may run alongside
// other decodings) and returns what stores the result in s. v is only
// valid during the call.
func (s *saved) decodeBlob(name string, v []byte) (apply func(), err error) {
	switch {
	case name == "keys":
		keys, err := decodeKeys(v)
		return func() { s.keys = keys }, err
	case strings.HasPrefix(name, "col."):
		k, err := strconv.Atoi(name[4:])
		if err != nil || k < 0 || k >= len(s.cols) {
			return nil, fmt.Errorf("unknown column")
		}
		col, err := decodeVec(v)
		return func() { s.cols[k] = col }, err
	case isLogBlob(name):
		return s.decodeLogBlob(name, v)
	case strings.HasPrefix(name, memberBlobPrefix):
		m, err := decodeMembers(v)
		return func() { s.prevMembers[name[len(memberBlobPrefix):]] = m }, err
	}
	return func() {}, nil
}
