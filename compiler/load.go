package compiler

import (
	"fmt"
	"os"
	"strings"

	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// LoadFiles reads and parses the given .seg files into a module, skipping
// *_test.seg files; the caller expands directories. Each source.File is
// named by its path. Syntax errors are returned as diagnostics; err is set
// only when a file cannot be read.
func LoadFiles(paths []string) (*Module, diag.List, error) {
	m := &Module{}
	var diags diag.List
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.seg") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", p, err)
		}
		f, ds := dsl.Parse(source.NewFile(p, src))
		diags = append(diags, ds...)
		m.AddFile(f, ds)
	}
	return m, diags, nil
}
