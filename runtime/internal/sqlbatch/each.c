#include "each.h"

int sqlite3_step(sqlite3_stmt *);
int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite3_bind_text64(sqlite3_stmt *, int, const char *, sqlite3_uint64, void (*)(void *), unsigned char);

#define SEGC_DONE 101
#define SEGC_TRANSIENT ((void (*)(void *)) - 1)
#define SEGC_UTF8 1

/* runOnce steps st to its end and resets it; it returns SQLITE_DONE or the
 * failing code (st is then left for the caller to reset or finalize). */
static int runOnce(sqlite3_stmt *st) {
	int rc = sqlite3_step(st);
	if (rc != SEGC_DONE) {
		return rc;
	}
	sqlite3_reset(st);
	return SEGC_DONE;
}

int segc_each_ints(sqlite3_stmt *st, int idx, const long long *keys, int n, int *done) {
	for (int i = 0; i < n; i++) {
		int rc = sqlite3_bind_int64(st, idx, keys[i]);
		if (rc == 0) {
			rc = runOnce(st);
		}
		if (rc != SEGC_DONE) {
			*done = i;
			return rc;
		}
	}
	*done = n;
	return SEGC_DONE;
}

int segc_each_texts(sqlite3_stmt *st, int idx, const char *buf, const long long *ends, int n, int *done) {
	long long start = 0;
	for (int i = 0; i < n; i++) {
		/* Transient: SQLite copies the key, so it keeps no pointer into
		 * Go memory once the call returns. */
		int rc = sqlite3_bind_text64(st, idx, buf + start, (sqlite3_uint64)(ends[i] - start), SEGC_TRANSIENT, SEGC_UTF8);
		if (rc == 0) {
			rc = runOnce(st);
		}
		if (rc != SEGC_DONE) {
			*done = i;
			return rc;
		}
		start = ends[i];
	}
	*done = n;
	return SEGC_DONE;
}
