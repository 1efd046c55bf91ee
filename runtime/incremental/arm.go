package incremental

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/load"
)

// schemaDDL creates the state tables. The log's seq is AUTOINCREMENT:
// pruning empties the log, and reused sequence numbers would hide changes
// below the stored mark.
var schemaDDL = []string{
	`CREATE TABLE IF NOT EXISTS segc_inc_meta(name TEXT PRIMARY KEY, value)`,
	`CREATE TABLE IF NOT EXISTS segc_inc_blobs(name TEXT PRIMARY KEY, v BLOB)`,
	`CREATE TABLE IF NOT EXISTS segc_inc_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, key)`,
}

// armed is what arming observed: the change log's mark, each log's new
// HWM (by log index), and whether every trigger was already in place.
type armed struct {
	mark   int64
	hwm    []int64
	intact bool
}

// watched is one table the triggers watch.
type watched struct {
	table, key string
	events     bool
	log        int
}

// watchedTables lists the entities table and the event logs with
// aggregates.
func watchedTables(p *plan.Plan) []watched {
	out := []watched{{table: p.Entities.SQLTable, key: p.Entities.Key, log: -1}}
	for _, l := range p.Logs {
		if len(logAggs(p, l.Index)) > 0 {
			out = append(out, watched{table: l.SQLTable, key: l.Key, events: true, log: l.Index})
		}
	}
	return out
}

// triggerName names one of segc's triggers on a table.
func triggerName(table, op string) string { return "segc_inc_" + table + "_" + op }

// arm installs or refreshes the triggers and reads the marks in one
// transaction. When a trigger was missing, the stored state is deleted.
func arm(ctx context.Context, db *sql.DB, p *plan.Plan) (*armed, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return nil, fmt.Errorf("arming the change triggers: %w", err)
	}
	a, err := armIn(ctx, conn, p)
	if err == nil {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return a, nil
		}
	}
	conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	return nil, fmt.Errorf("arming the change triggers: %w", err)
}

func armIn(ctx context.Context, conn *sql.Conn, p *plan.Plan) (*armed, error) {
	for _, ddl := range schemaDDL {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return nil, err
		}
	}
	a := &armed{hwm: make([]int64, len(p.Logs)), intact: true}
	for _, w := range watchedTables(p) {
		ok, err := hasTriggers(ctx, conn, w.table)
		if err != nil {
			return nil, err
		}
		a.intact = a.intact && ok
		var hwm int64 // the entities table's triggers ignore it
		if w.events {
			if hwm, err = maxRowid(ctx, conn, w.table); err != nil {
				return nil, err
			}
			a.hwm[w.log] = hwm
		}
		if err := install(ctx, conn, w, hwm); err != nil {
			return nil, err
		}
	}
	if !a.intact {
		if err := dropState(ctx, conn); err != nil {
			return nil, err
		}
	}
	mark, err := logMark(ctx, conn)
	a.mark = mark
	return a, err
}

// logMark reads the change log's mark: the last sequence number it ever
// gave (AUTOINCREMENT's), not its largest row, which falls to 0 once a
// save prunes the log. Marks thus only grow, so comparing two runs'
// marks says which armed later.
func logMark(ctx context.Context, conn *sql.Conn) (int64, error) {
	var mark int64
	err := conn.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'segc_inc_log'`).Scan(&mark)
	return mark, err
}

// hasTriggers reports whether all three triggers exist on table.
func hasTriggers(ctx context.Context, conn *sql.Conn, table string) (bool, error) {
	var n int
	err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1
		AND name IN (?2, ?3, ?4)`, table, triggerName(table, "ins"), triggerName(table, "upd"), triggerName(table, "del")).Scan(&n)
	return n == 3, err
}

// maxRowid reads the table's largest rowid (0 when empty).
func maxRowid(ctx context.Context, conn *sql.Conn, table string) (int64, error) {
	var hi sql.NullInt64
	err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT max(rowid) FROM %s", load.Quote(table))).Scan(&hi)
	return hi.Int64, err
}

// install (re)creates the three triggers of one table. On an event log
// the insert trigger fires only for rowids at or below hwm.
func install(ctx context.Context, conn *sql.Conn, w watched, hwm int64) error {
	t, k := load.Quote(w.table), load.Quote(w.key)
	name := func(op string) string { return load.Quote(triggerName(w.table, op)) }
	logRow := func(ref string) string {
		return fmt.Sprintf("INSERT INTO segc_inc_log(tbl, key) VALUES (%s, %s.%s);", sqlString(w.table), ref, k)
	}
	when := ""
	if w.events {
		when = fmt.Sprintf(" WHEN NEW.rowid <= %d", hwm)
	}
	stmts := []string{
		"DROP TRIGGER IF EXISTS " + name("ins"),
		fmt.Sprintf("CREATE TRIGGER %s AFTER INSERT ON %s%s BEGIN %s END", name("ins"), t, when, logRow("NEW")),
		fmt.Sprintf("CREATE TRIGGER IF NOT EXISTS %s AFTER UPDATE ON %s BEGIN %s %s END", name("upd"), t, logRow("OLD"), logRow("NEW")),
		fmt.Sprintf("CREATE TRIGGER IF NOT EXISTS %s AFTER DELETE ON %s BEGIN %s END", name("del"), t, logRow("OLD")),
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	out := []byte{'\''}
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, '\'')
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

// dropState forgets the stored state but its version: versions never
// repeat, so a run that loaded a dropped state cannot take a later one
// for it.
func dropState(ctx context.Context, conn *sql.Conn) error {
	for _, s := range []string{`DELETE FROM segc_inc_meta WHERE name <> 'version'`, `DELETE FROM segc_inc_blobs`} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
