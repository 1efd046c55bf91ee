package incremental

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// loadBlobs reads the stored blobs in the read transaction on conn and
// decodes them on two more goroutines, since decoding and its page
// faults are most of the load and the run has two cores: the largest
// (a log's base, 18 MB of W1's 38 MB at 1M entities) on one, the columns
// and members on the "late" lane. It returns once the keys and the log
// states are in s; the columns and members keep decoding while the run
// aggregates events, and s.finishLoad waits for them. The late lane ends
// the transaction (end) after its last blob, so the connection is
// released even if nobody waits; loadBlobs ends it when it fails before
// starting the lane.
//
// SQLite reads stay on this goroutine (one connection, one snapshot). A
// value stays valid while its rows are open, so blobs are decoded where
// SQLite left them, not copied: their rows close after their decoding.
func (s *saved) loadBlobs(ctx context.Context, conn *sql.Conn, end func()) error {
	names, err := blobsBySize(ctx, conn)
	if err != nil || len(names) == 0 {
		end()
		return err
	}
	early, late := splitLate(names[1:])
	wait, err := s.loadBlobAsync(ctx, conn, names[0])
	if err != nil {
		end()
		return err
	}
	err = s.loadEarly(ctx, conn, early)
	lane := s.startLate(len(late), end)
	if err == nil {
		err = lane.read(ctx, conn, late)
	}
	lane.close()
	if werr := wait(); err == nil {
		err = werr
	}
	if err != nil {
		s.finishLoad()
	}
	return err
}

// splitLate separates the blobs the event stage needs from the late ones.
func splitLate(names []string) (early, late []string) {
	for _, name := range names {
		if isLateBlob(name) {
			late = append(late, name)
		} else {
			early = append(early, name)
		}
	}
	return early, late
}

// isLateBlob reports whether a blob is only needed after the event
// aggregates: a column, a segment's members (and since) or a lifecycle's
// states.
func isLateBlob(name string) bool {
	return strings.HasPrefix(name, "col.") || strings.HasPrefix(name, memberBlobPrefix) || strings.HasPrefix(name, sinceBlobPrefix) ||
		strings.HasPrefix(name, stateBlobPrefix)
}

// loadEarly reads and decodes blobs one by one.
func (s *saved) loadEarly(ctx context.Context, conn *sql.Conn, names []string) error {
	for _, name := range names {
		wait, err := s.loadBlobAsync(ctx, conn, name)
		if err != nil {
			return err
		}
		if err := wait(); err != nil {
			return err
		}
	}
	return nil
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

// openBlob runs the query for one blob and returns its value, valid
// until rows is closed (rows nil when the blob is gone).
func openBlob(ctx context.Context, conn *sql.Conn, name string) (*sql.Rows, sql.RawBytes, error) {
	rows, err := conn.QueryContext(ctx, `SELECT v FROM segc_inc_blobs WHERE name = ?`, name)
	if err != nil {
		return nil, nil, err
	}
	if !rows.Next() {
		err := rows.Err()
		rows.Close()
		return nil, nil, err
	}
	var v sql.RawBytes
	if err := rows.Scan(&v); err != nil {
		rows.Close()
		return nil, nil, err
	}
	return rows, v, nil
}

// loadBlobAsync reads one blob and decodes it on a new goroutine; wait
// joins it, applies the decoded value to s and closes the rows. Between
// the two calls, other queries may run on conn, but nothing may touch
// the field of s that the blob sets.
func (s *saved) loadBlobAsync(ctx context.Context, conn *sql.Conn, name string) (wait func() error, err error) {
	rows, v, err := openBlob(ctx, conn, name)
	if err != nil || rows == nil {
		return func() error { return nil }, err
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
			return undecodable(name, d.err)
		}
		d.apply()
		return rows.Err()
	}, nil
}

// undecodable wraps a blob's decoding error.
func undecodable(name string, err error) error {
	return fmt.Errorf("%w: %s: %v", errUndecodable, name, err)
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
	case strings.HasPrefix(name, sinceBlobPrefix):
		since, err := decodeSince(v)
		return func() { s.prevSince[name[len(sinceBlobPrefix):]] = since }, err
	case strings.HasPrefix(name, stateBlobPrefix):
		st, err := decodeStates(v)
		return func() { s.prevStates[name[len(stateBlobPrefix):]] = st }, err
	}
	return func() {}, nil
}
