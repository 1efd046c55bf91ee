// Package reload finds, compiles and watches the module segc serve runs:
// the .seg files named on the command line, or the .seg files of a
// directory, re-listed at every compile so new files are picked up.
package reload

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// Module is the set of paths that form one module: either one directory,
// or one or more .seg files.
type Module struct {
	Paths []string
}

// IsModuleFile reports whether a file name belongs to a directory module.
func IsModuleFile(name string) bool {
	return strings.HasSuffix(name, ".seg") && !strings.HasSuffix(name, "_test.seg")
}

// Files lists the module's files now, sorted.
func (m Module) Files() ([]string, error) {
	var files []string
	for _, p := range m.Paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		more, err := dirFiles(p)
		if err != nil {
			return nil, err
		}
		files = append(files, more...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("the module has no .seg files")
	}
	sort.Strings(files)
	return files, nil
}

func dirFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read directory %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && IsModuleFile(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files, nil
}

// Dirs lists the directories to watch: each directory path, and the parent
// directory of each file path (editors replace files by renaming, which
// only a directory watch sees).
func (m Module) Dirs() []string {
	seen := map[string]bool{}
	var dirs []string
	for _, p := range m.Paths {
		dir := p
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			dir = filepath.Dir(p)
		}
		if abs, err := filepath.Abs(dir); err == nil && !seen[abs] {
			seen[abs] = true
			dirs = append(dirs, abs)
		}
	}
	return dirs
}

// Compiled is the outcome of one compile.
type Compiled struct {
	Plan  *plan.Plan // nil when Diags has errors or Err is set
	Diags diag.List
	Files []string
	Err   error // an I/O error
}

// Failed reports whether the compile produced no plan.
func (c Compiled) Failed() bool { return c.Plan == nil }

// Summary describes a failed compile in one paragraph: the I/O error, or
// every error diagnostic rendered as file:line:col: error[CODE]: message.
func (c Compiled) Summary() string {
	if c.Err != nil {
		return c.Err.Error()
	}
	var lines []string
	for _, d := range c.Diags {
		if d.Severity == diag.Error {
			lines = append(lines, oneLine(d))
		}
	}
	return strings.Join(lines, "\n")
}

// oneLine renders a diagnostic as file:line:col: error[CODE]: message.
func oneLine(d diag.Diagnostic) string {
	return fmt.Sprintf("%s: %s[%s]: %s", d.Location(), d.Severity, d.Code, d.Message)
}

// Compile lists, parses and compiles the module now.
func (m Module) Compile() Compiled {
	files, err := m.Files()
	if err != nil {
		return Compiled{Err: err}
	}
	mod, diags, err := compiler.LoadFiles(files)
	if err != nil {
		return Compiled{Diags: diags, Files: files, Err: err}
	}
	p, more := compiler.Compile(mod, builtins.Default())
	diags = append(diags, more...)
	diags.Sort()
	if diags.HasErrors() {
		return Compiled{Diags: diags, Files: files}
	}
	return Compiled{Plan: p, Diags: diags, Files: files}
}
