#include "journalvfs.h"
#include "vfsabi.h"
#include "writeback.h"
#include <string.h>

/* GATHER_BUF is how many bytes a file gathers before one write: 124 KiB,
 * 31 database pages or 30 journaled pages of 4 KiB. The unix VFS writes
 * at most 128 KiB - 1 bytes per call (it masks the length with 0x1ffff;
 * SQLite itself never writes more than a 64 KiB page), so a larger write
 * would be cut short and fail as SQLITE_FULL. */
#define GATHER_BUF (124 * 1024)

/* jfile is an open file of the VFS: its methods, the default VFS's file
 * (real, allocated right after it) and, for a database or its rollback
 * journal, the writes gathered and not made yet: buf[0..used) belongs at
 * offset start. A database and its open journal point at each other
 * (peer): an operation on one writes the other's gathered bytes first,
 * so the files receive SQLite's writes in SQLite's order, and what they
 * hold is always what a crash at some moment would have left.
 * A database gathers only while its journal is open (a rollback-journal
 * transaction, which ends with checked syncs); in WAL mode its writes
 * go through. A gathered write that fails stays gathered (stuck): every
 * later operation that needs it tries it again and fails while it fails,
 * so nothing written after it reaches a file first, whatever SQLite does
 * with the error. Releasing the lock drops it: the files then hold a
 * state a crash could leave, which the hot journal recovers. */
/* What a jfile gathers: nothing, a linked journal's writes, or a
 * database's writes while it has a peer. */
enum { GATHERS_NONE, GATHERS_JOURNAL, GATHERS_DB };

typedef struct jfile jfile;
struct jfile {
	sqlite3_file base;
	sqlite3_file *real;
	int gathers;
	char *buf;
	int used;
	sqlite3_int64 start;
	int stuck;
	jfile *peer;
	writeback wb; /* a journal's early writeback */
};

#define REAL(f) (((jfile *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

/* flush makes j's gathered write (nothing when j is 0 or has none); on
 * a failure the bytes stay, stuck. */
static int flush(jfile *j) {
	int rc;
	if (j == 0 || j->used == 0) {
		return SQLITE_OK;
	}
	rc = j->real->pMethods->xWrite(j->real, j->buf, j->used, j->start);
	j->stuck = rc != SQLITE_OK;
	if (rc == SQLITE_OK) {
		writebackNote(&j->wb, j->start, j->used);
		j->used = 0;
	}
	return rc;
}

/* flushBoth makes the gathered writes of f's peer, then of f. */
static int flushBoth(sqlite3_file *f) {
	int rc = flush(((jfile *)f)->peer);
	return rc != SQLITE_OK ? rc : flush((jfile *)f);
}

/* drop forgets j's gathered bytes (j may be 0). */
static void drop(jfile *j) {
	if (j != 0) {
		j->used = 0;
		j->stuck = 0;
	}
}

/* gather adds a write to p's buffer when it continues the gathered bytes
 * (or starts them) and fits; it returns 0 otherwise. */
static int gather(jfile *p, const void *in, int n, sqlite3_int64 off) {
	if (p->gathers == GATHERS_NONE || (p->gathers == GATHERS_DB && p->peer == 0) || p->stuck) {
		return 0;
	}
	if (p->used + n > GATHER_BUF || (p->used > 0 && off != p->start + p->used)) {
		return 0;
	}
	if (p->buf == 0 && (p->buf = sqlite3_malloc(GATHER_BUF)) == 0) {
		p->gathers = GATHERS_NONE;
		return 0;
	}
	if (p->used == 0) {
		p->start = off;
	}
	memcpy(p->buf + p->used, in, n);
	p->used += n;
	return 1;
}

static int jWrite(sqlite3_file *f, const void *in, int n, sqlite3_int64 off) {
	jfile *p = (jfile *)f;
	int rc = flush(p->peer);
	if (rc != SQLITE_OK) {
		return rc;
	}
	if (gather(p, in, n, off)) {
		return SQLITE_OK;
	}
	if ((rc = flush(p)) != SQLITE_OK) {
		return rc;
	}
	if (gather(p, in, n, off)) {
		return SQLITE_OK;
	}
	return RM(f)->xWrite(REAL(f), in, n, off);
}

/* Reads and sizes need only the file's own bytes written: a database's
 * reads, made while SQLite journals other pages, leave the journal's
 * gathered. */
static int jRead(sqlite3_file *f, void *out, int n, sqlite3_int64 off) {
	int rc = flush((jfile *)f);
	return rc != SQLITE_OK ? rc : RM(f)->xRead(REAL(f), out, n, off);
}

static int jFileSize(sqlite3_file *f, sqlite3_int64 *size) {
	int rc = flush((jfile *)f);
	return rc != SQLITE_OK ? rc : RM(f)->xFileSize(REAL(f), size);
}

static int jSync(sqlite3_file *f, int flags) {
	int rc = flushBoth(f);
	return rc != SQLITE_OK ? rc : RM(f)->xSync(REAL(f), flags);
}

