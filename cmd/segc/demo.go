package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/examples"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/demo"
)

const demoExamples = `
  segc demo                                  1M customers into segc-demo.db, then run examples/segments
  segc demo --customers 50000 --db small.db  a smaller database
  segc demo --segments my/segments           run your own module on the demo data
`

// demoParams are the parameters a demo database was generated with.
type demoParams struct {
	customers int
	seed      int64
	asOf      time.Time
}

// runDemo implements `segc demo`.
func runDemo(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("demo", "[--customers N] [--seed S] [--db PATH] [--segments DIR]", demoExamples, std)
	dbPath := fs.String("db", "segc-demo.db", "database to create, or reuse when it was generated with the same parameters")
	customers := fs.Int("customers", 1_000_000, "number of customers to generate")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same database")
	segments := fs.String("segments", "", "module to evaluate (default: the embedded examples/segments)")
	quiet := fs.Bool("quiet", false, "do not print progress")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, "unexpected argument %q: use --segments DIR to evaluate another module", fs.Arg(0))
	}
	if *customers < 1 || *customers > 50_000_000 {
		return usageError(fs, "--customers must be between 1 and 50000000, not %d", *customers)
	}
	params := demoParams{customers: *customers, seed: *seed, asOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	progress := progressPrinter(std.err, *quiet)
	p, code := demoPlan(*segments, std)
	if code >= 0 {
		return code
	}
	if err := ensureDemoDB(ctx, *dbPath, params, progress); err != nil {
		fmt.Fprintf(std.err, "segc demo: %v\n", err)
		return exitUsage
	}
	return evaluate(ctx, *dbPath, p, batch.Options{AsOf: params.asOf, Progress: progress}, std)
}

// demoPlan compiles the embedded example module, or dir when given.
func demoPlan(dir string, std stdio) (*plan.Plan, int) {
	if dir != "" {
		return compileOne("segc demo", []string{dir}, std.err)
	}
	p, diags, err := compileFS(examples.Segments(), "examples/segments")
	diag.RenderAll(std.err, diags)
	if err != nil || p == nil {
		fmt.Fprintf(std.err, "segc demo: the embedded examples do not compile (%v); this is a bug in segc\n", err)
		return nil, exitFindings
	}
	return p, -1
}

// ensureDemoDB generates the database unless path already holds a demo
// database made with the same parameters. It never overwrites a file that
// is not a segc demo database.
func ensureDemoDB(ctx context.Context, path string, params demoParams, progress func(string)) error {
	existing, err := readDemoParams(ctx, path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	case existing == params:
		progress(fmt.Sprintf("reusing %s (%d customers, seed %d)", path, params.customers, params.seed))
		return nil
	}
	progress(fmt.Sprintf("generating %s: %d customers, seed %d", path, params.customers, params.seed))
	opts := demo.Options{Customers: params.customers, Seed: params.seed, AsOf: params.asOf, Progress: progress, Overwrite: true}
	if _, err := demo.Generate(ctx, path, opts); err != nil {
		return fmt.Errorf("generating %s: %w", path, err)
	}
	return writeDemoParams(ctx, path, params)
}

// readDemoParams reads the segc_demo marker table. It returns an error
// wrapping os.ErrNotExist when path does not exist, and a refusal when the
// file exists but is not a demo database.
func readDemoParams(ctx context.Context, path string) (demoParams, error) {
	if _, err := os.Stat(path); err != nil {
		return demoParams{}, fmt.Errorf("%s: %w", path, os.ErrNotExist)
	}
	db, err := openDB(ctx, path, true)
	if err != nil {
		return demoParams{}, err
	}
	defer db.Close()
	var p demoParams
	var asOf string
	err = db.QueryRowContext(ctx, "SELECT customers, seed, as_of FROM segc_demo").Scan(&p.customers, &p.seed, &asOf)
	if err != nil {
		return demoParams{}, fmt.Errorf("%s exists and is not a segc demo database; choose another --db or remove it", path)
	}
	p.asOf, err = time.Parse(time.DateTime, asOf)
	return p, err
}

// writeDemoParams records the generation parameters in the database.
func writeDemoParams(ctx context.Context, path string, params demoParams) error {
	db, err := openDB(ctx, path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE segc_demo(customers INTEGER, seed INTEGER, as_of TEXT)"); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "INSERT INTO segc_demo VALUES (?, ?, ?)", params.customers, params.seed, params.asOf.Format(time.DateTime))
	return err
}
