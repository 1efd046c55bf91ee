package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

const runExamples = `
  segc run --db segc-demo.db --as-of 2026-06-30 examples/segments
  segc run --db segc-demo.db --dry-run examples/segments     evaluate and diff, write nothing
  segc run --db segc-demo.db --dry-run --diff examples/segments
      who would enter and leave each segment, with example ids (for a pull request)
  segc run --db segc-demo.db --dry-run --diff --against 12 examples/segments
      the same, against the membership as of run 12
  segc run --db segc-demo.db --dry-run --diff --against prod.db examples/segments
      the same, against another database's stored membership
`

// runRun implements `segc run`.
func runRun(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("run", "--db DB [--as-of T] [--dry-run] [--diff [--against RUN|DB]] [--retrain] [--profiles] [--cold] [--quiet] PATH...", runExamples, std)
	dbPath := fs.String("db", "", "SQLite database holding the declared tables (required)")
	asOfText := fs.String("as-of", "", "evaluation instant: YYYY-MM-DD, \"YYYY-MM-DD HH:MM:SS\" or RFC 3339 (default: now)")
	dryRun := fs.Bool("dry-run", false, "evaluate and show what would change, without writing")
	quiet := fs.Bool("quiet", false, "do not print progress")
	diff := fs.Bool("diff", false, "print, per segment, the ids entering and leaving (up to 5 examples each)")
	against := fs.String("against", "", "diff against this run id or this database's stored membership instead of the last run (implies --diff)")
	retrain := fs.Bool("retrain", false, "train every cluster model anew instead of assigning to the stored centroids")
	profiles := fs.Bool("profiles", false, "print each cluster's size and the mean and median of its features against the population")
	coldRun := fs.Bool("cold", false, "ignore the incremental state and evaluate everything from the tables (state is still saved)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	target, err := parseDiffTarget(*diff, *against)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	if *dbPath == "" {
		return usageError(fs, "--db is required: name the SQLite database to evaluate against")
	}
	asOf, err := parseInstant("as-of", *asOfText, time.Now())
	if err != nil {
		return usageError(fs, "%v", err)
	}
	p, code := compileOne(fs.Name(), fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	opts := batch.Options{AsOf: asOf, DryRun: *dryRun, Retrain: *retrain, Cold: *coldRun, Progress: progressPrinter(std.err, *quiet)}
	return evaluateDiff(ctx, *dbPath, p, opts, runView{target: target, profiles: *profiles, quiet: *quiet}, std)
}

// evaluate opens the database, runs the plan and prints the size table.
func evaluate(ctx context.Context, dbPath string, p *plan.Plan, opts batch.Options, std stdio) int {
	return evaluateDiff(ctx, dbPath, p, opts, runView{}, std)
}

// evaluateDiff is evaluate, then prints the clusters, and the membership
// diff when the view has a target.
func evaluateDiff(ctx context.Context, dbPath string, p *plan.Plan, opts batch.Options, view runView, std stdio) int {
	db, err := openExistingDB(ctx, dbPath, false)
	if err != nil {
		fmt.Fprintf(std.err, "segc run: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	if err := checkAgainstRun(ctx, db, view.target); err != nil {
		fmt.Fprintf(std.err, "segc run: %v\n", err)
		return exitUsage
	}
	queue := newOutboxQueue(p)
	if !opts.DryRun {
		opts.InTx = queue.hook()
	}
	res, diags, err := batch.Run(ctx, db, p, builtins.Default(), opts)
	diag.RenderAll(std.err, diags)
	if err != nil {
		fmt.Fprintf(std.err, "segc run: run failed, membership left unchanged: %v\n", err)
		return exitFindings
	}
	queue.committed()
	if !view.quiet {
		printBackground(std.err, res.Evaluation.Timings)
	}
	for _, w := range res.Evaluation.Warnings {
		fmt.Fprintf(std.err, "warning: %s\n", w)
	}
	if res.Incremental != nil && !view.quiet {
		fmt.Fprintln(std.err, res.Incremental)
	}
	if !opts.DryRun && !view.quiet {
		queue.print(std.err)
	}
	printSummary(std.out, res, opts)
	printLifecycles(std.out, res.Evaluation)
	printClusters(std.out, res.Evaluation, view.profiles)
	if view.target != nil {
		return printDiff(ctx, db, res, view.target, std)
	}
	return exitOK
}

// printSummary prints one line per stored segment with size and changes.
func printSummary(w io.Writer, res *batch.Result, opts batch.Options) {
	s := res.Summary
	if opts.DryRun {
		fmt.Fprintf(w, "dry run as of %s: nothing written\n", opts.AsOf.Format(time.DateTime))
	} else {
		fmt.Fprintf(w, "run %d as of %s\n", s.RunID, opts.AsOf.Format(time.DateTime))
	}
	var rows [][]string
	for _, seg := range s.Segments {
		rows = append(rows, []string{seg.Name, fmt.Sprint(seg.Size), enteredText(seg), fmt.Sprint(seg.Exited)})
	}
	printTable(w, []string{"segment", "size", "entered", "exited"}, rows)
}

// enteredText shows "baseline" for a segment's first evaluation.
func enteredText(s store.SegmentSummary) string {
	if s.Baseline {
		return "baseline"
	}
	return fmt.Sprint(s.Entered)
}

// progressPrinter reports stages on w unless quiet.
// backgroundLine is how printBackground reports work that ran alongside
// the progress stages (segc bench parses it).
const backgroundLine = "[background %.2fs] %s\n"

// printBackground reports the stages that overlapped others (cluster
// trainings alongside the later steps and the store), which the progress
// lines do not show.
func printBackground(w io.Writer, timings []runtime.StageTiming) {
	for _, s := range timings {
		if s.Stage == runtime.BackgroundTraining {
			fmt.Fprintf(w, backgroundLine, s.Duration.Seconds(), s.Stage)
		}
	}
}

func progressPrinter(w io.Writer, quiet bool) func(string) {
	if quiet {
		return func(string) {}
	}
	start := time.Now()
	return func(stage string) {
		fmt.Fprintf(w, "[%6.2fs] %s\n", time.Since(start).Seconds(), stage)
	}
}
