package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/schema"
)

const checkExamples = `
  segc check examples/segments
  segc check --format json examples/segments > findings.json
  segc check --format github examples/segments          annotations in a GitHub Actions log
  segc check --format sarif examples/segments > segc.sarif
  segc check --db retail.db --as-of 2011-12-10 --min-size 100 examples/online_retail
      dry-run on the data; without --as-of it runs at now, after the data ends
`

// checkConfig is what the flags of `segc check` ask for.
type checkConfig struct {
	dbPath    string
	format    string
	maxErrors int
	minSize   int
	asOf      time.Time
}

// writers maps each --format to its renderer.
func writers() map[string]func(io.Writer, diag.List) error {
	return map[string]func(io.Writer, diag.List) error{
		"text":   func(w io.Writer, l diag.List) error { diag.RenderAll(w, l); return nil },
		"json":   diag.WriteJSON,
		"github": diag.WriteGitHub,
		"sarif":  diag.WriteSARIF,
	}
}

// runCheck implements `segc check`.
func runCheck(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("check", "[--db DB [--as-of T] [--min-size N]] [--format text|json|github|sarif] [--max-errors N] [--infos=false] PATH...", checkExamples, std)
	dbPath := fs.String("db", "", "also check the schemas, and dry-run the segments for empty and small ones, against this SQLite database")
	format := fs.String("format", "text", "output format: text, json, github (workflow commands) or sarif (SARIF 2.1.0)")
	maxErrors := fs.Int("max-errors", 0, "print at most N errors (0: all); the exit code still counts every error")
	minSize := fs.Int("min-size", 50, "with --db, warn about segments with fewer members than this (W0706)")
	asOfText := fs.String("as-of", "", "with --db, the dry run's evaluation instant (default: now)")
	infos := fs.Bool("infos", true, "print info findings, such as segments that need a batch recompute (I0705); --infos=false hides them")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	write, ok := writers()[*format]
	if !ok {
		return usageError(fs, "unknown --format %q: use text, json, github or sarif", *format)
	}
	if *maxErrors < 0 || *minSize < 0 {
		return usageError(fs, "--max-errors and --min-size take a number of 0 or more")
	}
	asOf, err := parseInstant("as-of", *asOfText, time.Now())
	if err != nil {
		return usageError(fs, "%v", err)
	}
	if fs.NArg() == 0 {
		return usageError(fs, "no PATH given: name a .seg file or a directory of them")
	}
	mods, err := moduleFiles(fs.Args())
	if err != nil {
		fmt.Fprintf(std.err, "segc check: %v\n", err)
		return exitUsage
	}
	cfg := checkConfig{dbPath: *dbPath, format: *format, maxErrors: *maxErrors, minSize: *minSize, asOf: asOf}
	all, code := checkModules(ctx, mods, cfg)
	if code == exitUsage {
		diag.RenderAll(std.err, all)
		return code
	}
	if !*infos {
		all = withoutInfos(all)
	}
	shown, omitted := limitErrors(all, cfg.maxErrors)
	if err := write(std.out, shown); err != nil {
		fmt.Fprintf(std.err, "segc check: %v\n", err)
		return exitUsage
	}
	return finishCheck(all, omitted, cfg, std)
}

// finishCheck prints the omission note and the count, and picks the code.
func finishCheck(all diag.List, omitted int, cfg checkConfig, std stdio) int {
	if omitted > 0 {
		fmt.Fprintf(std.err, "segc check: %d more %s not shown (--max-errors %d)\n", omitted, plural(omitted, "finding"), cfg.maxErrors)
	}
	if len(all) > 0 {
		fmt.Fprintf(std.err, "segc check: %s\n", checkSummary(all))
	}
	if all.HasErrors() {
		return exitFindings
	}
	return exitOK
}

// checkSummary says "1 error, 2 warnings", adding infos when there are some.
func checkSummary(l diag.List) string {
	s := countSummary(l)
	if n := l.Count(diag.Info); n > 0 {
		s += fmt.Sprintf(", %d %s", n, plural(n, "info"))
	}
	return s
}

