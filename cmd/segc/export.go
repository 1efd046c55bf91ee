package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/sqlrows"
)

const exportExamples = `
  segc export --db segc-demo.db --segment high_value_loyalists examples/segments > loyalists.csv
  segc export --db retail.db --segment rfm.top_spenders examples/online_retail > top_spenders.csv
  openssl rand -hex 32 > salt.txt
  segc export --db segc-demo.db --segment winback_offer --format jsonl --columns country,email_opt_in \
      --mask country --salt-file salt.txt --out winback.jsonl examples/segments

Masked columns are replaced by "***", or, with --salt-file, by a stable
salted hash (hex HMAC-SHA256 of the value under the salt, 16 characters),
so masked values can still be joined across exports made with one salt.
Columns declared pii (email string pii) are masked without --mask;
--unmask email writes one of them in clear.
`

// exportFlags are segc export's options.
type exportFlags struct {
	db, segment, format, columns, mask, unmask, out, saltFile string
}

// exportSpec is a validated export: the output columns and how to mask.
type exportSpec struct {
	segment string
	format  string
	table   *plan.Table // nil for an events-only module: only the key
	columns []exportColumn
	salt    []byte // nil: masked values become ***
	out     string
}

// exportColumn is one output column.
type exportColumn struct {
	name   string
	sql    string // expression in the SELECT
	isBool bool
	masked bool
}

// runExport implements `segc export`.
func runExport(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("export", "--db DB --segment NAME [--format csv|jsonl] [--columns a,b] [--mask a,b] [--unmask a,b] [--salt-file F] [--out FILE] PATH...", exportExamples, std)
	var f exportFlags
	fs.StringVar(&f.db, "db", "", "SQLite database segc runs wrote to (required)")
	fs.StringVar(&f.segment, "segment", "", "stored segment to export, e.g. rfm.champions (required)")
	fs.StringVar(&f.format, "format", "csv", "csv (with a header row) or jsonl (one JSON object a line)")
	fs.StringVar(&f.columns, "columns", "", "declared entity columns to add after the key and since (default: all)")
	fs.StringVar(&f.mask, "mask", "", "output columns to mask besides those declared pii: *** or, with --salt-file, a salted hash")
	fs.StringVar(&f.unmask, "unmask", "", "columns declared pii to write in clear (each must be declared pii)")
	fs.StringVar(&f.saltFile, "salt-file", "", "file holding the salt that makes masked values stable hashes")
	fs.StringVar(&f.out, "out", "", "write to this file (atomically: a temporary file renamed) instead of stdout")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if f.db == "" || f.segment == "" {
		return usageError(fs, "give --db and --segment")
	}
	if f.format != "csv" && f.format != "jsonl" {
		return usageError(fs, "--format %q: use csv or jsonl", f.format)
	}
	p, code := compileOne(fs.Name(), fs.Args(), std.err)
	if code >= 0 {
		return code
	}
	spec, err := f.spec(p)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	return exportMain(ctx, f.db, spec, fs, std)
}

