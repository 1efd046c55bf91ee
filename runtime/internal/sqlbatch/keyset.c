#include "keyset.h"
#include <stddef.h>
#include <string.h>

/* The parts of SQLite's virtual table interface that segc_keys uses,
 * declared as sqlite3.h declares them (a stable ABI since 3.10). */
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_vtab {
	const void *pModule;
	int nRef;
	char *zErrMsg;
} sqlite3_vtab;
typedef struct sqlite3_vtab_cursor {
	sqlite3_vtab *pVtab;
} sqlite3_vtab_cursor;
typedef struct sqlite3_index_info {
	int nConstraint;
	struct segc_constraint {
		int iColumn;
		unsigned char op;
		unsigned char usable;
		int iTermOffset;
	} *aConstraint;
	int nOrderBy;
	struct segc_orderby {
		int iColumn;
		unsigned char desc;
	} *aOrderBy;
	struct segc_usage {
		int argvIndex;
		unsigned char omit;
	} *aConstraintUsage;
	int idxNum;
	char *idxStr;
	int needToFreeIdxStr;
	int orderByConsumed;
	double estimatedCost;
	sqlite3_int64 estimatedRows;
	int idxFlags;
	sqlite3_uint64 colUsed;
} sqlite3_index_info;
typedef struct sqlite3_module {
	int iVersion;
	int (*xCreate)(sqlite3 *, void *, int, const char *const *, sqlite3_vtab **, char **);
	int (*xConnect)(sqlite3 *, void *, int, const char *const *, sqlite3_vtab **, char **);
	int (*xBestIndex)(sqlite3_vtab *, sqlite3_index_info *);
	int (*xDisconnect)(sqlite3_vtab *);
	int (*xDestroy)(sqlite3_vtab *);
	int (*xOpen)(sqlite3_vtab *, sqlite3_vtab_cursor **);
	int (*xClose)(sqlite3_vtab_cursor *);
	int (*xFilter)(sqlite3_vtab_cursor *, int, const char *, int, sqlite3_value **);
	int (*xNext)(sqlite3_vtab_cursor *);
	int (*xEof)(sqlite3_vtab_cursor *);
	int (*xColumn)(sqlite3_vtab_cursor *, sqlite3_context *, int);
	int (*xRowid)(sqlite3_vtab_cursor *, sqlite3_int64 *);
	void *xUpdate, *xBegin, *xSync, *xCommit, *xRollback, *xFindFunction, *xRename;
} sqlite3_module;

int sqlite3_declare_vtab(sqlite3 *, const char *);
int sqlite3_vtab_config(sqlite3 *, int op, ...);
int sqlite3_create_module_v2(sqlite3 *, const char *, const sqlite3_module *, void *, void (*)(void *));
void *sqlite3_malloc(int);
void sqlite3_free(void *);
void *sqlite3_value_pointer(sqlite3_value *, const char *);
void sqlite3_result_int64(sqlite3_context *, sqlite3_int64);
void sqlite3_result_null(sqlite3_context *);
void sqlite3_result_text64(sqlite3_context *, const char *, sqlite3_uint64, void (*)(void *), unsigned char);
int sqlite3_bind_pointer(sqlite3_stmt *, int, void *, const char *, void (*)(void *));
int sqlite3_bind_null(sqlite3_stmt *, int);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_reset(sqlite3_stmt *);
int sqlite3_create_function_v2(sqlite3 *, const char *, int, int, void *,
                               void (*)(sqlite3_context *, int, sqlite3_value **),
                               void (*)(sqlite3_context *, int, sqlite3_value **),
                               void (*)(sqlite3_context *), void (*)(void *));
int sqlite3_value_type(sqlite3_value *);
sqlite3_int64 sqlite3_value_int64(sqlite3_value *);
double sqlite3_value_double(sqlite3_value *);
const unsigned char *sqlite3_value_text(sqlite3_value *);
int sqlite3_value_bytes(sqlite3_value *);
void sqlite3_result_int(sqlite3_context *, int);
void sqlite3_result_error(sqlite3_context *, const char *, int);

#define SEGC_OK 0
#define SEGC_ERROR 1
#define SEGC_NOMEM 7
#define SEGC_CONSTRAINT 19
#define SEGC_DONE 101
#define SEGC_EQ 2
#define SEGC_INNOCUOUS 2
#define SEGC_TRANSIENT ((void (*)(void *)) - 1)
#define SEGC_STATIC ((void (*)(void *))0)
#define SEGC_UTF8 1
#define SEGC_FN_INNOCUOUS 0x000200000
#define SEGC_INTEGER 1
#define SEGC_FLOAT 2
#define SEGC_TEXT 3

