package sqlbatch

// #include "journalvfs.h"
import "C"

import "fmt"

// JournalVFS registers, once per process, the VFS that gathers a
// database's and its rollback journal's consecutive writes into large
// ones, and returns its name for vfs= in a connection's URI. It delegates
// everything else to the default VFS and never becomes the default
// itself, so only connections that name it use it.
//
// SQLite journals each page it changes as three writes (4 + page size +
// 4 bytes) and commits each page as its own write: a daily run's store
// journals ~10k pages and commits ~11.6k, ~41k writes, each a partial
// write of the page cache. With the VFS they are ~2.3k writes of up to
// 124 KiB. Gathered bytes are written before anything but a consecutive
// write reaches their file, and before anything but a read reaches the
// other file of the pair (the journal's database, the database's
// journal), so the files receive the writes in SQLite's order. A
// database gathers only while its rollback journal is open; in WAL mode
// its writes go through. A gathered write that fails stays gathered and
// fails every later operation that needs it until it succeeds, so no
// later write overtakes it even when SQLite ignores the first error (a
// size hint); releasing the lock drops it, leaving what a crash at that
// moment would have left, which the hot journal recovers.
//
// On Linux each journal and database also starts the kernel's writeback
// of its written bytes every 4 MiB (writeback.c), so that the syncs at
// commit wait for little: a daily run's two COMMIT syncs took 25 and
// 41 ms without it and 1 and 3 ms with it. The syncs still make the bytes
// durable; the hint changes when, not whether, they are written. A
// journal's hints use a descriptor of the VFS's own. A database's borrow
// SQLite's descriptor (checked to be the file's): closing a descriptor of
// its own would drop every POSIX lock the process holds on the database
// (review R8: a connection closing freed another's write lock to other
// processes).
func JournalVFS() (string, error) {
	if rc := C.segc_register_journal_vfs(); rc != 0 {
		return "", fmt.Errorf("sqlbatch: registering the %s VFS: SQLite error %d", C.SEGC_JOURNAL_VFS, int(rc))
	}
	return C.SEGC_JOURNAL_VFS, nil
}
