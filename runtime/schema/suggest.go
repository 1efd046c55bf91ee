package schema

import "github.com/segc/segc/dsl/diag"

// didYouMean formats a suggestion as ` (did you mean "x"?)`, or "".
func didYouMean(name string, candidates []string) string {
	if c := diag.Suggest(name, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}
