#ifndef SEGC_JOURNALVFS_H
#define SEGC_JOURNALVFS_H

/* SEGC_JOURNAL_VFS is the name of the VFS segc_register_journal_vfs
 * registers (for vfs= in a connection's URI). */
#define SEGC_JOURNAL_VFS "segc-journal"

/* segc_register_journal_vfs registers, once per process, a VFS that
 * delegates everything to the default VFS except that it gathers the
 * writes to a rollback journal (SQLite writes each page as three writes:
 * 4, page-size and 4 bytes) into large writes. The buffered bytes are
 * written before anything else touches the journal (read, sync, size,
 * truncate, lock, file control, close) and before any write, sync or
 * truncate of its database, so SQLite sees the file as if every write had
 * gone through. It is never the default VFS. It returns SQLITE_OK (0) or
 * SQLite's error code. */
int segc_register_journal_vfs(void);

#endif