// exportMain opens the database, checks the segment and writes.
func exportMain(ctx context.Context, dbPath string, spec *exportSpec, fs *flag.FlagSet, std stdio) int {
	db, err := openExistingDB(ctx, dbPath, true)
	if err != nil {
		fmt.Fprintf(std.err, "segc export: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	if err := checkExportSegment(ctx, db, spec.segment); err != nil {
		return usageError(fs, "%v", err)
	}
	n, err := writeExport(ctx, db, spec, std.out)
	if err != nil {
		fmt.Fprintf(std.err, "segc export: %v\n", err)
		return exitFindings
	}
	if spec.out != "" {
		fmt.Fprintf(std.err, "segc export: wrote %d members of %s to %s\n", n, spec.segment, spec.out)
	}
	return exitOK
}

// spec validates the columns and masks against the plan.
func (f exportFlags) spec(p *plan.Plan) (*exportSpec, error) {
	s := &exportSpec{segment: f.segment, format: f.format, table: p.Entities, out: f.out}
	s.columns = []exportColumn{{name: p.KeyColumn(), sql: "m.entity_id"}, {name: "since", sql: "m.since"}}
	cols, err := f.entityColumns(p.Entities)
	if err != nil {
		return nil, err
	}
	s.columns = append(s.columns, cols...)
	if err := applyMasks(s.columns, splitList(f.mask)); err != nil {
		return nil, err
	}
	if err := applyDeclaredPII(s.columns, p.Entities, splitList(f.mask), splitList(f.unmask)); err != nil {
		return nil, err
	}
	if f.saltFile != "" {
		if s.salt, err = readSalt(f.saltFile); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// entityColumns resolves --columns (default: every declared column).
func (f exportFlags) entityColumns(t *plan.Table) ([]exportColumn, error) {
	names := splitList(f.columns)
	if t == nil {
		if len(names) > 0 {
			return nil, errors.New("--columns: the module declares no entities table, so only the key can be exported")
		}
		return nil, nil
	}
	declared := map[string]*plan.Column{}
	var all []string
	for _, c := range t.Columns {
		declared[c.Name] = c
		all = append(all, c.Name)
	}
	if f.columns == "" {
		names = all
	}
	var out []exportColumn
	for _, n := range names {
		c, ok := declared[n]
		if !ok {
			return nil, fmt.Errorf("--columns: %s declares no column %q%s (declared: %s)", t.Name, n, suggestion(n, all), strings.Join(all, ", "))
		}
		out = append(out, exportColumn{name: n, sql: "e." + quoteIdent(n), isBool: c.Type.Kind == types.Bool})
	}
	return out, nil
}

// applyMasks marks the --mask columns; each must be an output column.
func applyMasks(cols []exportColumn, masks []string) error {
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	for _, m := range masks {
		i := slices.Index(names, m)
		if i < 0 {
			return fmt.Errorf("--mask: %q is not an exported column%s (exported: %s)", m, suggestion(m, names), strings.Join(names, ", "))
		}
		cols[i].masked = true
	}
	return nil
}

func suggestion(name string, candidates []string) string {
	if s := diag.Suggest(name, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// splitList splits "a, b" into [a b].
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func readSalt(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read --salt-file: %w", unwrapPathError(err))
	}
	salt := strings.TrimSpace(string(b))
	if len(salt) < 16 {
		return nil, fmt.Errorf("--salt-file %s holds %d characters; use at least 16 (for example: openssl rand -hex 32 > %s)", path, len(salt), path)
	}
	return []byte(salt), nil
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// checkExportSegment fails for a segment no run has stored.
func checkExportSegment(ctx context.Context, db *sql.DB, segment string) error {
	var known bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM segc_changes WHERE segment = ?)`, segment).Scan(&known)
	if err != nil {
		return fmt.Errorf("reading the stored membership (has segc run on this database?): %w", err)
	}
	if known {
		return nil
	}
	names, _ := storedSegmentNames(ctx, db)
	return fmt.Errorf("--segment %q: no run stored this segment%s; run 'segc run' first (stored: %s)", segment, suggestion(segment, names), strings.Join(names, ", "))
}

// storedSegmentNames lists the segments segc_changes has history for.
func storedSegmentNames(ctx context.Context, db *sql.DB) ([]string, error) {
	return sqlrows.Strings(ctx, db, `SELECT DISTINCT segment FROM segc_changes ORDER BY segment`)
}

// writeExport streams the members to --out (atomically) or w.
func writeExport(ctx context.Context, db *sql.DB, spec *exportSpec, w io.Writer) (int, error) {
	if spec.out == "" {
		return streamExport(ctx, db, spec, w)
	}
	tmp, err := os.CreateTemp(filepath.Dir(spec.out), "."+filepath.Base(spec.out)+".tmp*")
	if err != nil {
		return 0, fmt.Errorf("cannot write --out: %w", unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	n, err := streamExport(ctx, db, spec, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), spec.out)
	}
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w (nothing was written there)", spec.out, err)
	}
	return n, nil
}
