package main

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// compileFiles loads, parses and compiles one module. The plan is nil when
// diagnostics include errors; err is an I/O error.
func compileFiles(files []string) (*plan.Plan, diag.List, error) {
	mod, diags, err := compiler.LoadFiles(files)
	if err != nil {
		return nil, diags, err
	}
	p, more := compiler.Compile(mod, builtins.Default())
	diags = append(diags, more...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags, nil
	}
	return p, diags, nil
}

// compileOne compiles the single module named by paths, printing
// diagnostics in text form to w, each message after cmd ("segc run"). It
// returns the plan and an exit code (-1 to go on).
func compileOne(cmd string, paths []string, w io.Writer) (*plan.Plan, int) {
	files, err := singleModule(paths)
	if err != nil {
		fmt.Fprintf(w, "%s: %v\n", cmd, err)
		return nil, exitUsage
	}
	p, diags, err := compileFiles(files)
	diag.RenderAll(w, diags)
	if err != nil {
		fmt.Fprintf(w, "%s: %v\n", cmd, err)
		return nil, exitUsage
	}
	if p == nil {
		fmt.Fprintf(w, "%s: %s; fix them and run again\n", cmd, countSummary(diags))
		return nil, exitFindings
	}
	return p, -1
}

// countSummary says "2 errors, 1 warning".
func countSummary(l diag.List) string {
	e, w := l.Count(diag.Error), l.Count(diag.Warning)
	return fmt.Sprintf("%d %s, %d %s", e, plural(e, "error"), w, plural(w, "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// compileFS compiles the module formed by the .seg files at the root of
// fsys, naming them dir/file in diagnostics.
func compileFS(fsys fs.FS, dir string) (*plan.Plan, diag.List, error) {
	names, err := fs.Glob(fsys, "*.seg")
	if err != nil {
		return nil, nil, err
	}
	mod := &compiler.Module{}
	var diags diag.List
	for _, name := range names {
		if strings.HasSuffix(name, "_test.seg") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		f, d := dsl.Parse(source.NewFile(path.Join(dir, name), src))
		mod.AddFile(f, d)
		diags = append(diags, d...)
	}
	p, more := compiler.Compile(mod, builtins.Default())
	diags = append(diags, more...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags, nil
	}
	return p, diags, nil
}
