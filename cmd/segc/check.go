package main

import (
	"context"
	"fmt"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime/schema"
)

const checkExamples = `
  segc check examples/segments
  segc check --format json examples/segments > findings.json
  segc check --db retail.db examples/online_retail
`

// runCheck implements `segc check`.
func runCheck(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("check", "[--db DB] [--format text|json] PATH...", checkExamples, std)
	dbPath := fs.String("db", "", "also check the declared schemas against this SQLite database")
	format := fs.String("format", "text", "output format: text or json")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" {
		return usageError(fs, "unknown --format %q: use text or json", *format)
	}
	if fs.NArg() == 0 {
		return usageError(fs, "no PATH given: name a .seg file or a directory of them")
	}
	mods, err := moduleFiles(fs.Args())
	if err != nil {
		fmt.Fprintf(std.err, "segc check: %v\n", err)
		return exitUsage
	}
	all, code := checkModules(ctx, mods, *dbPath)
	if code == exitUsage {
		diag.RenderAll(std.err, all)
		return code
	}
	if *format == "json" {
		diag.WriteJSON(std.out, all)
	} else {
		diag.RenderAll(std.out, all)
	}
	if all.HasErrors() {
		fmt.Fprintf(std.err, "segc check: %s\n", countSummary(all))
		return exitFindings
	}
	return exitOK
}

// checkModules compiles every module and, with a database, checks its
// schema. The code is exitUsage when a file or the database cannot be read.
func checkModules(ctx context.Context, mods [][]string, dbPath string) (diag.List, int) {
	var all diag.List
	for _, files := range mods {
		p, diags, err := compileFiles(files)
		all = append(all, diags...)
		if err != nil {
			return append(all, ioDiagnostic(err)), exitUsage
		}
		if p == nil || dbPath == "" {
			continue
		}
		db, err := openExistingDB(ctx, dbPath, true)
		if err != nil {
			return append(all, ioDiagnostic(err)), exitUsage
		}
		all = append(all, schema.Check(ctx, db, p)...)
		db.Close()
	}
	return all, exitOK
}

// ioDiagnostic wraps an I/O error as a file-less diagnostic.
func ioDiagnostic(err error) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Error, Code: diag.DatabaseError, Message: err.Error()}
}
