#ifndef SEGC_WRITEBACK_H
#define SEGC_WRITEBACK_H

/* writeback starts the kernel's writeback of a file's written bytes
 * early, a few MB at a time, so that the sync that ends a transaction
 * finds most of them on their way to the disk instead of starting them
 * all then (a daily run's COMMIT waited ~60 ms in its two syncs, with
 * both cores idle). It only hints: the syncs SQLite asks for still make
 * the bytes durable, a failed hint is ignored, and outside Linux it does
 * nothing. A descriptor it opened is closed with the file, so it must
 * never open one of a locked file (a database): closing any descriptor
 * of a file drops the process's POSIX locks on it. A database's
 * writeback borrows SQLite's own descriptor instead, never closed here. */
typedef struct writeback {
	int fd; /* the descriptor the hints use, or -1 */
	int owned; /* whether writebackClose closes fd */
	long long lo, hi; /* the span of the writes since the last hint */
	long long pending; /* how many bytes they wrote */
	int hints; /* how many hints were given (for tests) */
} writeback;

/* writebackOpen opens w's own descriptor of the file at path (0: none). */
void writebackOpen(writeback *w, const char *path);

/* writebackBorrow makes w use fd, a descriptor it does not own, once
 * fstat shows that fd is the file at path (same device and inode);
 * otherwise w stays without one. */
void writebackBorrow(writeback *w, int fd, const char *path);

/* writebackNote records n bytes written at off, and hints the kernel once
 * WRITEBACK_SPAN bytes were written since the last hint. */
void writebackNote(writeback *w, long long off, int n);

/* writebackClose closes w's descriptor if w opened it, and forgets it. */
void writebackClose(writeback *w);

#endif
