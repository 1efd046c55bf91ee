package serve

import (
	"context"
	"database/sql"
)

// stmts prepares each statement of one transaction once and reuses it:
// a per-entity commit runs the same few statements for every change, and
// executing SQL text makes SQLite compile it again on every call.
type stmts struct {
	conn     *sql.Conn
	prepared map[string]*sql.Stmt
}

// newStmts returns an empty cache over conn; close it before the
// transaction ends.
func newStmts(conn *sql.Conn) *stmts {
	return &stmts{conn: conn, prepared: map[string]*sql.Stmt{}}
}

// exec runs query with args through its prepared statement.
func (s *stmts) exec(ctx context.Context, query string, args ...any) error {
	st, ok := s.prepared[query]
	if !ok {
		var err error
		if st, err = s.conn.PrepareContext(ctx, query); err != nil {
			return err
		}
		s.prepared[query] = st
	}
	_, err := st.ExecContext(ctx, args...)
	return err
}

// close finalizes every prepared statement.
func (s *stmts) close() {
	for _, st := range s.prepared {
		st.Close()
	}
}
