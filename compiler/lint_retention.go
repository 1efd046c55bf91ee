package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
)

// lintRetention reports an aggregate whose `within` window is longer than
// its log's declared `retention` (W0709): the oldest part of the window
// has already been deleted, so the value silently covers less.
func lintRetention(s *state) {
	for _, a := range s.aggregates {
		if a.Log < 0 || a.Log >= len(s.logs) || a.Window == 0 || a.Loc.File == nil {
			continue
		}
		ret := s.logs[a.Log].decl.Retention
		if ret == nil || a.Window <= ret.Seconds {
			continue
		}
		log := s.logs[a.Log]
		s.report(diag.Warning, a.Loc.File, diag.WindowPastRetain, a.Loc.Span,
			fmt.Sprintf("the window %s is longer than the retention %s of event log %s: events older than %s are gone, so this aggregate sees less than it says; shorten the window or raise the retention",
				plan.FormatDuration(a.Window), ret.Text, log.name(), ret.Text),
			diag.Related{File: log.file, Span: ret.Sp, Message: "retention declared here"})
	}
}