/* keysetType tags the bound pointer, so no other pointer can be read as a
 * key set. */
static const char keysetType[] = "segc_keyset";

/* keyset is the bound set: n ints, then m texts, and ncol text columns:
 * column c of row r is dictionary entry codes[c * (n + m) + r], the text
 * dbuf[dends[e-1]..dends[e]) (from 0 for e = 0). sorted is set when the
 * ints and the texts each ascend strictly (texts bytewise), which
 * segc_has needs to search them. */
typedef struct {
	const long long *ints;
	int n;
	const char *buf;
	const long long *ends;
	int m;
	int ncol;
	const int *codes;
	const char *dbuf;
	const long long *dends;
	int sorted;
} keyset;

/* The columns of segc_keys: the key, its position, SEGC_KEY_COLUMNS text
 * columns c0, c1, ... (NULL beyond the bound ones), the hidden set. */
enum { colValue, colI, colC0, colSet = colC0 + SEGC_KEY_COLUMNS };

typedef struct {
	sqlite3_vtab_cursor base;
	const keyset *set;
	int i;
} cursor;

static int keysConnect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, i, c0, c1, c2, c3, set_ HIDDEN)");
	if (rc != SEGC_OK) {
		return rc;
	}
	sqlite3_vtab *t = sqlite3_malloc(sizeof *t);
	if (t == NULL) {
		return SEGC_NOMEM;
	}
	memset(t, 0, sizeof *t);
	sqlite3_vtab_config(db, SEGC_INNOCUOUS);
	*out = t;
	return SEGC_OK;
}

static int keysDisconnect(sqlite3_vtab *t) {
	sqlite3_free(t);
	return SEGC_OK;
}

/* keysBestIndex requires the set argument: without it there is no plan. */
static int keysBestIndex(sqlite3_vtab *t, sqlite3_index_info *info) {
	for (int i = 0; i < info->nConstraint; i++) {
		struct segc_constraint *c = &info->aConstraint[i];
		if (c->iColumn == colSet && c->op == SEGC_EQ && c->usable) {
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->idxNum = 1;
			info->estimatedCost = 1000;
			info->estimatedRows = 1000;
			return SEGC_OK;
		}
	}
	return SEGC_CONSTRAINT;
}

static int keysOpen(sqlite3_vtab *t, sqlite3_vtab_cursor **out) {
	cursor *c = sqlite3_malloc(sizeof *c);
	if (c == NULL) {
		return SEGC_NOMEM;
	}
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SEGC_OK;
}

static int keysClose(sqlite3_vtab_cursor *c) {
	sqlite3_free(c);
	return SEGC_OK;
}

static int keysFilter(sqlite3_vtab_cursor *base, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
	cursor *c = (cursor *)base;
	c->set = argc > 0 ? sqlite3_value_pointer(argv[0], keysetType) : NULL;
	c->i = 0;
	return SEGC_OK;
}

static int keysNext(sqlite3_vtab_cursor *base) {
	((cursor *)base)->i++;
	return SEGC_OK;
}

static int keysEof(sqlite3_vtab_cursor *base) {
	cursor *c = (cursor *)base;
	return c->set == NULL || c->i >= c->set->n + c->set->m;
}

/* textColumn returns row i's text in column col - colC0, or NULL when that
 * column is not bound. The dictionary outlives the statement's step, so
 * SQLite need not copy the text. */
static void textColumn(const keyset *s, sqlite3_context *ctx, int i, int col) {
	int k = col - colC0;
	if (k >= s->ncol) {
		sqlite3_result_null(ctx);
		return;
	}
	int e = s->codes[(long long)k * (s->n + s->m) + i];
	long long start = e > 0 ? s->dends[e - 1] : 0;
	sqlite3_result_text64(ctx, s->dbuf + start, (sqlite3_uint64)(s->dends[e] - start), SEGC_STATIC, SEGC_UTF8);
}

static int keysColumn(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int col) {
	cursor *c = (cursor *)base;
	const keyset *s = c->set;
	int i = c->i;
	if (col >= colC0 && col < colSet) {
		textColumn(s, ctx, i, col);
	} else if (col == colI) {
		sqlite3_result_int64(ctx, i);
	} else if (col == colValue && i < s->n) {
		sqlite3_result_int64(ctx, s->ints[i]);
	} else if (col == colValue) {
		int j = i - s->n;
		long long start = j > 0 ? s->ends[j - 1] : 0;
		sqlite3_result_text64(ctx, s->buf + start, (sqlite3_uint64)(s->ends[j] - start), SEGC_TRANSIENT, SEGC_UTF8);
	}
	return SEGC_OK;
}

