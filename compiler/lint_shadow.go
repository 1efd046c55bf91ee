package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// lintShadowedNames reports a feature or top-level segment named like an
// entity-level column declared in another file (W0702): a bare reference
// resolves to the feature or segment, so whoever reads the table's file
// and writes the column's name gets something else.
func lintShadowedNames(s *state) {
	for _, f := range s.features {
		s.reportShadow(f.file, "feature", f.decl.Name.Name, f.decl.Name.Sp)
	}
	for _, seg := range s.segments {
		if len(seg.decl.Path) == 1 {
			s.reportShadow(seg.file, "segment", seg.name, seg.decl.Path[0].Sp)
		}
	}
}

// reportShadow reports name when a column of another file has it.
func (s *state) reportShadow(f *source.File, what, name string, span source.Span) {
	for _, c := range s.columns[name] {
		if c.table.file == f || c.decl == nil {
			continue
		}
		s.report(diag.Warning, f, diag.ShadowedName, span,
			fmt.Sprintf("%s %s shadows column %s of table %s (declared in %s): a bare %s means the %s; rename the %s, or write %s.%s where the column is meant",
				what, name, name, c.table.name(), c.table.file.Name, name, what, what, c.table.name(), name),
			diag.Related{File: c.table.file, Span: c.declSpan, Message: "column declared here"})
		return
	}
}
