package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/segc/segc/runtime/store"
)

// exportQuery selects the segment's members in key order, joined with
// the entity table when the module declares one.
func exportQuery(spec *exportSpec) string {
	exprs := make([]string, len(spec.columns))
	for i, c := range spec.columns {
		exprs[i] = c.sql
	}
	q := "SELECT " + strings.Join(exprs, ", ") + " FROM segc_members m"
	if spec.table != nil {
		q += fmt.Sprintf(" LEFT JOIN %s e ON e.%s = m.entity_id", quoteIdent(spec.table.SQLTable), quoteIdent(spec.table.Key))
	}
	return q + " WHERE m.segment = ? ORDER BY m.entity_id"
}

// rowEncoder writes one row of cells.
type rowEncoder interface {
	header(names []string) error
	row(names []string, vals []any) error
	flush() error
}

// streamExport writes the rows one at a time and returns their count.
func streamExport(ctx context.Context, db *sql.DB, spec *exportSpec, w io.Writer) (int, error) {
	rows, err := db.QueryContext(ctx, exportQuery(spec), spec.segment)
	if err != nil {
		return 0, fmt.Errorf("reading %s's members: %w", spec.segment, err)
	}
	defer rows.Close()
	enc := newEncoder(spec.format, w)
	names := make([]string, len(spec.columns))
	for i, c := range spec.columns {
		names[i] = c.name
	}
	if err := enc.header(names); err != nil {
		return 0, err
	}
	vals, ptrs := make([]any, len(names)), make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range spec.columns {
			vals[i] = c.cell(vals[i], spec.salt)
		}
		if err := enc.row(names, vals); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, enc.flush()
}

// cell normalises one value (text for bytes and times, booleans for
// declared bools) and masks it when asked. Null stays null.
func (c exportColumn) cell(v any, salt []byte) any {
	switch x := v.(type) {
	case []byte:
		v = string(x)
	case time.Time:
		v = store.FormatTime(x)
	case int64:
		if c.isBool && !c.masked {
			v = x != 0
		}
	}
	if v == nil || !c.masked {
		return v
	}
	if salt == nil {
		return "***"
	}
	mac := hmac.New(sha256.New, salt)
	fmt.Fprint(mac, v)
	return hex.EncodeToString(mac.Sum(nil))[:16]
}

func newEncoder(format string, w io.Writer) rowEncoder {
	bw := bufio.NewWriterSize(w, 64<<10)
	if format == "jsonl" {
		return &jsonlEncoder{w: bw}
	}
	return &csvEncoder{w: csv.NewWriter(bw), bw: bw}
}

// csvEncoder writes RFC 4180 CSV with a header row; null is empty.
type csvEncoder struct {
	w   *csv.Writer
	bw  *bufio.Writer
	buf []string
}

func (e *csvEncoder) header(names []string) error { return e.w.Write(names) }

func (e *csvEncoder) row(_ []string, vals []any) error {
	e.buf = e.buf[:0]
	for _, v := range vals {
		e.buf = append(e.buf, csvCell(v))
	}
	return e.w.Write(e.buf)
}

func (e *csvEncoder) flush() error {
	e.w.Flush()
	if err := e.w.Error(); err != nil {
		return err
	}
	return e.bw.Flush()
}

func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// jsonlEncoder writes one JSON object a line, keys in column order.
type jsonlEncoder struct {
	w   *bufio.Writer
	buf []byte
}

func (e *jsonlEncoder) header([]string) error { return nil }

func (e *jsonlEncoder) row(names []string, vals []any) error {
	e.buf = append(e.buf[:0], '{')
	for i, name := range names {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		k, _ := json.Marshal(name)
		v, err := json.Marshal(vals[i])
		if err != nil {
			return fmt.Errorf("column %s: %w", name, err)
		}
		e.buf = append(append(append(e.buf, k...), ':'), v...)
	}
	e.buf = append(e.buf, '}', '\n')
	_, err := e.w.Write(e.buf)
	return err
}

func (e *jsonlEncoder) flush() error { return e.w.Flush() }