static int keysRowid(sqlite3_vtab_cursor *base, sqlite3_int64 *out) {
	*out = ((cursor *)base)->i;
	return SEGC_OK;
}

static const sqlite3_module keysModule = {
	.iVersion = 1,
	.xConnect = keysConnect,
	.xBestIndex = keysBestIndex,
	.xDisconnect = keysDisconnect,
	.xOpen = keysOpen,
	.xClose = keysClose,
	.xFilter = keysFilter,
	.xNext = keysNext,
	.xEof = keysEof,
	.xColumn = keysColumn,
	.xRowid = keysRowid,
};

/* hasInt reports whether the ascending s->ints hold v. */
static int hasInt(const keyset *s, long long v) {
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->ints[mid] < v) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < s->n && s->ints[lo] == v;
}

/* compareText orders text j of s against t (len bytes) as SQLite's BINARY
 * collation does: bytewise, a prefix first. */
static int compareText(const keyset *s, int j, const char *t, long long len) {
	long long start = j > 0 ? s->ends[j - 1] : 0;
	long long klen = s->ends[j] - start;
	int c = memcmp(s->buf + start, t, (size_t)(klen < len ? klen : len));
	if (c != 0) {
		return c;
	}
	return (klen > len) - (klen < len);
}

/* hasText reports whether the ascending texts of s hold t. */
static int hasText(const keyset *s, const char *t, long long len) {
	int lo = 0, hi = s->m;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (compareText(s, mid, t, len) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < s->m && compareText(s, lo, t, len) == 0;
}

/* hasValue reports whether s holds a key equal to v, as v = key would
 * compare with no affinity applied: an integer or a real equal to one of
 * the int keys, or a text equal to one of the text keys. */
static int hasValue(const keyset *s, sqlite3_value *v) {
	switch (sqlite3_value_type(v)) {
	case SEGC_INTEGER:
		return hasInt(s, sqlite3_value_int64(v));
	case SEGC_FLOAT: {
		double d = sqlite3_value_double(v);
		if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
			return 0;
		}
		long long i = (long long)d;
		return (double)i == d && hasInt(s, i);
	}
	case SEGC_TEXT: {
		const char *t = (const char *)sqlite3_value_text(v);
		return t != NULL && hasText(s, t, sqlite3_value_bytes(v));
	}
	}
	return 0;
}

/* hasFunc is segc_has(set, x): 1 when x equals one of the bound set's
 * keys, else 0; NULL when set is not a bound key set. */
static void hasFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	const keyset *s = sqlite3_value_pointer(argv[0], keysetType);
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!s->sorted) {
		sqlite3_result_error(ctx, "segc_has needs its keys in ascending order, without duplicates", -1);
		return;
	}
	sqlite3_result_int(ctx, hasValue(s, argv[1]));
}

/* segc_register_keys makes segc_keys (an eponymous table-valued function:
 * xCreate is NULL) and segc_has available on db. */
int segc_register_keys(sqlite3 *db) {
	int rc = sqlite3_create_module_v2(db, "segc_keys", &keysModule, NULL, NULL);
	if (rc != SEGC_OK) {
		return rc;
	}
	return sqlite3_create_function_v2(db, "segc_has", 2, SEGC_UTF8 | SEGC_FN_INNOCUOUS, NULL, hasFunc, NULL, NULL, NULL);
}

int segc_exec_keyset(sqlite3_stmt *st, int idx, const long long *ints, int n,
                     const char *buf, const long long *ends, int m, int sorted,
                     int ncol, const int *codes, const char *dbuf, const long long *dends) {
	keyset set = {ints, n, buf, ends, m, ncol, codes, dbuf, dends, sorted};
	int rc = sqlite3_bind_pointer(st, idx, &set, keysetType, NULL);
	if (rc != SEGC_OK) {
		return rc;
	}
	rc = sqlite3_step(st);
	if (rc != SEGC_DONE) {
		/* Left as is, so that the caller reads the error and finalizes
		 * st (unbinding would clear the error); SQLite never reads the
		 * stale pointer. */
		return rc;
	}
	sqlite3_reset(st);
	sqlite3_bind_null(st, idx);
	return rc;
}
