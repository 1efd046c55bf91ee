package dsl

import (
	"runtime"
	"sync"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// parallelMin is the chunk count from which chunks are parsed on several
// goroutines; below it the goroutines cost more than they save.
const parallelMin = 64

// parseChunks parses independent declaration chunks, in parallel for large
// files, and returns the declarations in source order.
func parseChunks(f *source.File, chunks []chunk, sink *diag.Sink) []ast.Decl {
	decls := make([]ast.Decl, len(chunks))
	sinks := make([]diag.Sink, len(chunks))
	workers := min(runtime.GOMAXPROCS(0), max(len(chunks)/parallelMin, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(chunks); i += workers {
				decls[i] = parseOne(f, chunks[i], &sinks[i])
			}
		})
	}
	wg.Wait()
	for i := range sinks {
		sink.List = append(sink.List, sinks[i].List...)
	}
	return decls
}

// parseOne parses one chunk into its own sink.
func parseOne(f *source.File, c chunk, sink *diag.Sink) ast.Decl {
	sink.File = f
	return parseChunk(c, sink)
}
