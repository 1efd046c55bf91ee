package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
)

// The daily workload (BENCHMARKS.md, "Daily incremental run"): a cold run
// as of dailyBaseAsOf saves the incremental state, then about 1% new
// events arrive, dated during the following day, with ids above the
// stored high-water mark; the timed runs are as of dailyAsOf.
const (
	dailyBaseAsOf = "2026-06-30"
	dailyAsOf     = "2026-07-01"
	// dailyNewEventsSQL copies every hundredth event to 2026-06-30 at a
	// time of day derived from its id.
	dailyNewEventsSQL = `INSERT INTO events(customer_id, ts, type, amount)
		SELECT customer_id, '2026-06-30 ' || printf('%02d:%02d:00', event_id % 24, event_id % 60), type, amount
		FROM events WHERE event_id % 100 = 0`
	// dailyMembersSQL lists the stored membership, to compare two runs.
	dailyMembersSQL = `SELECT segment, entity_id, since FROM segc_members ORDER BY segment, entity_id`
)

// dailySample is one pair of the daily benchmark: the incremental run
// and a cold run (--cold) at the same as-of on the same data.
type dailySample struct {
	inc, cold   measurement
	sameMembers bool
}

// benchDaily prepares the daily base database once and times c.runs
// pairs of daily and cold runs on fresh copies of it.
func benchDaily(ctx context.Context, c benchConfig, progress func(string)) ([]dailySample, error) {
	progress("daily: preparing the base (a cold run as of " + dailyBaseAsOf + ", then 1% new events)")
	base := filepath.Join(c.workDir, "daily-base.db")
	if err := prepareDailyBase(ctx, c, base); err != nil {
		return nil, fmt.Errorf("preparing the daily benchmark: %w", err)
	}
	var samples []dailySample
	for i := range c.runs {
		progress(fmt.Sprintf("daily: paired run %d of %d", i+1, c.runs))
		s, err := dailyPair(ctx, c, base)
		if err != nil {
			return nil, err
		}
		samples = append(samples, s)
	}
	return samples, nil
}

// prepareDailyBase makes base: a copy of the bench database, a cold run
// that saves the incremental state, and the new events.
func prepareDailyBase(ctx context.Context, c benchConfig, base string) error {
	if err := copyFile(base, c.db); err != nil {
		return err
	}
	if err := dropStoredRuns(ctx, base); err != nil {
		return err
	}
	if _, err := measure(ctx, "", c.exe, "run", "--quiet", "--db", base, "--as-of", dailyBaseAsOf, c.segments); err != nil {
		return err
	}
	_, err := measure(ctx, "", "sqlite3", base, dailyNewEventsSQL)
	return err
}

// dailyPair times the incremental run and the cold run, each on its own
// copy of base, and compares the membership they store.
func dailyPair(ctx context.Context, c benchConfig, base string) (dailySample, error) {
	var s dailySample
	var incSum, coldSum []byte
	var err error
	s.inc, incSum, err = dailyRun(ctx, c, base, "daily-inc.db")
	if err != nil {
		return s, err
	}
	if !bytes.Contains(s.inc.stderr, []byte("incremental run:")) {
		return s, fmt.Errorf("the daily run did not run incrementally:\n%s", lastLines(string(s.inc.stderr), 3))
	}
	s.cold, coldSum, err = dailyRun(ctx, c, base, "daily-cold.db", "--cold")
	s.sameMembers = bytes.Equal(incSum, coldSum)
	return s, err
}

// dailyRun times `segc run --as-of dailyAsOf` (with extra flags) on a
// copy of base and returns a digest of the membership it stored.
func dailyRun(ctx context.Context, c benchConfig, base, name string, flags ...string) (measurement, []byte, error) {
	var sum []byte
	m, err := onCopyOf(c, base, name, func(db string) (measurement, error) {
		args := append(append([]string{"run"}, flags...), "--db", db, "--as-of", dailyAsOf, c.segments)
		m, err := measure(ctx, "", c.exe, args...)
		if err == nil {
			sum, err = membersDigest(ctx, db)
		}
		return m, err
	})
	return m, sum, err
}

// membersDigest hashes a database's segc_members in key order.
func membersDigest(ctx context.Context, path string) ([]byte, error) {
	db, err := openDB(ctx, path, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, dailyMembersSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	h := sha256.New()
	var seg, since string
	var id any
	for rows.Next() {
		if err := rows.Scan(&seg, &id, &since); err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%v\x00%s\n", seg, id, since)
	}
	return h.Sum(nil), rows.Err()
}
