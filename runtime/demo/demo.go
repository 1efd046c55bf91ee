// Package demo generates the synthetic retail database of bench.md: the
// customers and events tables that `segc demo` and the benchmarks run on.
// The output is a deterministic function of Options.Customers, Seed and AsOf.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

// DefaultAsOf is the as-of instant of the bench data: 2026-06-30 00:00:00 UTC.
func DefaultAsOf() time.Time { return time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC) }

// DefaultCustomers is the population size when Options.Customers is 0.
const DefaultCustomers = 100_000

// Options configure Generate.
type Options struct {
	Customers int          // number of customers; 0 means DefaultCustomers
	Seed      int64        // random seed; the same seed gives the same database
	AsOf      time.Time    // last instant of the data; zero means DefaultAsOf
	Overwrite bool         // replace an existing file at path
	Progress  func(string) // optional progress messages; may be nil
}

// Stats describe a generated database.
type Stats struct {
	Customers int64
	Events    int64
	Purchases int64
	Elapsed   time.Duration
}

// Generate creates a new SQLite database at path holding the bench tables.
// It builds path+".tmp" and renames it at the end, so a failure or
// cancellation never leaves a partial database at path. It refuses to
// replace an existing file unless opts.Overwrite is set.
func Generate(ctx context.Context, path string, opts Options) (*Stats, error) {
	start := time.Now()
	opts, err := opts.normalized(path)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(path, opts.Overwrite); err != nil {
		return nil, err
	}
	tmp := path + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("demo: removing stale %s: %w", tmp, err)
	}
	stats, err := build(ctx, tmp, opts)
	if err == nil {
		err = checkTarget(path, opts.Overwrite)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	stats.Elapsed = time.Since(start)
	return stats, nil
}

// normalized fills defaults and validates opts.
func (o Options) normalized(path string) (Options, error) {
	if o.Customers == 0 {
		o.Customers = DefaultCustomers
	}
	if o.Customers < 0 || o.Customers > 100_000_000 {
		return o, fmt.Errorf("demo: customers must be between 1 and 100000000, got %d", o.Customers)
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf()
	}
	o.AsOf = o.AsOf.UTC().Truncate(time.Second)
	if y := o.AsOf.Year(); y < 1900 || y > 9999 {
		return o, fmt.Errorf("demo: as-of year must be between 1900 and 9999, got %d", y)
	}
	if path == "" || strings.ContainsRune(path, '?') || strings.HasPrefix(path, "file:") {
		return o, fmt.Errorf("demo: %q is not a usable database path: give a plain file name without '?' or file: prefix", path)
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
	return o, nil
}

// checkTarget refuses an existing path unless overwrite is set.
func checkTarget(path string, overwrite bool) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("demo: checking %s: %w", path, err)
	case info.IsDir():
		return fmt.Errorf("demo: %s is a directory: give a file name for the database", path)
	case !overwrite:
		return fmt.Errorf("demo: %s already exists: choose another path or pass --overwrite to replace it", path)
	}
	return nil
}

// build writes the whole database to path.
func build(ctx context.Context, path string, opts Options) (*Stats, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, fmt.Errorf("demo: opening %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, stmt := range append(fastLoadPragmas(), schemaSQL) {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("demo: preparing %s: %w", path, err)
		}
	}
	m := newModel(opts.Customers, opts.AsOf.Unix())
	stats, err := load(ctx, db, m, opts)
	if err != nil {
		return nil, err
	}
	opts.Progress("creating index events(customer_id, ts)")
	if _, err := db.ExecContext(ctx, indexSQL); err != nil {
		return nil, fmt.Errorf("demo: creating index: %w", err)
	}
	return stats, db.Close()
}
