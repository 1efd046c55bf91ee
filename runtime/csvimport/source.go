package csvimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// input is an opened, decompressed stream with a BOM removed.
type input struct {
	r      *bufio.Reader
	closer func() error
}

// openInput opens the file (or the given reader for "-"), gunzips gzip
// content and skips a UTF-8 byte order mark.
func openInput(path string, reader io.Reader) (*input, error) {
	raw, closeRaw, err := openRaw(path, reader)
	if err != nil {
		return nil, err
	}
	in := &input{r: bufio.NewReaderSize(raw, 1<<16), closer: closeRaw}
	if magic, _ := in.r.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(in.r)
		if err != nil {
			closeRaw()
			return nil, fmt.Errorf("csvimport: %s looks gzipped but cannot be read: %w", displayName(path), err)
		}
		in.r = bufio.NewReaderSize(gz, 1<<16)
	}
	if bom, _ := in.r.Peek(3); bytes.Equal(bom, []byte{0xef, 0xbb, 0xbf}) {
		in.r.Discard(3)
	}
	return in, nil
}

// openRaw opens the named file, or wraps reader for "-".
func openRaw(path string, reader io.Reader) (io.Reader, func() error, error) {
	if path == "-" {
		if reader == nil {
			return nil, nil, fmt.Errorf("csvimport: path is \"-\" but no reader was given")
		}
		return reader, func() error { return nil }, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("csvimport: %w", err)
	}
	return f, f.Close, nil
}

// displayName is the input's name in messages.
func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}
