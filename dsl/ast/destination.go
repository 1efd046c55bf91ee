package ast

import "github.com/segc/segc/dsl/source"

// DestinationDecl is a webhook that receives the enter and exit changes
// of chosen segments (segc serve delivers them):
//
//	destination NAME {
//	  url "https://..."                      # required
//	  segments a, stage.lapsed, "rfm.*"      # required: names or globs
//	  secret_env "ENV_VAR"                   # optional: the signing secret's variable
//	  max_attempts 10                        # optional settings, each once
//	  timeout 10s
//	  backoff 1s
//	  max_backoff 10m
//	  concurrency 4
//	  baseline false
//	}
//
// Secret holds a literal `secret "..."`, which the compiler rejects
// (secrets stay out of version control); it is nil when absent, like
// SecretEnv and each setting.
type DestinationDecl struct {
	Name        *Ident
	URL         *StringLit
	Segments    []*SegmentRef
	SecretEnv   *StringLit
	Secret      *StringLit
	MaxAttempts *Setting
	Timeout     *Setting
	Backoff     *Setting
	MaxBackoff  *Setting
	Concurrency *Setting
	Baseline    *Setting
	Sp          source.Span
}

// Settings lists the settings given, in canonical order: max_attempts,
// timeout, backoff, max_backoff, concurrency, baseline.
func (d *DestinationDecl) Settings() []*Setting {
	var out []*Setting
	for _, s := range []*Setting{d.MaxAttempts, d.Timeout, d.Backoff, d.MaxBackoff, d.Concurrency, d.Baseline} {
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

// SettingSlot returns the field that holds the setting named key, nil
// for an unknown key.
func (d *DestinationDecl) SettingSlot(key string) **Setting {
	switch key {
	case "max_attempts":
		return &d.MaxAttempts
	case "timeout":
		return &d.Timeout
	case "backoff":
		return &d.Backoff
	case "max_backoff":
		return &d.MaxBackoff
	case "concurrency":
		return &d.Concurrency
	case "baseline":
		return &d.Baseline
	}
	return nil
}

// SegmentRef is one entry of a destination's segments list: a segment
// name as written (Path: `vip`, `stage.lapsed`, `vip.holdout`) or a
// quoted glob (Glob: `"rfm.*"`). Exactly one of Path and Glob is set.
type SegmentRef struct {
	Path []*Ident
	Glob *StringLit
	Sp   source.Span
}

// Name is the dotted name, or the glob's text.
func (r *SegmentRef) Name() string {
	if r.Glob != nil {
		return r.Glob.Value
	}
	return dotted(r.Path)
}

// Setting is `KEYWORD VALUE` for one of a destination's delivery
// settings (max_attempts, timeout, backoff, max_backoff, concurrency,
// baseline). Key is the keyword as written.
type Setting struct {
	Key   *Ident
	Value Expr
	Sp    source.Span
}

// Span implementations.
func (d *DestinationDecl) Span() source.Span { return d.Sp }
func (r *SegmentRef) Span() source.Span      { return r.Sp }
func (s *Setting) Span() source.Span         { return s.Sp }

func (*DestinationDecl) declNode() {}
