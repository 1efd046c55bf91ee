package incremental

import (
	"context"
	"database/sql"
)

// lateLane decodes the columns and members on a goroutine of its own,
// each as soon as it is read, and then ends the read transaction. What
// it decodes is applied to the state by finishLoad, on the goroutine
// that waits for it, so the run never sees half-loaded columns.
type lateLane struct {
	todo chan lateBlob
}

// lateBlob is one read blob; v is valid until rows closes.
type lateBlob struct {
	name string
	rows *sql.Rows
	v    sql.RawBytes
}

// startLate starts the lane for n blobs; end ends the transaction. It
// sets s.late.
func (s *saved) startLate(n int, end func()) *lateLane {
	l := &lateLane{todo: make(chan lateBlob, n)}
	type result struct {
		applies []func()
		err     error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		for b := range l.todo {
			r.applies, r.err = s.decodeLate(b, r.applies, r.err)
		}
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
	return l
}

// decodeLate decodes one blob unless an earlier one failed, and closes
// its rows.
func (s *saved) decodeLate(b lateBlob, applies []func(), err error) ([]func(), error) {
	defer b.rows.Close()
	if err != nil {
		return applies, err
	}
	apply, err := s.decodeBlob(b.name, b.v)
	if err != nil {
		return applies, undecodable(b.name, err)
	}
	return append(applies, apply), nil
}

// read reads the named blobs and hands them to the lane.
func (l *lateLane) read(ctx context.Context, conn *sql.Conn, names []string) error {
	for _, name := range names {
		rows, v, err := openBlob(ctx, conn, name)
		if err != nil {
			return err
		}
		if rows != nil {
			l.todo <- lateBlob{name: name, rows: rows, v: v}
		}
	}
	return nil
}

// close tells the lane that no more blobs come.
func (l *lateLane) close() { close(l.todo) }

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