/* unlinkPeer forgets the link between a database and its journal. */
static void unlinkPeer(jfile *p) {
	if (p->peer) {
		p->peer->peer = 0;
		p->peer = 0;
	}
}

static int jClose(sqlite3_file *f) {
	jfile *p = (jfile *)f;
	int rc = flushBoth(f), rc2;
	drop(p);
	unlinkPeer(p);
	rc2 = RM(f)->xClose(REAL(f));
	writebackClose(&p->wb);
	sqlite3_free(p->buf);
	p->buf = 0;
	return rc != SQLITE_OK ? rc : rc2;
}

static int jTruncate(sqlite3_file *f, sqlite3_int64 size) {
	int rc = flushBoth(f);
	return rc != SQLITE_OK ? rc : RM(f)->xTruncate(REAL(f), size);
}

static int jLock(sqlite3_file *f, int level) {
	int rc = flushBoth(f);
	return rc != SQLITE_OK ? rc : RM(f)->xLock(REAL(f), level);
}

/* jUnlock always unlocks: stuck bytes are dropped first, since once
 * another connection may write, they must never reach the file. */
static int jUnlock(sqlite3_file *f, int level) {
	int rc = flushBoth(f), rc2;
	if (rc != SQLITE_OK) {
		drop(((jfile *)f)->peer);
		drop((jfile *)f);
	}
	rc2 = RM(f)->xUnlock(REAL(f), level);
	return rc != SQLITE_OK ? rc : rc2;
}

static int jCheckReservedLock(sqlite3_file *f, int *out) {
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int jFileControl(sqlite3_file *f, int op, void *arg) {
	int rc = flushBoth(f);
	return rc != SQLITE_OK ? rc : RM(f)->xFileControl(REAL(f), op, arg);
}

static int jSectorSize(sqlite3_file *f) { return RM(f)->xSectorSize(REAL(f)); }

static int jDeviceCharacteristics(sqlite3_file *f) {
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

static int jShmMap(sqlite3_file *f, int pg, int size, int extend, void volatile **pp) {
	int rc = flushBoth(f);
	if (rc != SQLITE_OK) {
		return rc;
	}
	return RM(f)->iVersion < 2 ? SQLITE_IOERR : RM(f)->xShmMap(REAL(f), pg, size, extend, pp);
}

static int jShmLock(sqlite3_file *f, int off, int n, int flags) {
	int rc = flushBoth(f);
	if (rc != SQLITE_OK) {
		return rc;
	}
	return RM(f)->iVersion < 2 ? SQLITE_IOERR : RM(f)->xShmLock(REAL(f), off, n, flags);
}

static void jShmBarrier(sqlite3_file *f) {
	flushBoth(f);
	if (RM(f)->iVersion >= 2) {
		RM(f)->xShmBarrier(REAL(f));
	}
}

static int jShmUnmap(sqlite3_file *f, int del) {
	int rc = flushBoth(f);
	if (rc != SQLITE_OK) {
		return rc;
	}
	return RM(f)->iVersion < 2 ? SQLITE_OK : RM(f)->xShmUnmap(REAL(f), del);
}

static int jFetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) {
	int rc = flush((jfile *)f);
	if (rc != SQLITE_OK) {
		return rc;
	}
	if (RM(f)->iVersion < 3) {
		*pp = 0;
		return SQLITE_OK;
	}
	return RM(f)->xFetch(REAL(f), off, n, pp);
}

static int jUnfetch(sqlite3_file *f, sqlite3_int64 off, void *p) {
	return RM(f)->iVersion < 3 ? SQLITE_OK : RM(f)->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods jMethods = {
	3, jClose, jRead, jWrite, jTruncate, jSync, jFileSize, jLock, jUnlock,
	jCheckReservedLock, jFileControl, jSectorSize, jDeviceCharacteristics,
	jShmMap, jShmLock, jShmBarrier, jShmUnmap, jFetch, jUnfetch,
};

#define PARENT(v) ((sqlite3_vfs *)(v)->pAppData)

/* linkJournal makes an opened rollback journal gather its writes, linked
 * to its database's file; without that file (not of this VFS, or already
 * linked) it writes through. */
static void linkJournal(jfile *p, sqlite3_filename name) {
	sqlite3_file *db = sqlite3_database_file_object(name);
	jfile *d = (jfile *)db;
	if (db == 0 || db->pMethods != &jMethods || d->gathers != GATHERS_DB || d->peer != 0) {
		return;
	}
	p->gathers = GATHERS_JOURNAL;
	p->peer = d;
	d->peer = p;
}

/* unixFileHead is how SQLite's unix VFS begins its sqlite3_file (struct
 * unixFile in os_unix.c, unchanged for over a decade): h is the file's
 * descriptor. writebackBorrow checks the value against the file's path,
 * so a different layout only leaves the database without the hint. */
typedef struct unixFileHead {
	const sqlite3_io_methods *pMethod;
	sqlite3_vfs *pVfs;
	void *pInode;
	int h;
} unixFileHead;

/* borrowWriteback gives a database opened by a unix VFS the writeback
 * of SQLite's own descriptor (see unixFileHead). */
static void borrowWriteback(jfile *p, sqlite3_vfs *parent, sqlite3_filename name) {
	if (parent->zName == 0 || strncmp(parent->zName, "unix", 4) != 0) {
		return;
	}
	writebackBorrow(&p->wb, ((unixFileHead *)p->real)->h, name);
}

static int vOpen(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
	jfile *p = (jfile *)f;
	int rc;
	memset(p, 0, sizeof(*p));
	p->wb.fd = -1;
	p->real = (sqlite3_file *)&p[1];
	rc = PARENT(v)->xOpen(PARENT(v), name, p->real, flags, outFlags);
	if (p->real->pMethods == 0) {
		return rc;
	}
	p->base.pMethods = &jMethods;
	/* Only the journal gets a descriptor of its own for the writeback: the
	 * database's locks are POSIX record locks, which closing any
	 * descriptor of the file drops for the whole process (SQLite's unix
	 * VFS never closes one while a lock is held), so a connection closing
	 * would free another's write lock to other processes (review R8,
	 * TestR8ClosingAConnectionKeepsLocks). No lock is taken on a journal.
	 * The database borrows SQLite's own descriptor, which SQLite closes. */
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_JOURNAL)) {
		writebackOpen(&p->wb, name);
	}
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB)) {
		borrowWriteback(p, PARENT(v), name);
	}
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB)) {
		p->gathers = GATHERS_DB;
	}
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_JOURNAL) && name != 0) {
		linkJournal(p, name);
	}
	return rc;
}

