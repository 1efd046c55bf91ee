package demo

// schemaSQL creates the two bench tables of bench.md, without indexes.
const schemaSQL = `
CREATE TABLE customers (
  customer_id      INTEGER PRIMARY KEY,
  first_seen       TEXT NOT NULL,
  country          TEXT NOT NULL,
  email_opt_in     INTEGER NOT NULL,
  sessions_30d     INTEGER NOT NULL,
  clicks_30d       INTEGER NOT NULL,
  opens_30d        INTEGER NOT NULL,
  engagement_score REAL
);
CREATE TABLE events (
  event_id    INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  ts          TEXT NOT NULL,
  type        TEXT NOT NULL,
  amount      REAL
);`

// indexSQL is created after loading: building it once is much faster than
// maintaining it row by row.
const indexSQL = `CREATE INDEX events_customer_ts ON events(customer_id, ts)`

// fastLoadPragmas trade durability for speed: the file is built under a
// temporary name and renamed only after a successful build, so a crash
// never leaves a half-written database under the real name.
func fastLoadPragmas() []string {
	return []string{
		"PRAGMA journal_mode=OFF",
		"PRAGMA synchronous=OFF",
		"PRAGMA locking_mode=EXCLUSIVE",
		"PRAGMA temp_store=MEMORY",
		"PRAGMA threads=2",
		"PRAGMA cache_size=-131072",
	}
}

// customerColumns are the inserted customers columns, in bind order.
func customerColumns() []string {
	return []string{"customer_id", "first_seen", "country", "email_opt_in",
		"sessions_30d", "clicks_30d", "opens_30d", "engagement_score"}
}

// eventColumns are the inserted events columns, in bind order; event_id is
// the rowid, assigned in insertion order.
func eventColumns() []string { return []string{"customer_id", "ts", "type", "amount"} }
