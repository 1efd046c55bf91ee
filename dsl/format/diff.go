package format

import "github.com/rogpeppe/go-internal/diff"

// Diff returns a unified diff from old to new for the file called name, as
// `segc fmt -d` prints it, or nil when the two are identical.
func Diff(name string, old, new []byte) []byte {
	return diff.Diff(name+".orig", old, name, new)
}
