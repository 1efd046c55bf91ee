package main

import (
	"context"
	"fmt"
	"io"

	"github.com/segc/segc/dsl/diag"
)

// Exit codes, shared by every command (product.md, CLI surface).
const (
	exitOK       = 0 // success, and for check: no error findings
	exitFindings = 1 // error findings, a failed run, or formatting needed (fmt -l/-d)
	exitUsage    = 2 // bad flags or arguments, or an I/O error
)

// stdio is the command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// command is one segc subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, std stdio) int
}

// commands returns the command table, in help order.
func commands() []command {
	return []command{
		{"demo", "build the synthetic retail database and run examples/segments on it", runDemo},
		{"check", "parse and type-check .seg modules and report diagnostics", runCheck},
		{"fmt", "format .seg files in the canonical layout", runFmt},
		{"plan", "print the evaluation plan of a module", runPlan},
		{"run", "evaluate a module against a SQLite database and store membership", runRun},
		{"test", "run the fixture tests of a module's *_test.seg files", runTest},
		{"backfill", "replay runs on a schedule to fill lifecycle states and history", runBackfill},
		{"history", "show who entered and left a segment, and when", runHistory},
		{"export", "write a segment's members to CSV or JSON Lines, masking PII columns", runExport},
		{"explain", "say why an entity is or is not a member of a segment, clause by clause", runExplain},
		{"serve", "serve membership over HTTP, ingest events and hot-reload the module", runServe},
		{"import", "load a CSV file into a SQLite table", runImport},
		{"bench", "time workload W1 (rules and k-means) against the SQL, pandas and DuckDB peers", runBench},
		{"version", "print the segc version", runVersion},
	}
}

// dispatch picks the command named by args[0].
func dispatch(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return dispatch(ctx, []string{args[1], "-h"}, std)
		}
		printHelp(std.out)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], std)
		}
	}
	fmt.Fprintf(std.err, "segc: unknown command %q%s\nRun 'segc help' for the list of commands.\n", args[0], suggestCommand(args[0]))
	return exitUsage
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "segc compiles audience segment definitions (.seg files) and evaluates them on SQLite.\n\nUsage:\n\n\tsegc <command> [flags] [PATH...]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nA PATH is a .seg file or a directory; the .seg files of a directory form one module.\nRun 'segc <command> -h' for a command's flags and examples.\n")
}

// suggestCommand returns `; did you mean "x"?` for a close command name.
func suggestCommand(name string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := diag.Suggest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
