package format

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// examplesDir holds the project's example modules, when they exist.
const examplesDir = "../../examples"

// propertyInputs lists every .seg file the property tests run over: the
// testdata inputs, their golden outputs and the project's examples.
func propertyInputs(t *testing.T) []string {
	var out []string
	for _, pattern := range []string{"*.seg", "*.golden"} {
		m, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	err := filepath.WalkDir(examplesDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".seg") {
			out = append(out, path)
		}
		if os.IsNotExist(err) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestProperties(t *testing.T) {
	for _, path := range propertyInputs(t) {
		t.Run(path, func(t *testing.T) {
			src := readFile(t, path)
			if f, diags := dsl.Parse(source.NewFile(path, src)); diags.HasErrors() {
				if strings.HasPrefix(path, examplesDir) {
					t.Skipf("example does not parse (not a formatter matter):\n%s", renderDiags(diags))
				}
				t.Fatalf("does not parse:\n%s", renderDiags(diags))
			} else {
				checkProperties(t, f)
			}
		})
	}
}

// checkProperties formats f and checks that the output reparses without
// errors, to the same tree, with the same comments, and is a fixed point.
func checkProperties(t *testing.T, f *ast.File) {
	t.Helper()
	out, err := Source(f)
	if err != nil {
		t.Fatal(err)
	}
	g, diags := dsl.Parse(source.NewFile(f.Source.Name+".formatted", out))
	if diags.HasErrors() {
		t.Fatalf("formatted output does not parse:\n%s\noutput:\n%s", renderDiags(diags), out)
	}
	if a, b := dump(f), dump(g); a != b {
		t.Errorf("formatting changed the tree:\n%s", Diff("tree", []byte(a), []byte(b)))
	}
	if a, b := commentTexts(f), commentTexts(g); !slices.Equal(a, b) {
		t.Errorf("formatting changed the comments:\nbefore %q\nafter  %q\noutput:\n%s", a, b, out)
	}
	for _, text := range commentTexts(f) {
		if in, got := strings.Count(string(f.Source.Src), text), strings.Count(string(out), text); in != got {
			t.Errorf("comment %q appears %d times in the input but %d times in the output", text, in, got)
		}
	}
	again, err := Source(g)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again) {
		t.Errorf("formatting is not idempotent:\n%s", Diff("once", out, again))
	}
}

// commentTexts lists the comment texts of f, sorted, without trailing
// white space, which the formatter drops.
func commentTexts(f *ast.File) []string {
	out := make([]string, len(f.Comments))
	for i, c := range f.Comments {
		out[i] = strings.TrimRight(c.Text, " \t\r\f\v")
	}
	slices.Sort(out)
	return out
}

// dump prints a tree without its spans and source, so that two parses of
// differently laid out text compare equal when they mean the same.
func dump(f *ast.File) string {
	var b strings.Builder
	for _, d := range f.Decls {
		dumpValue(&b, reflect.ValueOf(d), 0)
	}
	return b.String()
}

// skippedFields are the fields dump leaves out: positions and layout.
var skippedFields = map[string]bool{"Sp": true, "OpSp": true, "KeywordSp": true, "Source": true, "Comments": true}

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			fmt.Fprintf(b, "%snil\n", indent)
			return
		}
		dumpValue(b, v.Elem(), depth)
	case reflect.Struct:
		fmt.Fprintf(b, "%s%s\n", indent, v.Type().Name())
		for i := range v.NumField() {
			if name := v.Type().Field(i).Name; !skippedFields[name] {
				fmt.Fprintf(b, "%s  %s:\n", indent, name)
				dumpValue(b, v.Field(i), depth+2)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			dumpValue(b, v.Index(i), depth)
		}
	default:
		fmt.Fprintf(b, "%s%#v\n", indent, v.Interface())
	}
}

// FuzzSource checks the formatting properties on any input that parses.
func FuzzSource(f *testing.F) {
	m, _ := filepath.Glob(filepath.Join("testdata", "*.seg"))
	for _, path := range m {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := dsl.Parse(source.NewFile("fuzz.seg", src))
		if !diags.HasErrors() {
			checkProperties(t, file)
		}
	})
}
