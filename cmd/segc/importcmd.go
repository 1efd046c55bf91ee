package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/segc/segc/runtime/csvimport"
)

const importExamples = `
  segc import --db retail.db --table online_retail ../shared/data/online_retail/online_retail.csv.gz
  segc import --db cdnow.db --table purchases --delimiter whitespace \
      --time-layout date=%Y%m%d ../shared/data/cdnow/CDNOW_master.txt
  segc import --db cdnow.db --table purchases --delimiter whitespace --no-header \
      --columns customer_id,date,cds,amount --time-layout date=%Y%m%d CDNOW_master.txt
      the same for the original file, which has no header line
  segc import --db shop.db --table orders --type zip=string --replace orders.csv
`

// keyValues is a repeatable NAME=VALUE flag.
type keyValues map[string]string

// String implements flag.Value.
func (kv keyValues) String() string { return fmt.Sprint(map[string]string(kv)) }

// Set implements flag.Value.
func (kv keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" || v == "" {
		return fmt.Errorf("want COLUMN=VALUE, got %q", s)
	}
	kv[k] = v
	return nil
}

// importFlags are the parsed flags of `segc import`.
type importFlags struct {
	db, table, delimiter, columns string
	noHeader, replace             bool
	types, layouts                keyValues
}

func defineImportFlags(fs *flag.FlagSet) *importFlags {
	f := &importFlags{types: keyValues{}, layouts: keyValues{}}
	fs.StringVar(&f.db, "db", "", "SQLite database to load into; created when missing (required)")
	fs.StringVar(&f.table, "table", "", "table to create (required)")
	fs.StringVar(&f.delimiter, "delimiter", "", "field separator: comma, tab, whitespace, or one character (default: comma, tab for .tsv)")
	fs.StringVar(&f.columns, "columns", "", "comma-separated column names (required with --no-header)")
	fs.BoolVar(&f.noHeader, "no-header", false, "the file has no header line")
	fs.BoolVar(&f.replace, "replace", false, "replace the table if it exists")
	fs.Var(f.types, "type", "COLUMN=TYPE (int, float, string, time, bool) instead of inferring; repeatable")
	fs.Var(f.layouts, "time-layout", "COLUMN=LAYOUT for a time column, e.g. date=%Y%m%d; stored as ISO-8601; repeatable")
	return f
}

// runImport implements `segc import`.
func runImport(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("import", "--db DB --table T [flags] FILE.csv[.gz]", importExamples, std)
	f := defineImportFlags(fs)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	opts, err := f.options(fs.Args())
	if err != nil {
		return usageError(fs, "%v", err)
	}
	if opts.Path == "-" {
		opts.Reader = std.in
	}
	db, err := openDB(ctx, f.db, false)
	if err != nil {
		fmt.Fprintf(std.err, "segc import: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	start := time.Now()
	rep, err := csvimport.Import(ctx, db, opts)
	if err != nil {
		fmt.Fprintf(std.err, "segc import: %s\nNothing was written.\n", importMessage(err))
		return importExitCode(err)
	}
	fmt.Fprintf(std.out, "imported %d rows into %s.%s in %.1fs\n", rep.Rows, f.db, f.table, time.Since(start).Seconds())
	for _, c := range rep.Columns {
		fmt.Fprintf(std.out, "  %-20s %s\n", c.Name, c.Type)
	}
	return exitOK
}

// importMessage says what failed, without the importer package's prefix,
// and a missing file as "cannot read PATH: no such file or directory".
func importMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot read %s: %v", pe.Path, pe.Err)
	}
	return strings.TrimPrefix(err.Error(), "csvimport: ")
}

// importExitCode is 1 for a bad row of the input (like a finding), and 2
// for the rest: a missing or unreadable file, an existing table, flags
// that do not fit the file, a database error (product.md: 2 is a usage or
// I/O error).
func importExitCode(err error) int {
	var row *csvimport.RowError
	if errors.As(err, &row) {
		return exitFindings
	}
	return exitUsage
}

// options validates the flags and builds the importer's options.
func (f *importFlags) options(args []string) (csvimport.Options, error) {
	switch {
	case f.db == "":
		return csvimport.Options{}, fmt.Errorf("--db is required")
	case f.table == "":
		return csvimport.Options{}, fmt.Errorf("--table is required")
	case len(args) != 1:
		return csvimport.Options{}, fmt.Errorf("give exactly one FILE to import, not %d", len(args))
	case f.noHeader && f.columns == "":
		return csvimport.Options{}, fmt.Errorf("--no-header needs --columns to name the columns")
	}
	opts := csvimport.Options{Table: f.table, Path: args[0], Delimiter: delimiterName(f.delimiter), NoHeader: f.noHeader,
		Types: f.types, TimeLayouts: f.layouts, Replace: f.replace}
	if f.columns != "" {
		opts.Columns = strings.Split(f.columns, ",")
	}
	return opts, nil
}

// delimiterName maps the flag's spelled-out names to the importer's.
func delimiterName(s string) string {
	switch s {
	case "comma":
		return ","
	case "tab":
		return "\t"
	}
	return s
}