// withoutInfos drops info findings.
func withoutInfos(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity != diag.Info {
			out = append(out, d)
		}
	}
	return out
}

// limitErrors keeps the findings up to and including the max-th error and
// returns how many were left out; max 0 keeps everything.
func limitErrors(l diag.List, max int) (diag.List, int) {
	if max == 0 {
		return l, 0
	}
	errors := 0
	for i, d := range l {
		if d.Severity == diag.Error {
			errors++
			if errors == max {
				return l[:i+1], len(l) - i - 1
			}
		}
	}
	return l, 0
}

// checkModules compiles and lints every module and, with a database,
// checks its schema and dry-runs it. Suppression comments apply last. The
// code is exitUsage when a file or the database cannot be read.
func checkModules(ctx context.Context, mods [][]string, cfg checkConfig) (diag.List, int) {
	var all diag.List
	for _, files := range mods {
		mod, diags, err := compiler.LoadFiles(files)
		if err != nil {
			return append(all, ioDiagnostic(err)), exitUsage
		}
		p, more := compiler.CompileWith(mod, builtins.Default(), compiler.Options{Lint: true})
		diags = append(diags, more...)
		if p != nil && !diags.HasErrors() && cfg.dbPath != "" {
			found, err := checkDatabase(ctx, p, cfg)
			if err != nil {
				return append(all, ioDiagnostic(err)), exitUsage
			}
			diags = append(diags, found...)
		}
		all = append(all, compiler.Suppress(mod, diags, compiler.SuppressOptions{DB: cfg.dbPath != ""})...)
	}
	return all, exitOK
}

// checkDatabase checks the declared schema and, when it fits, dry-runs the
// plan to find empty and small segments.
func checkDatabase(ctx context.Context, p *plan.Plan, cfg checkConfig) (diag.List, error) {
	db, err := openExistingDB(ctx, cfg.dbPath, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	found := schema.Check(ctx, db, p)
	if found.HasErrors() {
		return found, nil
	}
	return append(found, sizeFindings(ctx, db, p, cfg)...), nil
}

// sizeFindings evaluates the plan without writing and reports empty
// segments (W0602) and segments below --min-size (W0706) at their
// declarations. A failing evaluation is reported as E0505.
func sizeFindings(ctx context.Context, db *sql.DB, p *plan.Plan, cfg checkConfig) diag.List {
	res, diags, err := batch.Run(ctx, db, p, builtins.Default(), batch.Options{AsOf: cfg.asOf, DryRun: true})
	if err != nil {
		return append(diags, diag.Diagnostic{Severity: diag.Error, Code: diag.DatabaseError,
			Message: fmt.Sprintf("the dry run for empty and small segments failed: %v", err)})
	}
	sizes := map[string]int{}
	for _, s := range res.Summary.Segments {
		sizes[s.Name] = s.Size
	}
	var out diag.List
	when := cfg.asOf.Format(time.DateTime)
	for _, seg := range p.Segments {
		n, ok := sizes[seg.Name]
		switch {
		case !ok:
		case n == 0:
			out = append(out, segmentFinding(seg, diag.EmptySegment,
				fmt.Sprintf("segment %s has no members as of %s; check the data, the as-of and the conditions (suppress with # segc:ignore W0602 REASON if expected)", seg.Name, when)))
		case n < cfg.minSize:
			out = append(out, segmentFinding(seg, diag.SmallSegment,
				fmt.Sprintf("segment %s has %d %s as of %s, fewer than --min-size %d: small segments fragment the audience; merge it, loosen it or lower --min-size", seg.Name, n, plural(n, "member"), when, cfg.minSize)))
		}
	}
	return out
}

// segmentFinding is a warning at a segment's declaration.
func segmentFinding(seg *plan.Segment, code diag.Code, msg string) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Warning, Code: code, Message: msg, File: seg.Loc.File, Span: seg.Loc.Span}
}

// ioDiagnostic wraps an I/O error as a file-less diagnostic.
func ioDiagnostic(err error) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Error, Code: diag.DatabaseError, Message: err.Error()}
}
