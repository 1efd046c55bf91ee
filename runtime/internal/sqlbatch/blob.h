#ifndef SEGC_BLOB_H
#define SEGC_BLOB_H

#include "fill.h"

/* SQLite's incremental blob I/O (sqlite3.h), linked from go-sqlite3. */
typedef struct sqlite3_blob sqlite3_blob;

int sqlite3_blob_open(sqlite3 *, const char *db, const char *table, const char *column, sqlite3_int64 row, int flags, sqlite3_blob **);
int sqlite3_blob_reopen(sqlite3_blob *, sqlite3_int64);
int sqlite3_blob_bytes(sqlite3_blob *);
int sqlite3_blob_read(sqlite3_blob *, void *z, int n, int offset);
int sqlite3_blob_close(sqlite3_blob *);

#endif
