// Package examples embeds the example segment modules, so that `segc demo`
// works from any directory and from an installed binary.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed segments/*.seg
var segmentFiles embed.FS

// Segments returns the retail demo module (examples/segments) as a file
// system whose root holds its .seg files.
func Segments() fs.FS {
	sub, err := fs.Sub(segmentFiles, "segments")
	if err != nil {
		panic(err) // unreachable: the directory is embedded at build time
	}
	return sub
}
