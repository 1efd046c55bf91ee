package serve

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/segc/segc/runtime/store"
)

// pathPruneSpan is the rowid span of one pruning DELETE, so the write
// lock is held briefly and ingestion interleaves.
const pathPruneSpan = 50_000

// sqlPrunePath deletes, among rowids ?1..?2, the path rows entered before
// the horizon ?3 that a later row before the horizon supersedes: what is
// left before the horizon is each entity's state at the horizon, so a
// replay from any instant at or after it restores exactly.
const sqlPrunePath = `DELETE FROM segc_state_path WHERE rowid IN (
	SELECT p.rowid FROM segc_state_path p
	WHERE p.rowid BETWEEN ?1 AND ?2 AND p.since < ?3 AND EXISTS (
		SELECT 1 FROM segc_state_path q
		WHERE q.lifecycle = p.lifecycle AND q.entity_id = p.entity_id AND q.since < ?3
			AND (q.since > p.since OR (q.since = p.since AND q.rowid > p.rowid))))`

// prunePath drops the lifecycle path rows older than horizon that no
// replay from the horizon on can need, one rowid span per statement. It
// returns the rows deleted; a database without the table has none.
func prunePath(ctx context.Context, db *sql.DB, horizon time.Time) (int64, error) {
	var lo, hi sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT min(rowid), max(rowid) FROM segc_state_path`).Scan(&lo, &hi)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, nil
		}
		return 0, err
	}
	cutoff := store.FormatTime(horizon)
	var n int64
	for from := lo.Int64; lo.Valid && from <= hi.Int64; from += pathPruneSpan {
		res, err := db.ExecContext(ctx, sqlPrunePath, from, from+pathPruneSpan-1, cutoff)
		if err != nil {
			return n, fmt.Errorf("pruning segc_state_path: %w", err)
		}
		d, _ := res.RowsAffected()
		n += d
	}
	return n, nil
}

// pathHorizon is the earliest instant a late event's lifecycle replay
// starts from: now minus Config.PathRetention, or the beginning of time
// when the path is kept forever.
func (s *Server) pathHorizon(now int64) int64 {
	if s.cfg.PathRetention <= 0 {
		return minInstant
	}
	return now - int64(s.cfg.PathRetention/time.Second)
}

// minInstant is before any instant a replay starts from.
const minInstant = -1 << 62

// prunePathAfter prunes the path after a full evaluation at asOf, when a
// retention is set, logging rather than failing: the path only grows.
func (s *Server) prunePathAfter(ctx context.Context, asOf time.Time) {
	if s.cfg.PathRetention <= 0 {
		return
	}
	n, err := prunePath(ctx, s.evalDB, asOf.Add(-s.cfg.PathRetention))
	switch {
	case err != nil:
		s.log.Warn("pruning the lifecycle path failed; it is retried after the next full evaluation", "err", err)
	case n > 0:
		s.log.Info("pruned segc_state_path", "rows", n, "retention", s.cfg.PathRetention)
	}
}
