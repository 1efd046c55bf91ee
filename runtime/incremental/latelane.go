package incremental

import (
	"context"
	"database/sql"
)

// lateBuffers are the buffers the late lane reads into: buf, and when a
// blob does not fit it, spare's (the base's, which spare waits for; nil
// when there is none).
type lateBuffers struct {
	buf   []byte
	spare func() []byte
}

// fit returns a buffer for blob i of blobs (ascending by size): buf
// while it is large enough, then the spare when that is, else a new one
// sized for the largest blob (the last), so that it grows once.
func (lb *lateBuffers) fit(blobs []storedBlob, i int) []byte {
	if blobs[i].size <= cap(lb.buf) {
		return lb.buf
	}
	if lb.spare != nil {
		if sp := lb.spare(); cap(sp) >= blobs[i].size {
			lb.buf = sp
		}
		lb.spare = nil
	}
	if blobs[i].size > cap(lb.buf) {
		lb.buf = make([]byte, 0, blobs[len(blobs)-1].size)
	}
	return lb.buf
}

// startLate reads and decodes the late blobs (columns, members, states;
// ascending by size) on a goroutine of its own, each into bufs in turn,
// and then ends the read transaction (end). What it decodes is applied
// to the state by finishLoad, on the goroutine that waits for it, so
// the run never sees half-loaded columns. It sets s.late; conn belongs
// to the lane.
func (s *saved) startLate(ctx context.Context, conn *sql.Conn, blobs []storedBlob, bufs lateBuffers, end func()) {
	type result struct {
		applies []func()
		err     error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = withBlobs(ctx, conn, func(read readBlob) error {
			var err error
			r.applies, err = s.decodeLate(ctx, read, blobs, &bufs)
			return err
		})
		end()
		done <- r
	}()
	s.late = func() error {
		r := <-done
		if r.err != nil {
			return r.err
		}
		for _, apply := range r.applies {
			apply()
		}
		return nil
	}
}

// decodeLate reads and decodes the blobs (ascending by size) one by one
// into bufs, and returns what applies them.
func (s *saved) decodeLate(ctx context.Context, read readBlob, blobs []storedBlob, bufs *lateBuffers) ([]func(), error) {
	var applies []func()
	for i, b := range blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := read(b.rowid, bufs.fit(blobs, i))
		if err != nil {
			return nil, err
		}
		bufs.buf = v
		apply, err := s.decodeBlob(b.name, v)
		if err != nil {
			return nil, undecodable(b.name, err)
		}
		applies = append(applies, apply)
	}
	return applies, nil
}

// finishLoad waits for the late lane and applies what it decoded; it
// returns nil at once when nothing is pending.
func (s *saved) finishLoad() error {
	if s.late == nil {
		return nil
	}
	err := s.late()
	s.late = nil
	return err
}
