#ifndef SEGC_KEYSET_H
#define SEGC_KEYSET_H

#include "fill.h"

/* SEGC_KEY_COLUMNS is how many text columns segc_keys has (c0..c3). */
#define SEGC_KEY_COLUMNS 4

/* segc_register_keys registers the segc_keys table-valued function and
 * the segc_has function on db. Registering segc_has again expires the
 * connection's prepared statements (and fails while one runs), so callers
 * register only when a statement fails to prepare without them. */
int segc_register_keys(sqlite3 *db);

/* segc_exec_keyset runs st once with a key set bound to parameter idx: in
 * its SQL, segc_keys(?idx) is a table of the keys, n ints then m texts
 * (text i is buf[ends[i-1]..ends[i]), from 0 for the first), with columns
 * value and i (the row's position, from 0), and SEGC_KEY_COLUMNS text
 * columns c0, c1, ...: the first ncol are bound, row r's text in column c
 * being dictionary entry codes[c * (n + m) + r], dbuf[dends[e-1]..dends[e])
 * (from 0 for entry 0); the caller checks every code against the
 * dictionary. The others are NULL. In its SQL, segc_has(?idx, x) is 1
 * when x equals one of the keys (an integer or real equal to an int key,
 * a text equal to a text key bytewise: what x = key compares with no
 * affinity), else 0, searching the keys by halves: the caller sets sorted
 * only when the ints and the texts each ascend strictly, and segc_has
 * fails on a set without it. It steps st to its end, resets
 * it and unbinds the set, so SQLite keeps no pointer to the keys; on a
 * failure it leaves st as it is, for the caller to read the error and
 * finalize it.
 * It returns SQLITE_DONE (101) or the failing result code. */
int segc_exec_keyset(sqlite3_stmt *st, int idx, const long long *ints, int n,
                     const char *buf, const long long *ends, int m, int sorted,
                     int ncol, const int *codes, const char *dbuf, const long long *dends);

#endif
