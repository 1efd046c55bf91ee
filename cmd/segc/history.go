package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

const historyExamples = `
  segc history --db segc-demo.db --entity 42
  segc history --db segc-demo.db --segment stage.lapsed --since 2026-06-01
`

// runHistory implements `segc history`: who entered and left, and when.
func runHistory(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("history", "--db DB (--entity ID | --segment NAME [--since T])", historyExamples, std)
	dbPath := fs.String("db", "", "SQLite database segc runs wrote to (required)")
	entity := fs.String("entity", "", "show every membership change of this entity")
	segment := fs.String("segment", "", "show every entry and exit of this segment")
	sinceText := fs.String("since", "", "with --segment: only changes at or after this instant")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *dbPath == "" || (*entity == "") == (*segment == "") {
		return usageError(fs, "give --db and exactly one of --entity and --segment")
	}
	since := time.Time{}
	if *sinceText != "" {
		var err error
		if since, err = parseInstant("since", *sinceText, time.Time{}); err != nil {
			return usageError(fs, "%v", err)
		}
	}
	db, err := openExistingDB(ctx, *dbPath, true)
	if err != nil {
		fmt.Fprintf(std.err, "segc history: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	if *entity != "" {
		err = entityHistory(ctx, db, *entity, std)
	} else {
		err = segmentHistory(ctx, db, *segment, since, std)
	}
	if err != nil {
		fmt.Fprintf(std.err, "segc history: %v\n", err)
		return exitFindings
	}
	return exitOK
}

// entityArgs gives the key both as text and, when it reads as one, as an
// integer: segc keeps keys as the source table holds them.
func entityArgs(id string) []any {
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		return []any{n, id}
	}
	return []any{id, id}
}

// sqlEntityHistory lists an entity's entries and exits, and, for each
// segment whose first run wrote a single baseline row, a `baseline` row
// at that run's as-of when the entity was a member then: its first later
// change of that segment is an exit, or it has none and is a member now.
// ?1 and ?2 are the key as an integer and as text.
const sqlEntityHistory = `SELECT at, segment, change FROM (
	SELECT at, segment, change, run_id FROM segc_changes WHERE entity_id IN (?1, ?2)
	UNION ALL
	SELECT b.at, b.segment, 'baseline', b.run_id FROM segc_changes b
	WHERE b.change = 'baseline' AND coalesce(
		(SELECT c.change = 'exit' FROM segc_changes c
			WHERE c.segment = b.segment AND c.run_id > b.run_id AND c.entity_id IN (?1, ?2)
			ORDER BY c.run_id, c.change DESC LIMIT 1),
		EXISTS (SELECT 1 FROM segc_members m WHERE m.segment = b.segment AND m.entity_id IN (?1, ?2))))
	ORDER BY at, run_id, change DESC, segment`

// entityHistory prints the entity's changes, with its memberships at
// each segment's baseline, and its current memberships.
func entityHistory(ctx context.Context, db *sql.DB, id string, std stdio) error {
	a := entityArgs(id)
	rows, err := query(ctx, db, sqlEntityHistory, a...)
	if err != nil {
		return err
	}
	printTable(std.out, []string{"at", "segment", "change"}, rows)
	cur, err := query(ctx, db, `SELECT segment, since FROM segc_members WHERE entity_id IN (?, ?) ORDER BY segment`, a...)
	if err != nil {
		return err
	}
	fmt.Fprintln(std.out)
	printTable(std.out, []string{"member of", "since"}, cur)
	return nil
}

// segmentHistory prints a segment's entries and exits since a time.
func segmentHistory(ctx context.Context, db *sql.DB, segment string, since time.Time, std stdio) error {
	rows, err := query(ctx, db, `SELECT at, coalesce(entity_id, '(all members)'), change FROM segc_changes
		WHERE segment = ? AND at >= ? ORDER BY run_id, change DESC, entity_id`, segment, since.UTC().Format(time.DateTime))
	if err != nil {
		return err
	}
	printTable(std.out, []string{"at", "entity", "change"}, rows)
	return nil
}

// query returns every row as text cells.
func query(ctx context.Context, db *sql.DB, q string, args ...any) ([][]string, error) {
	rs, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the history (has segc run on this database?): %w", err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	return out, rs.Err()
}
