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
// Blobs are read straight from the database pages into two buffers
// (see withBlobs): the base's, and one that the other blobs share in
// turn: the early ones, largest first so that it is sized once, then the
// late lane's, smallest first, so that only those larger than it (W1's
// float and time columns) wait for the base's buffer, free once the base
// is decoded, instead of growing it (8 MB of fresh pages for W1 at 1M
// entities). A blob is decoded before its buffer is read into again.
func (s *saved) loadBlobs(ctx context.Context, conn *sql.Conn, end func()) error {
	blobs, err := blobsBySize(ctx, conn)
	if err != nil || len(blobs) == 0 {
		end()
		return err
	}
	early, late := splitLate(blobs[1:])
	slices.Reverse(late)
	wait, spare := func() error { return nil }, func() []byte { return nil }
	var buf []byte
	err = withBlobs(ctx, conn, func(read readBlob) error {
		v, err := read(blobs[0].rowid, nil)
		if err != nil {
			return err
		}
		wait, spare = s.decodeAsync(blobs[0].name, v)
		buf, err = s.loadEarly(ctx, read, early)
		return err
	})
	if err != nil {
		wait()
		end()
		return err
	}
	s.startLate(ctx, conn, late, lateBuffers{buf: buf, spare: spare}, end)
	if err := wait(); err != nil {
		s.finishLoad()
		return err
	}
	return nil
}

// storedBlob is one row of segc_inc_blobs.
type storedBlob struct {
	rowid int64
	name  string
	size  int
}

// splitLate separates the blobs the event stage needs from the late ones.
func splitLate(blobs []storedBlob) (early, late []storedBlob) {
	for _, b := range blobs {
		if isLateBlob(b.name) {
			late = append(late, b)
		} else {
			early = append(early, b)
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

// loadEarly reads and decodes blobs one by one into buf, and returns
// buf for the next reader.
func (s *saved) loadEarly(ctx context.Context, read readBlob, blobs []storedBlob) ([]byte, error) {
	var buf []byte
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return buf, err
		}
		v, err := read(b.rowid, buf)
		if err != nil {
			return buf, err
		}
		buf = v
		apply, err := s.decodeBlob(b.name, v)
		if err != nil {
			return buf, undecodable(b.name, err)
		}
		apply()
	}
	return buf, nil
}

// blobsBySize lists the stored blobs, largest first (SQLite reads a
// value's length from its record header, not its overflow pages).
func blobsBySize(ctx context.Context, conn *sql.Conn) ([]storedBlob, error) {
	rows, err := conn.QueryContext(ctx, `SELECT rowid, name, length(v) FROM segc_inc_blobs WHERE v IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []storedBlob
	for rows.Next() {
		var b storedBlob
		if err := rows.Scan(&b.rowid, &b.name, &b.size); err != nil {
			return nil, err
		}
		all = append(all, b)
	}
	slices.SortFunc(all, func(a, b storedBlob) int { return b.size - a.size })
	return all, rows.Err()
}

// decodeAsync decodes one blob on a new goroutine; wait joins it and
// applies the decoded value to s. Until then, nothing may touch the
// field of s that the blob sets. spare waits until the decoding is done
// with v and returns it, for reading other blobs into; nothing else may
// touch v.
func (s *saved) decodeAsync(name string, v []byte) (wait func() error, spare func() []byte) {
	type decoded struct {
		apply func()
		err   error
	}
	done, free := make(chan decoded, 1), make(chan struct{})
	go func() {
		apply, err := s.decodeBlob(name, v)
		close(free)
		done <- decoded{apply, err}
	}()
	wait = func() error {
		d := <-done
		if d.err != nil {
			return undecodable(name, d.err)
		}
		d.apply()
		return nil
	}
	return wait, func() []byte { <-free; return v }
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
