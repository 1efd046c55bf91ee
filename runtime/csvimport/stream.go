package csvimport

import (
	"context"
	"fmt"
	"io"
	"slices"
)

// record is one buffered record.
type record struct {
	fields []string
	line   int
}

// replay yields buffered records first, then the rest of a reader.
type replay struct {
	buffered []record
	rest     recordReader
}

func (r *replay) next() ([]string, int, error) {
	if len(r.buffered) > 0 {
		rec := r.buffered[0]
		r.buffered = r.buffered[1:]
		return rec.fields, rec.line, nil
	}
	return r.rest.next()
}

// opened is an open input with its header consumed.
type opened struct {
	in      *input
	records recordReader
	header  []string // nil without a header
	width   int      // fields per record
}

// open opens the input and reads the header (or peeks the first record
// for its width when there is none).
func (c *config) open() (*opened, error) {
	in, err := openInput(c.Path, c.Reader)
	if err != nil {
		return nil, err
	}
	o := &opened{in: in, records: newRecordReader(in.r, c.delim, c.file)}
	first, line, err := o.records.next()
	if err == io.EOF {
		in.closer()
		return nil, fmt.Errorf("csvimport: %s is empty: there is no header or data line", c.file)
	}
	if err != nil {
		in.closer()
		return nil, err
	}
	o.width = len(first)
	if c.NoHeader {
		o.records = &replay{buffered: []record{{slices.Clone(first), line}}, rest: o.records}
	} else {
		o.header = slices.Clone(first)
	}
	return o, nil
}

func (o *opened) close() { o.in.closer() }

// checkWidth rejects a record with the wrong number of fields.
func (c *config) checkWidth(fields []string, line, width int) error {
	if len(fields) == width {
		return nil
	}
	hint := "check the delimiter (--delimiter) and quote fields that contain it"
	if c.delim.whitespace {
		hint = "whitespace mode has no quoting, so values cannot contain blanks; use a comma- or tab-separated file"
	}
	return &RowError{File: c.file, Line: line,
		Problem: fmt.Sprintf("%s, but the first line has %d", plural(len(fields), "field"), width), Hint: hint}
}

// inferKinds sets the kind of every undeclared column from the records it
// reads. limit bounds the records read (0: all); the records read are
// returned when keep is set, so they can be replayed.
func (c *config) inferKinds(ctx context.Context, o *opened, cols []*column, limit int, keep bool) ([]record, error) {
	guesses := newGuesses(len(cols))
	var kept []record
	for n := 0; limit == 0 || n < limit; n++ {
		fields, line, err := o.records.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := c.checkWidth(fields, line, o.width); err != nil {
			return nil, err
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for i, col := range cols {
			if !col.declared && !guesses[i].done() {
				guesses[i].observe(fields[i])
			}
		}
		if keep {
			kept = append(kept, record{slices.Clone(fields), line})
		}
	}
	for i, col := range cols {
		if !col.declared {
			col.kind = guesses[i].kind()
		}
	}
	return kept, nil
}

// plural renders "1 field" or "3 fields".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
