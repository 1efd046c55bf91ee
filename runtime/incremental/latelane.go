package incremental

import (
	"context"
	"database/sql"
)

// startLate reads and decodes the late blobs (columns, members, states)
// on a goroutine of its own, each into buf in turn, and then ends the
// read transaction (end). What it decodes is applied to the state by
// finishLoad, on the goroutine that waits for it, so the run never sees
// half-loaded columns. It sets s.late; conn belongs to the lane.
func (s *saved) startLate(ctx context.Context, conn *sql.Conn, blobs []storedBlob, buf []byte, end func()) {
	type result struct {
		applies []func()
		err     error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = withBlobs(ctx, conn, func(read readBlob) error {
			var err error
			r.applies, err = s.decodeLate(ctx, read, blobs, buf)
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

// decodeLate reads and decodes the blobs one by one into buf, and
// returns what applies them.
func (s *saved) decodeLate(ctx context.Context, read readBlob, blobs []storedBlob, buf []byte) ([]func(), error) {
	var applies []func()
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := read(b.rowid, buf)
		if err != nil {
			return nil, err
		}
		buf = v
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
