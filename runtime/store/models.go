package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ModelRow is one version of a cluster model, a row of segc_models. Spec,
// Model and Metrics are JSON text. Commit writes it when a run trained the
// model; the other runs only add a ModelRunRow.
type ModelRow struct {
	Name      string
	Version   int
	TrainedAt time.Time
	Spec      string
	Model     string
	Metrics   string
	// Later, when set, gives Metrics when the row is written: metrics still
	// being computed (in the background) when the store starts.
	Later func() (string, error)
}

// metrics returns the row's metrics, waiting for Later.
func (m *ModelRow) metrics() (string, error) {
	if m.Later == nil {
		return m.Metrics, nil
	}
	return m.Later()
}

// ModelRunRow is what one run observed of a cluster model: the version it
// applied and its monitoring (sizes, drift, stability) as JSON. Commit
// writes it to segc_model_runs with the run's id.
type ModelRunRow struct {
	Name    string
	Version int
	Metrics string
}

const sqlModelRunsDDL = `CREATE TABLE IF NOT EXISTS segc_model_runs(
	run_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	version INTEGER NOT NULL,
	metrics TEXT NOT NULL,
	PRIMARY KEY (run_id, name))`

// writeModels inserts the trained models and the per-run model metrics.
func (w *writer) writeModels(ctx context.Context, models []ModelRow, runs []ModelRunRow) error {
	if len(models) == 0 && len(runs) == 0 {
		return nil
	}
	if _, err := w.conn.ExecContext(ctx, sqlModelRunsDDL); err != nil {
		return fmt.Errorf("creating segc_model_runs: %w", err)
	}
	for _, m := range models {
		metrics, err := m.metrics()
		if err != nil {
			return fmt.Errorf("computing the metrics of cluster model %q: %w", m.Name, err)
		}
		_, err = w.conn.ExecContext(ctx, `INSERT INTO segc_models(name, version, trained_at, spec, model, metrics)
			VALUES (?, ?, ?, ?, ?, ?)`, m.Name, m.Version, FormatTime(m.TrainedAt), m.Spec, m.Model, metrics)
		if err != nil {
			return fmt.Errorf("storing version %d of cluster model %q: %w", m.Version, m.Name, err)
		}
	}
	for _, r := range runs {
		_, err := w.conn.ExecContext(ctx, `INSERT INTO segc_model_runs(run_id, name, version, metrics) VALUES (?, ?, ?, ?)`,
			w.runID, r.Name, r.Version, r.Metrics)
		if err != nil {
			return fmt.Errorf("storing the metrics of cluster model %q: %w", r.Name, err)
		}
	}
	return nil
}

// ReadLatestModel returns the highest stored version of a cluster model,
// or nil when there is none (or no segc_models table).
func ReadLatestModel(ctx context.Context, db *sql.DB, name string) (*ModelRow, error) {
	if ok, err := tableExists(ctx, db, "segc_models"); err != nil || !ok {
		return nil, err
	}
	m := &ModelRow{Name: name}
	var at string
	var metrics sql.NullString
	err := db.QueryRowContext(ctx, `SELECT version, trained_at, spec, model, metrics FROM segc_models
		WHERE name = ? ORDER BY version DESC LIMIT 1`, name).Scan(&m.Version, &at, &m.Spec, &m.Model, &metrics)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading cluster model %q: %w", name, err)
	}
	m.Metrics = metrics.String
	if m.TrainedAt, err = time.Parse(TimeLayout, at); err != nil {
		return nil, fmt.Errorf("cluster model %q: stored trained_at %q is not %s", name, at, TimeLayout)
	}
	return m, nil
}

// ReadSegmentMembers returns the stored members of a segment (none when
// segc_members does not exist).
func ReadSegmentMembers(ctx context.Context, db *sql.DB, segment string) (Keys, error) {
	st, err := newStoredState(ctx, db)
	if err != nil {
		return Keys{}, err
	}
	k, err := st.members(ctx, segment)
	return Keys{Ints: k.ints, Strs: k.strs}, err
}

// tableExists reports whether the database has a table.
func tableExists(ctx context.Context, db *sql.DB, table string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("reading the database schema: %w", err)
	}
	return n > 0, nil
}
