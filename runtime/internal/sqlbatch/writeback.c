#define _GNU_SOURCE
#include "writeback.h"

#ifdef __linux__
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

/* WRITEBACK_SPAN is how many bytes are written between two hints: a hint
 * per gathered write (124 KiB) cost more CPU than the wait it saved. */
#define WRITEBACK_SPAN (4LL * 1024 * 1024)

void writebackOpen(writeback *w, const char *path) {
	w->fd = -1;
	w->owned = 0;
	w->lo = w->hi = w->pending = 0;
	w->hints = 0;
#ifdef __linux__
	if (path != 0) {
		w->fd = open(path, O_RDONLY | O_CLOEXEC);
		w->owned = w->fd >= 0;
	}
#else
	(void)path;
#endif
}

void writebackBorrow(writeback *w, int fd, const char *path) {
	w->fd = -1;
	w->owned = 0;
	w->lo = w->hi = w->pending = 0;
	w->hints = 0;
#ifdef __linux__
	struct stat byFd, byPath;
	if (path != 0 && fd >= 0 && fstat(fd, &byFd) == 0 && stat(path, &byPath) == 0 &&
	    byFd.st_dev == byPath.st_dev && byFd.st_ino == byPath.st_ino) {
		w->fd = fd;
	}
#else
	(void)fd;
	(void)path;
#endif
}

/* hint asks the kernel to start writing w's recorded span back, and
 * forgets it. */
static void hint(writeback *w) {
#ifdef __linux__
	if (w->hi > w->lo) {
		sync_file_range(w->fd, w->lo, w->hi - w->lo, SYNC_FILE_RANGE_WRITE);
	}
#endif
	w->hints++;
	w->lo = w->hi = w->pending = 0;
}

/* writebackNote widens the recorded span to the write and counts its
 * bytes; once WRITEBACK_SPAN bytes were written, it hints the span. The
 * span may hold bytes not written since the last hint (a commit's pages
 * lie all over the database file): the kernel writes back only what is
 * dirty in it, as the sync would. */
void writebackNote(writeback *w, long long off, int n) {
	if (w->fd < 0 || n <= 0) {
		return;
	}
	if (w->pending == 0 || off < w->lo) {
		w->lo = off;
	}
	if (w->pending == 0 || off + n > w->hi) {
		w->hi = off + n;
	}
	w->pending += n;
	if (w->pending >= WRITEBACK_SPAN) {
		hint(w);
	}
}

void writebackClose(writeback *w) {
#ifdef __linux__
	if (w->fd >= 0 && w->owned) {
		close(w->fd);
	}
#endif
	w->fd = -1;
	w->owned = 0;
}
