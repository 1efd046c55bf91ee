package csvimport

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/types"
)

// dump renders every row of table, ordered by rowid, as a|b|NULL lines.
func dump(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + quoteIdent(table) + " ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = string(v)
			default:
				parts[i] = fmt.Sprint(v)
			}
		}
		b.WriteString(strings.Join(parts, "|") + "\n")
	}
	return b.String()
}

// typesOf renders the columns as "name kind[?]" joined by commas.
func typesOf(cols []ColumnInfo) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name + " " + c.Type.Kind.String()
		if c.Type.Nullable {
			parts[i] += "?"
		}
	}
	return strings.Join(parts, ", ")
}

// gzipped writes a gzip copy of a testdata file to a temp dir.
func gzipped(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	path := filepath.Join(t.TempDir(), name+".gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImport(t *testing.T) {
	cases := []struct {
		name  string
		opts  Options
		types string
		rows  string
	}{
		{"comma with inference", Options{Path: "basic.csv"},
			"id int, name string, score float, joined time, active string",
			"1|Ann|3.5|2024-01-02 03:04:05|yes\n2|Bob|4|2024-01-03 00:00:00|no\n3|Cy|-1000|2024-01-04 05:06:07|yes\n"},
		{"tab", Options{Path: "tab.tsv", Delimiter: "tab"},
			"id int, city string, amount float",
			"1|New York, NY|10\n2|Paris|2.25\n"},
		{"tab by .tsv extension", Options{Path: "tab.tsv"},
			"id int, city string, amount float",
			"1|New York, NY|10\n2|Paris|2.25\n"},
		{"whitespace, CRLF, no header, leading blanks, blank line", Options{Path: "cdnow_like.txt", Delimiter: "whitespace",
			NoHeader: true, Columns: []string{"customer_id", "date", "cds", "dollars"}, TimeLayouts: map[string]string{"date": "%Y%m%d"}},
			"customer_id int, date time, cds int, dollars float",
			"1|1997-01-01 00:00:00|1|11.77\n2|1997-01-12 00:00:00|1|12\n3|1997-01-02 00:00:00|2|20.76\n"},
		{"no header, no names", Options{Path: "cdnow_like.txt", Delimiter: "whitespace", NoHeader: true},
			"c1 int, c2 int, c3 int, c4 float",
			"1|19970101|1|11.77\n2|19970112|1|12\n3|19970102|2|20.76\n"},
		{"gzip", Options{Path: "gz:basic.csv"},
			"id int, name string, score float, joined time, active string",
			"1|Ann|3.5|2024-01-02 03:04:05|yes\n2|Bob|4|2024-01-03 00:00:00|no\n3|Cy|-1000|2024-01-04 05:06:07|yes\n"},
		{"quoted commas, quotes and newlines", Options{Path: "quoted.csv"},
			"id int, comment string, qty int",
			"1|hello, world|2\n2|she said \"hi\"|3\n3|two\nlines|4\n"},
		{"empty fields are NULL", Options{Path: "empty.csv"},
			"id int?, label string?, value float?, when time?",
			"1|NULL|NULL|NULL\n2|b|2.5|2024-05-01 00:00:00\nNULL|c|3|NULL\n"},
		{"time layouts", Options{Path: "layouts.csv", TimeLayouts: map[string]string{"day": "%Y%m%d", "stamp": "%d/%m/%Y %H:%M"}},
			"customer int, day time, stamp time",
			"1|2024-01-31 00:00:00|2024-01-31 13:45:00\n2|2024-02-29 00:00:00|2024-03-01 00:00:00\n"},
		{"type override keeps leading zeros", Options{Path: "override.csv", Types: map[string]string{"code": "string"}},
			"code string, qty float",
			"00123|1\n00456|2.5\n"},
		{"ints then a decimal infer float", Options{Path: "intfloat.csv"},
			"id int, qty float", "1|2\n2|2.5\n"},
		{"BOM", Options{Path: "bom.csv"}, "id int, name string", "1|a\n2|b\n"},
		{"bool override", Options{Path: "bool.csv", Types: map[string]string{"flag": "bool"}},
			"id int, flag bool?", "1|1\n2|0\n3|NULL\n"},
		{"header only", Options{Path: "headeronly.csv"}, "id string, ref string", ""},
		{"renamed by Columns", Options{Path: "bom.csv", Columns: []string{"key", "label"}}, "key int, label string", "1|a\n2|b\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			opts := c.opts
			opts.Table = "t"
			if gz, ok := strings.CutPrefix(opts.Path, "gz:"); ok {
				opts.Path = gzipped(t, gz)
			} else {
				opts.Path = filepath.Join("testdata", opts.Path)
			}
			rep, err := Import(context.Background(), db, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := typesOf(rep.Columns); got != c.types {
				t.Errorf("types = %s\nwant    %s", got, c.types)
			}
			if got := dump(t, db, "t"); got != c.rows {
				t.Errorf("rows =\n%s\nwant\n%s", got, c.rows)
			}
			if rep.Rows != strings.Count(c.rows, "\n")-strings.Count(c.rows, "two\nlines") {
				t.Errorf("report rows = %d", rep.Rows)
			}
		})
	}
}

// tableExists reports whether db has the table.
func tableExists(t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func TestImportErrors(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		want []string // substrings of the error
		line int      // the RowError line, 0 if not a RowError
	}{
		{"bad value under a declared type", Options{Path: "badrow.csv", Types: map[string]string{"qty": "int"}},
			[]string{"badrow.csv:4", "column qty", `"x4"`, "not an int", "--type qty=string", "nothing was imported"}, 4},
		{"decimal in a declared int column", Options{Path: "intfloat.csv", Types: map[string]string{"qty": "int"}},
			[]string{"intfloat.csv:3", "--type qty=float"}, 3},
		{"bad date under a layout", Options{Path: "layouts.csv", TimeLayouts: map[string]string{"stamp": "%Y%m%d"}},
			[]string{"layouts.csv:2", "column stamp", "%Y%m%d"}, 2},
		{"bad value for an ISO time column", Options{Path: "cdnow_like.txt", Delimiter: "whitespace", NoHeader: true, Types: map[string]string{"c2": "time"}},
			[]string{"cdnow_like.txt:1", "column c2", "--time-layout c2=%Y%m%d"}, 1},
		{"short row", Options{Path: "shortrow.csv"}, []string{"shortrow.csv:3", "1 field, but the first line has 2"}, 3},
		{"bad header name", Options{Path: "badheader.csv"}, []string{`"Customer ID"`, "Customer_ID", "--columns"}, 0},
		{"unknown column in --type", Options{Path: "basic.csv", Types: map[string]string{"nope": "int"}}, []string{"nope", "id, name, score"}, 0},
		{"unknown type", Options{Path: "basic.csv", Types: map[string]string{"id": "integer"}}, []string{"int, float, string, time or bool"}, 0},
		{"bad layout", Options{Path: "layouts.csv", TimeLayouts: map[string]string{"day": "%Q"}}, []string{"%Q is not supported"}, 0},
		{"layout with letters", Options{Path: "layouts.csv", TimeLayouts: map[string]string{"day": "Day %d"}}, []string{"literal"}, 0},
		{"layout on a non-time type", Options{Path: "layouts.csv", Types: map[string]string{"day": "int"}, TimeLayouts: map[string]string{"day": "%Y%m%d"}}, []string{"needs type time"}, 0},
		{"wrong number of names", Options{Path: "basic.csv", Columns: []string{"a"}}, []string{"1 names", "5 columns"}, 0},
		{"duplicate names", Options{Path: "basic.csv", Columns: []string{"a", "b", "A", "c", "d"}}, []string{"both named"}, 0},
		{"reserved word", Options{Path: "bom.csv", Columns: []string{"in", "x"}}, []string{"reserved word"}, 0},
		{"missing file", Options{Path: "nope.csv"}, []string{"nope.csv"}, 0},
		{"bad delimiter", Options{Path: "basic.csv", Delimiter: "::"}, []string{"delimiter"}, 0},
		{"bad quoting", Options{Path: "inline:id,x\n1,\"open\n"}, []string{"inline", ":2", "quote"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			opts := c.opts
			opts.Table = "t"
			if text, ok := strings.CutPrefix(opts.Path, "inline:"); ok {
				opts.Path, opts.Reader = "-", strings.NewReader(text)
			} else {
				opts.Path = filepath.Join("testdata", opts.Path)
			}
			_, err := Import(context.Background(), db, opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) && !strings.Contains(err.Error(), strings.ReplaceAll(w, "inline", "<stdin>")) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			var rowErr *RowError
			if errors.As(err, &rowErr) != (c.line != 0) || (rowErr != nil && rowErr.Line != c.line) {
				t.Errorf("error %#v: want a RowError on line %d", err, c.line)
			}
			if tableExists(t, db, "t") {
				t.Errorf("table t exists after a failed import")
			}
		})
	}
}

// TestFailedReplaceKeepsOldTable checks that a bad row during a replacing
// import leaves the previous table untouched.
func TestFailedReplaceKeepsOldTable(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	good := Options{Table: "t", Path: filepath.Join("testdata", "basic.csv")}
	if _, err := Import(ctx, db, good); err != nil {
		t.Fatal(err)
	}
	before := dump(t, db, "t")
	_, err := Import(ctx, db, good)
	if err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("second import without Replace: err = %v, want a hint about --replace", err)
	}
	bad := Options{Table: "t", Path: filepath.Join("testdata", "badrow.csv"), Replace: true, Types: map[string]string{"qty": "int"}}
	if _, err := Import(ctx, db, bad); err == nil {
		t.Fatal("bad replacing import succeeded")
	}
	if after := dump(t, db, "t"); after != before {
		t.Errorf("failed replace changed the table:\n%s", after)
	}
	rep, err := Import(ctx, db, Options{Table: "t", Path: filepath.Join("testdata", "bom.csv"), Replace: true})
	if err != nil || rep.Rows != 2 || dump(t, db, "t") != "1|a\n2|b\n" {
		t.Fatalf("replace: rep=%+v err=%v", rep, err)
	}
}

