package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

const backfillExamples = `
  segc backfill --db segc-demo.db --from 2026-07-01 --to 2026-07-07 --every 1d examples/segments
  segc backfill --db segc-demo.db --from 2026-07-01 --to 2026-09-30 --every 1w examples/segments
`

// runBackfill implements `segc backfill`: one stored run at each step
// from --from to --to, as if segc had run on that schedule. It resumes
// after the latest successful run, so running it again is a no-op.
func runBackfill(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("backfill", "--db DB --from T1 --to T2 --every D PATH...", backfillExamples, std)
	dbPath := fs.String("db", "", "SQLite database holding the declared tables (required)")
	fromText := fs.String("from", "", "first as-of instant (required)")
	toText := fs.String("to", "", "last as-of instant (required)")
	everyText := fs.String("every", "1d", "step between runs: 15m, 24h, 1d, 1w")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	from, err1 := parseInstant("from", *fromText, time.Time{})
	to, err2 := parseInstant("to", *toText, time.Time{})
	every, err3 := parseStep(*everyText)
	switch {
	case *dbPath == "":
		return usageError(fs, "--db is required")
	case *fromText == "" || *toText == "":
		return usageError(fs, "--from and --to are required as-of instants (YYYY-MM-DD, \"YYYY-MM-DD HH:MM:SS\" or RFC 3339)")
	case err1 != nil || err2 != nil || err3 != nil:
		return usageError(fs, "%v", errors.Join(err1, err2, err3))
	case to.Before(from):
		return usageError(fs, "--to %s is before --from %s", *toText, *fromText)
	}
	p, code := compileOne(fs.Name(), fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	db, err := openExistingDB(ctx, *dbPath, false)
	if err != nil {
		fmt.Fprintf(std.err, "segc backfill: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	return backfill(ctx, db, p, from, to, every, std)
}

// backfill runs each step after the latest successful run.
func backfill(ctx context.Context, db *sql.DB, p *plan.Plan, from, to time.Time, every time.Duration, std stdio) int {
	last, err := latestRun(ctx, db)
	if err != nil {
		fmt.Fprintf(std.err, "segc backfill: %v\n", err)
		return exitFindings
	}
	runs := 0
	queue := newOutboxQueue(p)
	defer func() { // what the committed runs queued, even if a later one failed
		if runs > 0 {
			queue.print(std.err)
		}
	}()
	for t := from; !t.After(to); t = t.Add(every) {
		if !t.After(last) {
			continue
		}
		res, diags, err := batch.Run(ctx, db, p, builtins.Default(), batch.Options{AsOf: t, InTx: queue.hook()})
		diag.RenderAll(std.err, diags)
		if err != nil {
			fmt.Fprintf(std.err, "segc backfill: run as of %s failed; rerun to resume from it: %v\n", t.Format(time.DateTime), err)
			return exitFindings
		}
		queue.committed()
		runs++
		entered, exited := 0, 0
		for _, s := range res.Summary.Segments {
			entered, exited = entered+s.Entered, exited+s.Exited
		}
		fmt.Fprintf(std.out, "run %d as of %s: %d entered, %d exited\n", res.Summary.RunID, t.Format(time.DateTime), entered, exited)
	}
	if runs == 0 {
		fmt.Fprintf(std.out, "nothing to do: the database already has a run as of %s\n", last.Format(time.DateTime))
	}
	return exitOK
}

// latestRun returns the as-of of the latest successful run (zero when none).
func latestRun(ctx context.Context, db *sql.DB) (time.Time, error) {
	if err := store.EnsureSchema(ctx, db); err != nil {
		return time.Time{}, err
	}
	var s sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT max(as_of) FROM segc_runs WHERE status = 'ok'`).Scan(&s); err != nil || !s.Valid {
		return time.Time{}, err
	}
	return time.Parse(store.TimeLayout, s.String)
}

// parseStep reads a positive step: 15m, 24h, 1d or 2w.
func parseStep(s string) (time.Duration, error) {
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if len(s) >= 2 {
		if u, ok := units[s[len(s)-1]]; ok {
			if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && n > 0 {
				return time.Duration(n) * u, nil
			}
		}
	}
	return 0, fmt.Errorf("cannot read --every %q: write a positive duration such as 15m, 24h, 1d or 1w", s)
}
