package ingest

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// ErrBusy wraps the error of a batch that could not be written because
// another connection held the database's write lock for longer than the
// busy timeout. Nothing of the batch is stored; it may be resent.
var ErrBusy = errors.New("the database is busy: another connection held its write lock for longer than the busy timeout")

// busyOr wraps err with ErrBusy when SQLite reported the database busy
// or locked.
func busyOr(err error) error {
	var e sqlite3.Error
	if errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked) {
		return fmt.Errorf("%w (%w)", ErrBusy, err)
	}
	return err
}
