package csvimport

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// recordReader yields the fields of each record and the line it starts on.
// It returns io.EOF after the last record. Blank lines are skipped.
type recordReader interface {
	next() (fields []string, line int, err error)
}

// newRecordReader returns the reader for the delimiter mode.
func newRecordReader(r *bufio.Reader, delim delimiter, file string) recordReader {
	if delim.whitespace {
		return &fieldsReader{scan: newLineScanner(r), file: file}
	}
	c := csv.NewReader(r)
	c.Comma = delim.comma
	c.FieldsPerRecord = -1 // counted by the caller, for a better message
	c.ReuseRecord = true
	return &csvReader{r: c, file: file}
}

// csvReader reads RFC 4180 records: quoted fields, CRLF line ends.
type csvReader struct {
	r    *csv.Reader
	file string
}

func (c *csvReader) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		return nil, 0, &RowError{File: c.file, Line: perr.Line, Problem: perr.Err.Error(),
			Hint: "quote fields that contain the delimiter, quotes or line breaks, and double quotes inside quoted fields"}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("csvimport: reading %s: %w", c.file, err)
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

// fieldsReader splits lines on runs of blanks; it has no quoting.
type fieldsReader struct {
	scan   *bufio.Scanner
	file   string
	line   int
	fields []string
}

// maxLineBytes bounds one line in whitespace mode.
const maxLineBytes = 16 << 20

func newLineScanner(r io.Reader) *bufio.Scanner {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 1<<16), maxLineBytes)
	return s
}

func (f *fieldsReader) next() ([]string, int, error) {
	for f.scan.Scan() {
		f.line++
		f.fields = appendFields(f.fields[:0], string(f.scan.Bytes()))
		if len(f.fields) > 0 {
			return f.fields, f.line, nil
		}
	}
	if err := f.scan.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, 0, &RowError{File: f.file, Line: f.line + 1, Problem: "line longer than 16 MiB",
				Hint: "check that this is a text file with line breaks"}
		}
		return nil, 0, fmt.Errorf("csvimport: reading %s: %w", f.file, err)
	}
	return nil, 0, io.EOF
}

// appendFields appends the blank-separated fields of line (space, tab, CR).
func appendFields(dst []string, line string) []string {
	isBlank := func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\f' || r == '\v' }
	return append(dst, strings.FieldsFunc(line, isBlank)...)
}
