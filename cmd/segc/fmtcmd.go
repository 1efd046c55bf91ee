package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/format"
	"github.com/segc/segc/dsl/source"
)

const fmtExamples = `
  segc fmt -l examples        list files whose layout is not canonical (exit 1 if any)
  segc fmt -d segments.seg    show the changes as a diff
  segc fmt -w examples        rewrite files in place
  segc fmt < in.seg > out.seg format standard input
`

// fmtMode says what fmt does with a file's canonical text.
type fmtMode struct{ list, diff, write bool }

// runFmt implements `segc fmt`.
func runFmt(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("fmt", "[-l | -d | -w] [PATH...]", fmtExamples, std)
	var m fmtMode
	fs.BoolVar(&m.list, "l", false, "list files whose formatting differs")
	fs.BoolVar(&m.diff, "d", false, "print diffs instead of rewriting")
	fs.BoolVar(&m.write, "w", false, "write the result back to the files")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		if m.write {
			return usageError(fs, "-w needs a PATH: standard input cannot be rewritten")
		}
		return fmtStdin(std, m)
	}
	files, err := fmtTargets(fs.Args())
	if err != nil {
		fmt.Fprintf(std.err, "segc fmt: %v\n", err)
		return exitUsage
	}
	code := exitOK
	for _, f := range files {
		code = max(code, fmtFile(f, std, m))
	}
	return code
}

// fmtTargets expands directories (recursively) into their .seg files,
// test files included.
func fmtTargets(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
			}
			if !d.IsDir() && (path == p || strings.HasSuffix(path, ".seg")) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// fmtStdin formats standard input to standard output.
func fmtStdin(std stdio, m fmtMode) int {
	src, err := io.ReadAll(std.in)
	if err != nil {
		fmt.Fprintf(std.err, "segc fmt: reading standard input: %v\n", err)
		return exitUsage
	}
	out, code := canonical("<stdin>", src, std.err)
	if code >= 0 {
		return code
	}
	return emitFormatted("<stdin>", src, out, std, m, func([]byte) error {
		_, err := std.out.Write(out)
		return err
	})
}

// fmtFile formats one file according to the mode.
func fmtFile(path string, std stdio, m fmtMode) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(std.err, "segc fmt: %v\n", err)
		return exitUsage
	}
	out, code := canonical(path, src, std.err)
	if code >= 0 {
		return code
	}
	return emitFormatted(path, src, out, std, m, func(b []byte) error {
		if m.write && !bytes.Equal(src, b) {
			return writeFileAtomic(path, b)
		}
		if !m.write {
			_, err := std.out.Write(b)
			return err
		}
		return nil
	})
}

// emitFormatted applies -l and -d, or hands the text to write.
func emitFormatted(name string, src, out []byte, std stdio, m fmtMode, write func([]byte) error) int {
	changed := !bytes.Equal(src, out)
	if m.list || m.diff {
		if changed && m.list {
			fmt.Fprintln(std.out, name)
		}
		if changed && m.diff {
			std.out.Write(format.Diff(name, src, out))
		}
		if changed {
			return exitFindings
		}
		return exitOK
	}
	if err := write(out); err != nil {
		fmt.Fprintf(std.err, "segc fmt: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// canonical parses and formats src; on syntax errors it prints them and
// returns exit code 2 (files with syntax errors are never rewritten).
func canonical(name string, src []byte, errw io.Writer) ([]byte, int) {
	f, diags := dsl.Parse(source.NewFile(name, src))
	if diags.HasErrors() {
		diag.RenderAll(errw, diags)
		fmt.Fprintf(errw, "segc fmt: %s has syntax errors; not formatted\n", name)
		return nil, exitUsage
	}
	out, err := format.Source(f)
	if err != nil {
		fmt.Fprintf(errw, "segc fmt: %s: %v\n", name, err)
		return nil, exitUsage
	}
	return out, -1
}

// writeFileAtomic replaces path's contents via a temporary file and rename,
// keeping the file mode, so a crash never leaves a half-written file.
func writeFileAtomic(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".segc-fmt-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), info.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
