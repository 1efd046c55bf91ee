package diag

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to name by edit distance, compared
// case-insensitively, when it is close enough to be a plausible typo, else
// "". Ties go to the alphabetically first candidate; name itself is never
// suggested.
func Suggest(name string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	folded := strings.ToLower(name)
	best, bestDist := "", maxTypo(utf8.RuneCountInString(name))+1
	for _, c := range sorted {
		if c == name {
			continue
		}
		if d := editDistance(folded, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
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
