#ifndef SEGC_EACH_H
#define SEGC_EACH_H

#include "fill.h"

int sqlite3_reset(sqlite3_stmt *);
int sqlite3_clear_bindings(sqlite3_stmt *);

/* segc_each_ints binds keys[i] to parameter idx of st and runs st to its
 * end, once per key (resetting in between), until all n ran or one fails.
 * It returns SQLITE_DONE (101) when all ran, else the failing result code;
 * *done is how many ran. */
int segc_each_ints(sqlite3_stmt *st, int idx, const long long *keys, int n, int *done);

/* segc_each_texts is segc_each_ints for text keys: key i is the UTF-8
 * bytes buf[ends[i-1]..ends[i]) (from 0 for the first). */
int segc_each_texts(sqlite3_stmt *st, int idx, const char *buf, const long long *ends, int n, int *done);

#endif
