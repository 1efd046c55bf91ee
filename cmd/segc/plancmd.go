package main

import (
	"context"
	"encoding/json"
	"fmt"
)

const planExamples = `
  segc plan examples/segments
  segc plan --json examples/segments | jq '.segments[].name'
`

// runPlan implements `segc plan`.
func runPlan(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("plan", "[--json] PATH...", planExamples, std)
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	p, code := compileOne(fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	if *asJSON {
		b, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			fmt.Fprintf(std.err, "segc plan: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(std.out, "%s\n", b)
		return exitOK
	}
	p.WriteText(std.out)
	return exitOK
}
