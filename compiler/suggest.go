package compiler

import (
	"sort"
	"unicode/utf8"
)

// suggest returns the candidate closest to name by edit distance, if it is
// close enough to be a plausible typo, else "". Ties go to the
// alphabetically first candidate.
func suggest(name string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", maxTypo(utf8.RuneCountInString(name))
	for _, c := range sorted {
		if c == name {
			continue
		}
		if d := editDistance(name, c); d <= bestDist && (best == "" || d < editDistance(name, best)) {
			best = c
		}
	}
	return best
}

// didYouMean returns " (did you mean X?)" for a plausible candidate.
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// maxTypo is the largest edit distance accepted as a typo of a name of n
// runes: 1 up to 4 runes, 2 up to 8, then 3.
func maxTypo(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}
