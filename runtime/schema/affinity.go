package schema

import (
	"strings"

	"github.com/segc/segc/dsl/types"
)

// affinity is a SQLite column type affinity.
type affinity string

// The affinities, named as SQLite's documentation names them. none is
// BLOB affinity, which a column without a declared type has.
const (
	affInteger affinity = "INTEGER"
	affText    affinity = "TEXT"
	affReal    affinity = "REAL"
	affNumeric affinity = "NUMERIC"
	affNone    affinity = "BLOB"
)

// affinityOf applies SQLite's rules (section 3.1 of "Datatypes In SQLite")
// to a declared column type, in their order.
func affinityOf(declared string) affinity {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "INT"):
		return affInteger
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return affText
	case t == "" || strings.Contains(t, "BLOB"):
		return affNone
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return affReal
	}
	return affNumeric
}

// fits reports whether values of a column with affinity a can be read as
// kind k. It is lenient where SQLite keeps values as they were written:
// columns without affinity accept anything, and NUMERIC (which DATE,
// BOOLEAN and DECIMAL get) keeps text that is not a number as text.
func fits(k types.Kind, a affinity) bool {
	if a == affNone || a == affNumeric {
		return true
	}
	switch k {
	case types.Int, types.Bool:
		return a == affInteger
	case types.Float, types.Duration:
		return a == affInteger || a == affReal
	case types.String:
		return a == affText
	case types.Time:
		return a == affText || a == affInteger
	}
	return true
}

// kindFor is the declaration that matches a column of affinity a.
func kindFor(a affinity) string {
	switch a {
	case affInteger:
		return "int"
	case affReal:
		return "float"
	case affText:
		return "string"
	}
	return ""
}
