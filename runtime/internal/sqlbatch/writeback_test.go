package sqlbatch

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWritebackSpans checks when the early writeback hints: after every
// 4 MiB written, over the span of those writes, and never for a file it
// could not open.
func TestWritebackSpans(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the writeback hint is Linux's sync_file_range")
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	const kib = 1024
	pages := func(n int, at, step int64) [][2]int64 {
		var out [][2]int64
		for i := 0; i < n; i++ {
			out = append(out, [2]int64{at + int64(i)*step, 124 * kib})
		}
		return out
	}
	tests := []struct {
		name   string
		path   string
		writes [][2]int64
		hints  int
		lo, hi int64
	}{
		{"under the span", path, pages(33, 0, 124*kib), 0, 0, 33 * 124 * kib},
		{"one span, consecutive", path, pages(34, 0, 124*kib), 1, 0, 0},
		{"scattered writes count their bytes", path, pages(40, 0, 1<<20), 1, 34 << 20, 39<<20 + 124*kib},
		{"two spans", path, pages(68, 0, 124*kib), 2, 0, 0},
		{"no file", filepath.Join(t.TempDir(), "missing"), pages(100, 0, 124*kib), 0, 0, 0},
		{"empty writes", path, [][2]int64{{0, 0}, {5, -1}}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hints, lo, hi := writebackSpans(tt.path, tt.writes)
			if hints != tt.hints || lo != tt.lo || hi != tt.hi {
				t.Errorf("hints %d, span [%d, %d), want %d, [%d, %d)", hints, lo, hi, tt.hints, tt.lo, tt.hi)
			}
		})
	}
}

// TestWritebackBorrow checks that a database's writeback takes a
// descriptor only when it is the file's, and leaves it open: closing it
// would drop the process's locks on the database.
func TestWritebackBorrow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the writeback hint is Linux's sync_file_range")
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())
	if !writebackBorrows(fd, a) {
		t.Errorf("a descriptor of %s was not taken for it", a)
	}
	if writebackBorrows(fd, b) {
		t.Errorf("a descriptor of %s was taken for %s", a, b)
	}
	if writebackBorrows(-1, a) || writebackBorrows(fd, filepath.Join(dir, "missing")) {
		t.Errorf("no descriptor, or no file, was taken")
	}
	if _, err := f.Stat(); err != nil {
		t.Errorf("the borrowed descriptor was closed: %v", err)
	}
}
