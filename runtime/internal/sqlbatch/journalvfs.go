package sqlbatch

// #include "journalvfs.h"
import "C"

import "fmt"

// JournalVFS registers, once per process, the VFS that gathers a
// rollback journal's writes, and returns its name for vfs= in a
// connection's URI. It delegates everything else to the default VFS and
// never becomes the default itself, so only connections that name it use
// it.
//
// SQLite journals each page it changes as three writes (4 + page size +
// 4 bytes); a daily run's store journals ~10k pages, so ~30k writes,
// each a partial write of the page cache. The VFS gathers them into
// writes of ~1 MiB. The bytes reach the file before SQLite can rely on
// them: before anything else is done to the journal (read, size, sync,
// truncate, lock, close) and before any write, sync, truncate or lock of
// its database, so crash safety is the default VFS's: the journal is
// synced before the database changes, as before.
func JournalVFS() (string, error) {
	if rc := C.segc_register_journal_vfs(); rc != 0 {
		return "", fmt.Errorf("sqlbatch: registering the %s VFS: SQLite error %d", C.SEGC_JOURNAL_VFS, int(rc))
	}
	return C.SEGC_JOURNAL_VFS, nil
}
