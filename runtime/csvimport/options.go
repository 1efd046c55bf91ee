// Package csvimport loads a delimited text file into a new SQLite table.
//
// Import streams the file in constant memory and writes every row in one
// transaction: a bad row aborts the import and leaves the database as it
// was. Column types are inferred (see Options.InferRows) unless declared.
//
// Time layouts are written strftime-style, the form the CLI documents
// (--time-layout date=%Y%m%d); see TimeLayouts for the directives.
package csvimport

import (
	"io"

	"github.com/segc/segc/dsl/types"
)

// Options configure Import.
type Options struct {
	// Table is the SQLite table to create.
	Table string
	// Path is the file to read. Gzip input (by content, e.g. ".gz") is
	// decompressed transparently. "-" reads Reader instead.
	Path string
	// Reader is the input when Path is "-".
	Reader io.Reader
	// Delimiter is "," (the default when empty, except "\t" for a .tsv or
	// .tsv.gz file), "\t" (or "tab"), any other
	// single character, or "whitespace": fields separated by runs of spaces
	// and tabs, leading and trailing blanks ignored, no quoting (CDNOW).
	Delimiter string
	// NoHeader says the first line is data. Column names then come from
	// Columns, or are c1, c2, ... when Columns is empty. By default the
	// first line is a header.
	NoHeader bool
	// Columns names the columns. With a header it renames them; the count
	// must match.
	Columns []string
	// Types declares column types by name: int, float, string, time or bool.
	// A declared type overrides inference.
	Types map[string]string
	// TimeLayouts declares time columns stored in other layouts, by name,
	// strftime-style: %Y %m %d %H %M %S %y %b %B %p %I %z %j and %%;
	// other literal text may only be punctuation, spaces and T.
	// Example: {"date": "%Y%m%d"} for 19970101.
	TimeLayouts map[string]string
	// Replace drops an existing table of the same name (inside the same
	// transaction). Without it an existing table is an error.
	Replace bool
	// InferRows bounds type inference when reading Reader ("-"): the types
	// come from the first InferRows rows (default 10000) and a later value
	// that does not fit aborts the import with a message naming the type
	// to declare. Files are read twice instead: inference sees every row,
	// so a value like "C536379" late in an int-looking column makes the
	// column a string rather than failing.
	InferRows int
}

// Report describes a finished import.
type Report struct {
	Table   string
	Rows    int
	Columns []ColumnInfo
}

// ColumnInfo is one created column. Type.Nullable is set when the column
// received at least one NULL (an empty field).
type ColumnInfo struct {
	Name    string
	Type    types.Type
	SQLType string // INTEGER, REAL or TEXT
}

// defaultInferRows is the stdin inference sample.
const defaultInferRows = 10000