static int vDelete(sqlite3_vfs *v, const char *name, int syncDir) {
	return PARENT(v)->xDelete(PARENT(v), name, syncDir);
}

static int vAccess(sqlite3_vfs *v, const char *name, int flags, int *out) {
	return PARENT(v)->xAccess(PARENT(v), name, flags, out);
}

static int vFullPathname(sqlite3_vfs *v, const char *name, int n, char *out) {
	return PARENT(v)->xFullPathname(PARENT(v), name, n, out);
}

static void *vDlOpen(sqlite3_vfs *v, const char *name) { return PARENT(v)->xDlOpen(PARENT(v), name); }

static void vDlError(sqlite3_vfs *v, int n, char *msg) { PARENT(v)->xDlError(PARENT(v), n, msg); }

static void (*vDlSym(sqlite3_vfs *v, void *h, const char *sym))(void) {
	return PARENT(v)->xDlSym(PARENT(v), h, sym);
}

static void vDlClose(sqlite3_vfs *v, void *h) { PARENT(v)->xDlClose(PARENT(v), h); }

static int vRandomness(sqlite3_vfs *v, int n, char *out) {
	return PARENT(v)->xRandomness(PARENT(v), n, out);
}

static int vSleep(sqlite3_vfs *v, int us) { return PARENT(v)->xSleep(PARENT(v), us); }

static int vCurrentTime(sqlite3_vfs *v, double *t) { return PARENT(v)->xCurrentTime(PARENT(v), t); }

static int vGetLastError(sqlite3_vfs *v, int n, char *msg) {
	return PARENT(v)->xGetLastError(PARENT(v), n, msg);
}

static int vCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *t) {
	return PARENT(v)->xCurrentTimeInt64(PARENT(v), t);
}

/* journalVFS is the registered VFS: SQLite keeps a pointer to it for the
 * life of the process, so it is static. It is filled in once, under
 * SQLITE_MUTEX_STATIC_APP1, before registration. */
static sqlite3_vfs journalVFS;

int segc_register_journal_vfs(void) {
	sqlite3_mutex *mu;
	sqlite3_vfs *parent;
	int rc = sqlite3_initialize();
	if (rc != SQLITE_OK) {
		return rc;
	}
	mu = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
	sqlite3_mutex_enter(mu);
	if (sqlite3_vfs_find(SEGC_JOURNAL_VFS) != 0) {
		sqlite3_mutex_leave(mu);
		return SQLITE_OK;
	}
	parent = sqlite3_vfs_find(0);
	if (parent == 0 || parent->iVersion < 2) {
		sqlite3_mutex_leave(mu);
		return SQLITE_ERROR;
	}
	journalVFS = (sqlite3_vfs){
		2, (int)sizeof(jfile) + parent->szOsFile, parent->mxPathname, 0, SEGC_JOURNAL_VFS, parent,
		vOpen, vDelete, vAccess, vFullPathname, vDlOpen, vDlError, vDlSym, vDlClose,
		vRandomness, vSleep, vCurrentTime, vGetLastError, vCurrentTimeInt64,
	};
	rc = sqlite3_vfs_register(&journalVFS, 0);
	sqlite3_mutex_leave(mu);
	return rc;
}