// lateMismatch is 100 int rows, then an invoice number with a letter.
func lateMismatch() string {
	var b strings.Builder
	b.WriteString("InvoiceNo,qty\n")
	for i := range 100 {
		fmt.Fprintf(&b, "%d,1\n", 536365+i)
	}
	b.WriteString("C536379,-1\n")
	return b.String()
}

func TestLateMismatch(t *testing.T) {
	ctx := context.Background()
	t.Run("file: full inference picks string", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "late.csv")
		os.WriteFile(path, []byte(lateMismatch()), 0o644)
		rep, err := Import(ctx, openDB(t), Options{Table: "t", Path: path})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Columns[0].Type != types.Of(types.String) || rep.Rows != 101 {
			t.Errorf("report = %+v, want InvoiceNo string and 101 rows", rep)
		}
	})
	t.Run("reader: sample inference fails with a hint", func(t *testing.T) {
		db := openDB(t)
		_, err := Import(ctx, db, Options{Table: "t", Path: "-", Reader: strings.NewReader(lateMismatch()), InferRows: 50})
		var rowErr *RowError
		if !errors.As(err, &rowErr) || rowErr.Line != 102 || !strings.Contains(err.Error(), "--type InvoiceNo=string") ||
			!strings.Contains(err.Error(), "inferred from the first 50 rows") {
			t.Fatalf("err = %v, want line 102 and a --type hint", err)
		}
		if tableExists(t, db, "t") {
			t.Error("table exists after failure")
		}
	})
	t.Run("reader: sample covering everything succeeds", func(t *testing.T) {
		rep, err := Import(ctx, openDB(t), Options{Table: "t", Path: "-", Reader: strings.NewReader(lateMismatch())})
		if err != nil || rep.Columns[0].Type.Kind != types.String {
			t.Fatalf("rep=%+v err=%v", rep, err)
		}
	})
}

func TestRejectsBadTableNames(t *testing.T) {
	for _, name := range []string{"", "x; DROP TABLE y", `a"b`, "1abc", "sqlite_master", "segc_members", "and"} {
		_, err := Import(context.Background(), openDB(t), Options{Table: name, Path: filepath.Join("testdata", "bom.csv")})
		if err == nil || !strings.Contains(err.Error(), "--table") {
			t.Errorf("table %q: err = %v, want a --table hint", name, err)
		}
	}
}

func TestQuotedIdentifiersAreSafe(t *testing.T) {
	db := openDB(t)
	// Contextual keywords and SQL keywords are fine as quoted names.
	rep, err := Import(context.Background(), db, Options{Table: "select", Path: filepath.Join("testdata", "bom.csv"), Columns: []string{"where", "type"}})
	if err != nil || rep.Rows != 2 || dump(t, db, "select") != "1|a\n2|b\n" {
		t.Fatalf("rep=%+v err=%v", rep, err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	db := openDB(t)
	if _, err := Import(ctx, db, Options{Table: "t", Path: filepath.Join("testdata", "basic.csv")}); err == nil {
		t.Fatal("cancelled import succeeded")
	}
	if tableExists(t, db, "t") {
		t.Error("table exists after cancel")
	}
}
