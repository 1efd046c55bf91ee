package compiler

import "github.com/segc/segc/dsl/diag"

// didYouMean returns "; did you mean X?" for a plausible candidate.
func didYouMean(name string, candidates []string) string {
	if s := diag.Suggest(name, candidates); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}
