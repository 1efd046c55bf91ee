package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// destinationSettings fills the settings, defaults first, and checks
// each given one: a literal of the right kind, in range.
func (s *state) destinationSettings(f *source.File, d *ast.DestinationDecl, pd *plan.Destination) {
	pd.MaxAttempts, pd.Concurrency = plan.DefaultDestMaxAttempts, plan.DefaultDestConcurrency
	pd.Timeout, pd.Backoff, pd.MaxBackoff = plan.DefaultDestTimeout, plan.DefaultDestBackoff, plan.DefaultDestMaxBackoff
	pd.MaxAttempts = int(s.settingInt(f, d, d.MaxAttempts, int64(pd.MaxAttempts), plan.MaxDestAttempts))
	pd.Concurrency = int(s.settingInt(f, d, d.Concurrency, int64(pd.Concurrency), plan.MaxDestConcurrency))
	pd.Timeout = s.settingDuration(f, d, d.Timeout, pd.Timeout, plan.MaxDestTimeout)
	pd.Backoff = s.settingDuration(f, d, d.Backoff, pd.Backoff, plan.MaxDestBackoff)
	pd.MaxBackoff = s.settingDuration(f, d, d.MaxBackoff, pd.MaxBackoff, plan.MaxDestMaxBackoff)
	if pd.MaxBackoff < pd.Backoff {
		at := d.Backoff
		if d.MaxBackoff != nil {
			at = d.MaxBackoff
		}
		s.badSetting(f, d, at, fmt.Sprintf("max_backoff %s is shorter than backoff %s; the cap must be at least the first delay",
			plan.FormatDuration(pd.MaxBackoff), plan.FormatDuration(pd.Backoff)))
	}
	if d.Baseline != nil {
		b, ok := d.Baseline.Value.(*ast.BoolLit)
		if !ok {
			s.badSetting(f, d, d.Baseline, "baseline takes true or false")
			return
		}
		pd.Baseline = b.Value
	}
}

// settingInt reads an integer setting in 1..most; def when absent.
func (s *state) settingInt(f *source.File, d *ast.DestinationDecl, st *ast.Setting, def, most int64) int64 {
	if st == nil {
		return def
	}
	n, ok := st.Value.(*ast.NumberLit)
	if !ok || !n.IsInt || n.Int < 1 || n.Int > most {
		s.badSetting(f, d, st, fmt.Sprintf("%s takes a whole number from 1 to %d, such as %d", st.Key.Name, most, def))
		return def
	}
	return n.Int
}

// settingDuration reads a duration setting in (0, most] seconds; def
// when absent.
func (s *state) settingDuration(f *source.File, d *ast.DestinationDecl, st *ast.Setting, def, most int64) int64 {
	if st == nil {
		return def
	}
	lit, ok := st.Value.(*ast.DurationLit)
	if !ok || lit.Seconds <= 0 || lit.Seconds > most {
		s.badSetting(f, d, st, fmt.Sprintf("%s takes a positive duration up to %s, such as %s", st.Key.Name, plan.FormatDuration(most), plan.FormatDuration(def)))
		return def
	}
	return lit.Seconds
}

// badSetting reports E0419 at a setting's value.
func (s *state) badSetting(f *source.File, d *ast.DestinationDecl, st *ast.Setting, msg string) {
	at := st.Sp
	if st.Value != nil {
		at = st.Value.Span()
	}
	s.errorAt(f, diag.BadDestSetting, at, fmt.Sprintf("destination %s: %s", d.Name.Name, msg))
}
