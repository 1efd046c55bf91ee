package explain

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/segc/segc/runtime/store"
)

// ErrNoStoredRun means the database has no successful run to explain.
var ErrNoStoredRun = errors.New("the database has no successful segc run to explain: run 'segc run --db DB PATH' first, or pass --as-of to recompute without storing")

// storedRun is the latest successful segc_runs row.
type storedRun struct {
	id       int64
	asOf     time.Time
	planHash string
}

// latestRun reads the latest successful run.
func latestRun(ctx context.Context, db *sql.DB) (storedRun, error) {
	var r storedRun
	var asOf string
	err := db.QueryRowContext(ctx, `SELECT run_id, as_of, plan_hash FROM segc_runs
		WHERE status = 'ok' ORDER BY run_id DESC LIMIT 1`).Scan(&r.id, &asOf, &r.planHash)
	if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		return r, ErrNoStoredRun
	}
	if err != nil {
		return r, fmt.Errorf("reading segc_runs: %w", err)
	}
	r.asOf, err = time.Parse(store.TimeLayout, asOf)
	if err != nil {
		return r, fmt.Errorf("segc_runs: run %d has as_of %q, not %s", r.id, asOf, store.TimeLayout)
	}
	return r, nil
}

// isNoTable reports a query on a missing table.
func isNoTable(err error) bool {
	return err != nil && containsFold(err.Error(), "no such table")
}

// recorded maps a threshold (owner, expr, group) to its stored value.
type recorded map[recordKey]any

type recordKey struct{ owner, expr, group string }

// readThresholds reads the segc_thresholds rows of a run.
func readThresholds(ctx context.Context, db *sql.DB, runID int64) (recorded, error) {
	rows, err := db.QueryContext(ctx, `SELECT segment, expr, group_key, value FROM segc_thresholds WHERE run_id = ?`, runID)
	if err != nil {
		return nil, fmt.Errorf("reading segc_thresholds: %w", err)
	}
	defer rows.Close()
	out := recorded{}
	for rows.Next() {
		var owner, expr string
		var group, value any
		if err := rows.Scan(&owner, &expr, &group, &value); err != nil {
			return nil, fmt.Errorf("reading segc_thresholds: %w", err)
		}
		out[recordKey{owner, expr, groupText(group)}] = value
	}
	return out, rows.Err()
}

// groupText is a canonical text for a group key as stored or evaluated:
// bools are stored as 0/1, text may come back as bytes.
func groupText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "i1"
		}
		return "i0"
	case int64:
		return "i" + strconv.FormatInt(v, 10)
	case float64:
		return "f" + strconv.FormatFloat(v, 'g', -1, 64)
	case []byte:
		return "s" + string(v)
	case string:
		return "s" + v
	}
	return fmt.Sprintf("?%v", v)
}

// storedMember reports whether segc_members holds key in segment.
func storedMember(ctx context.Context, db *sql.DB, segment string, key any) (bool, error) {
	var found bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM segc_members WHERE segment = ? AND entity_id = ?)`,
		segment, key).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("reading segc_members: %w", err)
	}
	return found, nil
}
