package csvimport

import "github.com/segc/segc/dsl/types"

// guess tracks which kinds every non-empty value of a column so far fits.
type guess struct {
	seen                   bool
	canInt, canFloat, time bool
}

func newGuesses(n int) []guess {
	g := make([]guess, n)
	for i := range g {
		g[i] = guess{canInt: true, canFloat: true, time: true}
	}
	return g
}

// observe narrows the guess with one field.
func (g *guess) observe(field string) {
	if field == "" {
		return
	}
	g.seen = true
	if g.canInt {
		_, g.canInt = (&column{kind: types.Int}).convert(field)
	}
	if g.canFloat {
		_, g.canFloat = (&column{kind: types.Float}).convert(field)
	}
	if g.time {
		_, g.time = (&column{kind: types.Time}).convert(field)
	}
}

// done reports whether nothing more can be learned: only string is left.
func (g *guess) done() bool { return g.seen && !g.canInt && !g.canFloat && !g.time }

// kind is the narrowest kind that fits every value seen; all-empty
// columns are strings.
func (g *guess) kind() types.Kind {
	switch {
	case !g.seen:
		return types.String
	case g.canInt:
		return types.Int
	case g.canFloat:
		return types.Float
	case g.time:
		return types.Time
	}
	return types.String
}
