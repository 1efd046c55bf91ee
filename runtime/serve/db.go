package serve

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

// openDB opens the existing database in WAL mode with the given
// synchronous level. The writer gets one connection and IMMEDIATE
// transactions, so a read-then-insert never fails to upgrade its lock.
func openDB(ctx context.Context, path, syncLevel string, writer bool) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot open database %s: %v (create it with 'segc import' or 'segc demo')", path, err)
	}
	level := strings.ToUpper(syncLevel)
	if level != "NORMAL" && level != "FULL" {
		return nil, fmt.Errorf("--sync %q: use normal or full", syncLevel)
	}
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", level)
	q.Set("_foreign_keys", "off")
	if writer {
		q.Set("_txlock", "immediate")
		// Random-key inserts touch index pages all over the table: a
		// larger page cache keeps them in memory between batches.
		q.Set("_cache_size", "-65536")
	}
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	if writer {
		db.SetMaxOpenConns(1)
	}
	db.SetMaxIdleConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	return db, nil
}
