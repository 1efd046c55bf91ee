package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

const planExamples = `
  segc plan examples/segments
  segc plan --json examples/segments | jq '.segments[].name'
  segc plan --profiles --db retail.db examples/online_retail   cluster profiles as of the latest stored run
`

// runPlan implements `segc plan`.
func runPlan(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("plan", "[--json] [--profiles --db DB] PATH...", planExamples, std)
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	profiles := fs.Bool("profiles", false, "with --db, also print each cluster's size and the mean and median of its features against the population, as of the latest stored run")
	dbPath := fs.String("db", "", "the database whose latest stored run --profiles describes")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *profiles != (*dbPath != "") {
		return usageError(fs, "--profiles and --db go together: profiles come from a database's latest stored run")
	}
	p, code := compileOne(fs.Name(), fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	if code := writePlan(p, *asJSON, std); code != exitOK || !*profiles {
		return code
	}
	return planProfiles(ctx, *dbPath, p, std)
}

// writePlan prints the plan as text or JSON.
func writePlan(p *plan.Plan, asJSON bool, std stdio) int {
	if !asJSON {
		p.WriteText(std.out)
		return exitOK
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		fmt.Fprintf(std.err, "segc plan: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(std.out, "%s\n", b)
	return exitOK
}

// planProfiles evaluates the plan without writing, as of the database's
// latest successful run (so stored cluster models are applied, not
// retrained), and prints every cluster's profile.
func planProfiles(ctx context.Context, dbPath string, p *plan.Plan, std stdio) int {
	if len(p.Clusters) == 0 {
		fmt.Fprintln(std.out, "\nno cluster segments: nothing to profile")
		return exitOK
	}
	db, err := openExistingDB(ctx, dbPath, false)
	if err != nil {
		fmt.Fprintf(std.err, "segc plan: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	asOf, err := latestStoredRun(ctx, db)
	if err != nil {
		fmt.Fprintf(std.err, "segc plan: %v\n", err)
		return exitUsage
	}
	res, diags, err := batch.Run(ctx, db, p, builtins.Default(), batch.Options{AsOf: asOf, DryRun: true, Cold: true})
	diag.RenderAll(std.err, diags)
	if err != nil {
		fmt.Fprintf(std.err, "segc plan: cannot evaluate the profiles: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(std.out, "\nprofiles as of %s (the latest stored run)\n", asOf.Format(time.DateTime))
	printClusters(std.out, res.Evaluation, true)
	return exitOK
}

// latestStoredRun returns the as-of of the latest successful run, reading
// only.
func latestStoredRun(ctx context.Context, db *sql.DB) (time.Time, error) {
	var s sql.NullString
	err := db.QueryRowContext(ctx, `SELECT max(as_of) FROM segc_runs WHERE status = 'ok'`).Scan(&s)
	if err != nil || !s.Valid {
		return time.Time{}, errors.New("the database has no successful segc run yet; run `segc run` first")
	}
	return time.Parse(store.TimeLayout, s.String)
}
