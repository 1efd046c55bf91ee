package sqlbatch

// #include <stdlib.h>
// #include "writeback.h"
import "C"

import "unsafe"

// writebackSpans replays writes (offset, length) through a writeback of
// the file at path and returns how many hints it gave and the span it
// holds at the end, for tests of the accounting: the hints themselves
// only ask the kernel to start writing dirty pages back.
func writebackSpans(path string, writes [][2]int64) (hints int, lo, hi int64) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var w C.writeback
	C.writebackOpen(&w, cpath)
	defer C.writebackClose(&w)
	for _, wr := range writes {
		C.writebackNote(&w, C.longlong(wr[0]), C.int(wr[1]))
	}
	return int(w.hints), int64(w.lo), int64(w.hi)
}

// writebackBorrows reports whether a writeback borrowing fd for the file
// at path takes it (fd must be that file), for tests; it never closes fd.
func writebackBorrows(fd int, path string) bool {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var w C.writeback
	C.writebackBorrow(&w, C.int(fd), cpath)
	defer C.writebackClose(&w)
	return w.fd >= 0
}
