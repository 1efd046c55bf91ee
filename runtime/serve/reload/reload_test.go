package reload

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestModuleCompile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.seg"), "entities c key id { x int }\n")
	write(t, filepath.Join(dir, "b.seg"), "segment big { where x > 1 }\n")
	write(t, filepath.Join(dir, "b_test.seg"), "this is not parsed\n")
	write(t, filepath.Join(dir, "notes.txt"), "ignored\n")
	m := Module{Paths: []string{dir}}
	c := m.Compile()
	if c.Failed() || len(c.Files) != 2 {
		t.Fatalf("compile: %v %s", c.Files, c.Summary())
	}
	write(t, filepath.Join(dir, "c.seg"), "segment broken { where y > }\n")
	c = m.Compile()
	if !c.Failed() || !strings.Contains(c.Summary(), "c.seg:1:") || len(c.Files) != 3 {
		t.Errorf("a new broken file: %v %q", c.Files, c.Summary())
	}
	if c := (Module{Paths: []string{filepath.Join(dir, "missing")}}).Compile(); !c.Failed() || c.Err == nil {
		t.Errorf("a missing path: %+v", c)
	}
	if dirs := (Module{Paths: []string{filepath.Join(dir, "a.seg"), dir}}).Dirs(); len(dirs) != 1 {
		t.Errorf("dirs %v, want the one directory once", dirs)
	}
}

// TestWatcher checks that atomic saves (rename over), removals and new
// files are seen, that a burst gives one notice, and that other files are
// ignored.
func TestWatcher(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.seg"), "x")
	w, err := NewWatcher(Module{Paths: []string{dir}}, 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notices := make(chan struct{}, 16)
	go w.Run(ctx, func() { notices <- struct{}{} }, func(err error) { t.Error(err) })
	// expect waits for the notices of one step; a loaded machine may split
	// a burst, so the check is a range.
	expect := func(what string, least, most int) {
		t.Helper()
		got := 0
		timeout := time.After(1500 * time.Millisecond)
		for {
			select {
			case <-notices:
				got++
				continue
			case <-timeout:
			}
			break
		}
		if got < least || got > most {
			t.Errorf("%s: %d notices, want %d to %d", what, got, least, most)
		}
	}
	tmp := filepath.Join(dir, ".a.seg.swp")
	write(t, tmp, "y")
	if err := os.Rename(tmp, filepath.Join(dir, "a.seg")); err != nil {
		t.Fatal(err)
	}
	expect("an atomic save", 1, 2)
	for i := range 5 {
		write(t, filepath.Join(dir, "a.seg"), strings.Repeat("z", i))
	}
	expect("a burst of 5 writes", 1, 2)
	write(t, filepath.Join(dir, "notes.txt"), "n")
	write(t, filepath.Join(dir, "a_test.seg"), "n")
	expect("files outside the module", 0, 0)
	write(t, filepath.Join(dir, "b.seg"), "b")
	expect("a new file", 1, 2)
	if err := os.Remove(filepath.Join(dir, "b.seg")); err != nil {
		t.Fatal(err)
	}
	expect("a removal", 1, 1)
}
