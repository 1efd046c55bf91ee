#ifndef SEGC_FILL_H
#define SEGC_FILL_H

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long sqlite3_int64;
typedef unsigned long long sqlite3_uint64;

int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int sqlite3_finalize(sqlite3_stmt *);
int sqlite3_column_count(sqlite3_stmt *);
const char *sqlite3_errmsg(sqlite3 *);
int sqlite3_extended_errcode(sqlite3 *);
void sqlite3_interrupt(sqlite3 *);
int sqlite3_bind_parameter_count(sqlite3_stmt *);

/* segc_fill's results besides SQLite's codes (SQLITE_DONE = 101, errors). */
#define SEGC_FILL_FULL 100  /* the batch is full; more rows may follow */
#define SEGC_FILL_ARENA -1  /* the arena cannot hold the current row: grow it to need, call again */

/* segc_fill_state is segc_fill's progress (no pointers, so Go may pass it). */
typedef struct {
	int pending;     /* in: the statement is on a row not copied yet; out: likewise */
	int rows;        /* out: rows copied */
	long long used;  /* out: arena bytes used */
	long long need;  /* out (SEGC_FILL_ARENA): the pending row's bytes */
} segc_fill_state;

/* segc_fill steps st and copies rows into the buffers (cap rows of ncol
 * cells: kinds holds storage classes, nums the values or the arena
 * offset<<32 | length of text and blobs) until the batch is full, the rows
 * end (SQLITE_DONE), the arena is full, or SQLite fails. */
int segc_fill(sqlite3_stmt *st, int ncol, int cap, unsigned char *kinds, unsigned long long *nums,
              unsigned char *arena, long long arenaCap, segc_fill_state *s);

int segc_bind_int(sqlite3_stmt *st, int i, long long v);
int segc_bind_float(sqlite3_stmt *st, int i, double v);
int segc_bind_text(sqlite3_stmt *st, int i, const char *p, long long n);
int segc_bind_blob(sqlite3_stmt *st, int i, const void *p, long long n);
int segc_bind_null(sqlite3_stmt *st, int i);

#endif
