#ifndef SEGC_KEYSET_H
#define SEGC_KEYSET_H

#include "fill.h"

/* segc_register_keys registers the segc_keys table-valued function on db
 * (again: replacing it is cheap). */
int segc_register_keys(sqlite3 *db);

/* segc_exec_keyset runs st once with a key set bound to parameter idx: in
 * its SQL, segc_keys(?idx) is a table of the keys, n ints then m texts
 * (text i is buf[ends[i-1]..ends[i]), from 0 for the first), with columns
 * value and i (the row's position, from 0). It steps st to its end, resets
 * it and unbinds the set, so SQLite keeps no pointer to the keys; on a
 * failure it leaves st as it is, for the caller to read the error and
 * finalize it.
 * It returns SQLITE_DONE (101) or the failing result code. */
int segc_exec_keyset(sqlite3_stmt *st, int idx, const long long *ints, int n,
                     const char *buf, const long long *ends, int m);

#endif
