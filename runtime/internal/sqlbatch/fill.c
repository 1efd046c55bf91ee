#include "fill.h"
#include <string.h>

/* The SQLite API, linked from github.com/mattn/go-sqlite3's amalgamation. */
int sqlite3_step(sqlite3_stmt *);
int sqlite3_column_type(sqlite3_stmt *, int);
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *, int);
double sqlite3_column_double(sqlite3_stmt *, int);
const void *sqlite3_column_blob(sqlite3_stmt *, int);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int);
int sqlite3_column_bytes(sqlite3_stmt *, int);
int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite3_bind_double(sqlite3_stmt *, int, double);
int sqlite3_bind_text64(sqlite3_stmt *, int, const char *, sqlite3_uint64, void (*)(void *), unsigned char);
int sqlite3_bind_blob64(sqlite3_stmt *, int, const void *, sqlite3_uint64, void (*)(void *));
int sqlite3_bind_null(sqlite3_stmt *, int);

#define SEGC_ROW 100
#define SEGC_TRANSIENT ((void (*)(void *)) - 1)
#define SEGC_UTF8 1

/* cellBytes returns a text or blob cell's bytes and length (text as UTF-8). */
static const void *cellBytes(sqlite3_stmt *st, int c, int kind, int *len) {
	const void *p = kind == 3 ? (const void *)sqlite3_column_text(st, c) : sqlite3_column_blob(st, c);
	*len = sqlite3_column_bytes(st, c);
	return p;
}

/* rowBytes is the arena space the current row needs. */
static long long rowBytes(sqlite3_stmt *st, int ncol) {
	long long need = 0;
	for (int c = 0; c < ncol; c++) {
		int kind = sqlite3_column_type(st, c);
		if (kind == 3 || kind == 4) {
			int len;
			cellBytes(st, c, kind, &len);
			need += len;
		}
	}
	return need;
}

/* copyRow stores the current row's cells; it returns 0 when the arena is
 * too small for them, leaving *used unchanged. */
static int copyRow(sqlite3_stmt *st, int ncol, unsigned char *kinds, unsigned long long *nums,
                   unsigned char *arena, long long arenaCap, long long *used) {
	long long u = *used;
	for (int c = 0; c < ncol; c++) {
		int kind = sqlite3_column_type(st, c);
		kinds[c] = (unsigned char)kind;
		if (kind == 1) {
			nums[c] = (unsigned long long)sqlite3_column_int64(st, c);
		} else if (kind == 2) {
			double d = sqlite3_column_double(st, c);
			memcpy(&nums[c], &d, sizeof d);
		} else if (kind == 3 || kind == 4) {
			int len;
			const void *p = cellBytes(st, c, kind, &len);
			if (u + len > arenaCap) {
				return 0;
			}
			if (len > 0) {
				memcpy(arena + u, p, (size_t)len);
			}
			nums[c] = ((unsigned long long)u << 32) | (unsigned int)len;
			u += len;
		} else {
			nums[c] = 0;
		}
	}
	*used = u;
	return 1;
}

int segc_fill(sqlite3_stmt *st, int ncol, int cap, unsigned char *kinds, unsigned long long *nums,
              unsigned char *arena, long long arenaCap, segc_fill_state *s) {
	int n = 0;
	long long used = 0;
	int pending = s->pending;
	s->pending = 0;
	for (;;) {
		if (n == cap) {
			s->rows = n;
			s->used = used;
			return SEGC_FILL_FULL;
		}
		if (!pending) {
			int rc = sqlite3_step(st);
			if (rc != SEGC_ROW) {
				s->rows = n;
				s->used = used;
				return rc;
			}
		}
		pending = 0;
		long long off = (long long)n * ncol;
		if (!copyRow(st, ncol, kinds + off, nums + off, arena, arenaCap, &used)) {
			s->rows = n;
			s->used = used;
			s->pending = 1;
			s->need = rowBytes(st, ncol);
			return SEGC_FILL_ARENA;
		}
		n++;
	}
}
int segc_bind_int(sqlite3_stmt *st, int i, long long v) { return sqlite3_bind_int64(st, i, v); }

int segc_bind_float(sqlite3_stmt *st, int i, double v) { return sqlite3_bind_double(st, i, v); }

int segc_bind_text(sqlite3_stmt *st, int i, const char *p, long long n) {
	return sqlite3_bind_text64(st, i, n > 0 ? p : "", (sqlite3_uint64)n, SEGC_TRANSIENT, SEGC_UTF8);
}

int segc_bind_blob(sqlite3_stmt *st, int i, const void *p, long long n) {
	return sqlite3_bind_blob64(st, i, n > 0 ? p : "", (sqlite3_uint64)n, SEGC_TRANSIENT);
}

int segc_bind_null(sqlite3_stmt *st, int i) { return sqlite3_bind_null(st, i); }
