// Package runtime evaluates a compiled plan against a SQLite database: it
// loads the population and its columns, computes every event aggregate in
// one pass per log, then runs the plan's steps (features, thresholds,
// segments) as vector kernels, and returns the Outcome to store.
package runtime

import (
	"errors"
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/load"
)

// RunError is an evaluation failure. It carries a plan location when it
// comes from a plan element (rendered `file.seg:12:5: ...`), or the table,
// row key and column of a bad stored value.
type RunError struct {
	Code   diag.Code
	Loc    plan.Loc
	Table  string
	Column string
	Key    any // row key of a bad value, or nil
	Msg    string
	Err    error // underlying error, if any
}

// Error implements error.
func (e *RunError) Error() string {
	if s := e.Loc.String(); s != "" {
		return fmt.Sprintf("%s: %s", s, e.Msg)
	}
	return e.Msg
}

// Unwrap returns the underlying error.
func (e *RunError) Unwrap() error { return e.Err }

// wrap converts errors from the runtime's packages into *RunError.
func wrap(err error, loc plan.Loc) error {
	if err == nil {
		return nil
	}
	var re *RunError
	if errors.As(err, &re) {
		return re
	}
	var de *load.DataError
	if errors.As(err, &de) {
		return &RunError{Code: diag.BadValue, Table: de.Table, Column: de.Column, Key: de.Key, Msg: de.Error(), Err: err}
	}
	var qe *load.QueryError
	if errors.As(err, &qe) {
		return &RunError{Code: diag.DatabaseError, Loc: loc, Table: qe.Table, Msg: qe.Error() + "; check that the database has the declared tables and columns (segc check --db)", Err: err}
	}
	var ce *eval.Error
	if errors.As(err, &ce) {
		return &RunError{Code: diag.DatabaseError, Loc: ce.Loc, Msg: ce.Msg, Err: err}
	}
	return &RunError{Code: diag.DatabaseError, Loc: loc, Msg: err.Error(), Err: err}
}
