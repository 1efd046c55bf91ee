// Package format prints a parsed .seg file in its canonical layout, the one
// `segc fmt` writes: two-space blocks, aligned columns and features, canonical
// operator spellings and segment clause order, and every comment kept.
package format

import (
	"errors"
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// maxWidth is the column past which a where or require clause is broken
// before its top-level `and`/`or` operators.
const maxWidth = 100

// Source returns the canonical text of f. f must have parsed without errors:
// a file holding a *ast.BadDecl is refused with an error, since formatting it
// would drop the text the parser could not read.
func Source(f *ast.File) ([]byte, error) {
	if f == nil {
		return nil, errors.New("format: no file to format")
	}
	if err := checkParsed(f); err != nil {
		return nil, err
	}
	p := &printer{src: f.Source}
	return render(p.file(f)), nil
}

// checkParsed reports an error for the first *ast.BadDecl in f.
func checkParsed(f *ast.File) error {
	for _, d := range f.Decls {
		if bad, ok := d.(*ast.BadDecl); ok {
			return fmt.Errorf("%s: cannot format a file with syntax errors; fix the errors `segc check` reports first", where(f.Source, bad.Sp))
		}
	}
	return nil
}

// where names a span as file:line:col, or just the file when there is no
// source text.
func where(f *source.File, sp source.Span) string {
	if f == nil {
		return "format"
	}
	pos := f.Position(sp.Start)
	return fmt.Sprintf("%s:%d:%d", f.Name, pos.Line, pos.Col)
}
