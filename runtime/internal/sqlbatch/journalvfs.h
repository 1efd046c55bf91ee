#ifndef SEGC_JOURNALVFS_H
#define SEGC_JOURNALVFS_H

/* SEGC_JOURNAL_VFS is the name of the VFS segc_register_journal_vfs
 * registers (for vfs= in a connection's URI). */
#define SEGC_JOURNAL_VFS "segc-journal"

/* segc_register_journal_vfs registers, once per process, a VFS that
 * delegates everything to the default VFS except that a database file
 * and its rollback journal gather consecutive writes (SQLite journals
 * each page as three writes, 4, page-size and 4 bytes, and commits pages
 * one write each) into writes of up to 124 KiB. A file's gathered bytes
 * are written before anything but a consecutive write reaches it, and
 * before anything but a read reaches its database or journal, so writes
 * reach the files in SQLite's order and a sync finds them written. A
 * database gathers only while its rollback journal is open. A failed
 * gathered write stays gathered, failing whatever needs it, until it
 * succeeds or the lock is released. It is never the default VFS. It
 * returns SQLITE_OK (0) or SQLite's error code. */
int segc_register_journal_vfs(void);

#endif
