package csvimport

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/segc/segc/dsl/types"
)

// delimiter is the parsed Options.Delimiter.
type delimiter struct {
	comma      rune
	whitespace bool
}

// parseDelimiter accepts "", ",", "\t", "tab", "whitespace" or one character.
func parseDelimiter(s string) (delimiter, error) {
	switch strings.ToLower(s) {
	case "", ",", "comma":
		return delimiter{comma: ','}, nil
	case "\t", "tab", `\t`:
		return delimiter{comma: '\t'}, nil
	case "whitespace", "space", " ":
		return delimiter{whitespace: true}, nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
		return delimiter{}, fmt.Errorf("csvimport: delimiter %q is not usable: give one character, \"tab\" or \"whitespace\"", s)
	}
	return delimiter{comma: r}, nil
}

// isTSV reports whether path names a .tsv file (optionally gzipped).
func isTSV(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasSuffix(lower, ".tsv") || strings.HasSuffix(lower, ".tsv.gz")
}

// config is validated Options.
type config struct {
	Options
	delim delimiter
	file  string
}

// newConfig validates opts.
func newConfig(opts Options) (*config, error) {
	if err := checkTableName(opts.Table); err != nil {
		return nil, err
	}
	if opts.Path == "" {
		return nil, fmt.Errorf("csvimport: no input file given")
	}
	if opts.Delimiter == "" && isTSV(opts.Path) {
		opts.Delimiter = "tab"
	}
	delim, err := parseDelimiter(opts.Delimiter)
	if err != nil {
		return nil, err
	}
	if opts.InferRows <= 0 {
		opts.InferRows = defaultInferRows
	}
	return &config{Options: opts, delim: delim, file: displayName(opts.Path)}, nil
}

// columnNames decides the names from the header (nil without one), the
// field count and Options.Columns, and validates them.
func (c *config) columnNames(header []string, fields int) ([]string, error) {
	names := slices.Clone(c.Columns)
	switch {
	case len(names) > 0 && len(names) != fields:
		return nil, fmt.Errorf("csvimport: %d names given with --columns but %s has %d columns", len(names), c.file, fields)
	case len(names) == 0 && header != nil:
		for _, h := range header {
			names = append(names, strings.TrimSpace(h))
		}
	case len(names) == 0:
		for i := range fields {
			names = append(names, fmt.Sprintf("c%d", i+1))
		}
	}
	return names, checkColumnNames(names, c.file, header != nil && len(c.Columns) == 0)
}

// checkColumnNames rejects invalid and duplicate names.
func checkColumnNames(names []string, file string, fromHeader bool) error {
	seen := map[string]int{}
	for i, n := range names {
		if why := checkIdent(n); why != "" {
			where := "--columns"
			if fromHeader {
				where = "the header of " + file
			}
			return fmt.Errorf("csvimport: column %d name %q in %s is not usable: %s; rename it (e.g. %s) in the file or give all names with --columns",
				i+1, n, where, why, suggestIdent(n))
		}
		key := strings.ToLower(n)
		if j, dup := seen[key]; dup {
			return fmt.Errorf("csvimport: columns %d and %d are both named %q (names are case-insensitive); rename one, or give all names with --columns", j+1, i+1, n)
		}
		seen[key] = i
	}
	return nil
}

// newColumns builds the columns with their declared types applied.
func (c *config) newColumns(names []string) ([]*column, error) {
	cols := make([]*column, len(names))
	byName := map[string]*column{}
	for i, n := range names {
		cols[i] = &column{name: n, kind: types.Invalid}
		byName[n] = cols[i]
	}
	for _, name := range sortedKeys(c.Types) {
		col, err := lookupColumn(byName, name, "--type", names)
		if err != nil {
			return nil, err
		}
		kind, ok := types.ParseKind(strings.ToLower(strings.TrimSpace(c.Types[name])))
		if !ok || kind == types.Duration {
			return nil, fmt.Errorf("csvimport: --type %s=%s: unknown type; use int, float, string, time or bool", name, c.Types[name])
		}
		col.kind, col.declared = kind, true
	}
	for _, name := range sortedKeys(c.TimeLayouts) {
		if err := applyLayout(byName, name, c.TimeLayouts[name], names); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

// applyLayout makes the named column a time column with a declared layout.
func applyLayout(byName map[string]*column, name, layout string, names []string) error {
	col, err := lookupColumn(byName, name, "--time-layout", names)
	if err != nil {
		return err
	}
	if col.declared && col.kind != types.Time {
		return fmt.Errorf("csvimport: column %s has --type %s and a --time-layout; a layout needs type time", name, col.kind)
	}
	goL, err := goLayout(layout)
	if err != nil {
		return fmt.Errorf("csvimport: --time-layout %s=%s: %v", name, layout, err)
	}
	col.kind, col.declared, col.layout, col.strftime = types.Time, true, goL, layout
	return nil
}

// lookupColumn finds a declared column by exact name.
func lookupColumn(byName map[string]*column, name, flag string, names []string) (*column, error) {
	col, ok := byName[name]
	if !ok {
		return nil, fmt.Errorf("csvimport: %s names column %q, which the file does not have; its columns are %s", flag, name, strings.Join(names, ", "))
	}
	return col, nil
}

// sortedKeys returns m's keys in order, for deterministic errors.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
