package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/explain"
	"github.com/segc/segc/runtime/schema"
)

const explainExamples = `
  segc explain --db segc-demo.db --entity 42 --segment high_value_loyalists examples/segments
      why customer 42 is or is not in high_value_loyalists at the latest stored run
  segc explain --db segc-demo.db --entity 42 --segment new_users.vip --as-of 2026-07-01 examples/segments
      recompute as of another instant, writing nothing
  segc explain --db segc-demo.db --entity 42 --segment winback_offer.holdout --json examples/segments
      the clause tree as JSON; "member" is the verdict

Exit status: 0 whether or not the entity is a member, 1 when the entity is not
in the population, 2 on usage, database or evaluation errors.
`

// explainArgs are the parsed flags of `segc explain`.
type explainArgs struct {
	db, entity, segment string
	asOf                time.Time
	json, quiet         bool
}

// runExplain implements `segc explain`.
func runExplain(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("explain", "--db DB --entity ID --segment NAME [--as-of T] [--json] PATH...", explainExamples, std)
	var a explainArgs
	fs.StringVar(&a.db, "db", "", "SQLite database with the declared tables and a stored run (required)")
	fs.StringVar(&a.entity, "entity", "", "the entity's key, as stored in the key column (required)")
	fs.StringVar(&a.segment, "segment", "", "segment to explain: NAME, parent.child or NAME.holdout (required)")
	asOfText := fs.String("as-of", "", "recompute as of this instant instead of explaining the latest stored run; writes nothing")
	fs.BoolVar(&a.json, "json", false, "print the explanation as JSON")
	fs.BoolVar(&a.quiet, "quiet", false, "do not print progress")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	for _, req := range []struct{ name, val string }{{"db", a.db}, {"entity", a.entity}, {"segment", a.segment}} {
		if req.val == "" {
			return usageError(fs, "--%s is required", req.name)
		}
	}
	if *asOfText != "" {
		t, err := parseInstant("as-of", *asOfText, time.Now())
		if err != nil {
			return usageError(fs, "%v", err)
		}
		a.asOf = t
	}
	p, code := compileOne(fs.Name(), fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	key, err := explain.ParseKey(p, a.entity)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	return explainEntity(ctx, p, key, a, std)
}

// explainEntity opens the database read-only, explains and prints.
func explainEntity(ctx context.Context, p *plan.Plan, key any, a explainArgs, std stdio) int {
	db, err := openExistingDB(ctx, a.db, true)
	if err != nil {
		fmt.Fprintf(std.err, "segc explain: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	if diags := schema.Check(ctx, db, p); diags.HasErrors() {
		diag.RenderAll(std.err, diags)
		fmt.Fprintf(std.err, "segc explain: %s does not match the declared schema\n", a.db)
		return exitUsage
	}
	x, err := explain.Explain(ctx, db, p, builtins.Default(), explain.Options{
		Segment: a.segment, Key: key, AsOf: a.asOf, Progress: progressPrinter(std.err, a.quiet)})
	if err != nil {
		return explainError(err, a, std)
	}
	if a.json {
		err = explain.WriteJSON(std.out, x)
	} else {
		err = explain.WriteText(std.out, x)
	}
	if err != nil {
		fmt.Fprintf(std.err, "segc explain: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// explainError prints an explain failure with what to do, and returns 1
// for an entity outside the population and 2 otherwise.
func explainError(err error, a explainArgs, std stdio) int {
	fmt.Fprintf(std.err, "segc explain: %v\n", err)
	var missing *explain.NoEntityError
	if !errors.As(err, &missing) {
		return exitUsage
	}
	if missing.Table != "" {
		fmt.Fprintf(std.err, "List ids with: sqlite3 %s 'SELECT %s FROM %s LIMIT 10'\n", a.db, missing.KeyColumn, missing.Table)
	}
	fmt.Fprintf(std.err, "or a segment's members with: sqlite3 %s \"SELECT entity_id FROM segc_members WHERE segment = '%s' LIMIT 10\"\n", a.db, a.segment)
	return exitFindings
}
