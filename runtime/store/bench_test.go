package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// cpuTime is the process's user+system CPU time; on a shared, loaded
// machine it is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports CPU ms per op of the timed work measured into used.
func reportCPU(b *testing.B, used time.Duration) {
	b.ReportMetric(float64(used.Milliseconds())/float64(b.N), "cpu-ms/op")
}

const (
	benchEntities = 1_000_000
	benchSegments = 6 // of half the population each: 3M member rows
)

// benchOutcome gives segment s the entities i with (i+s)%2 == 0, shifted by
// the set of every hundredth entity when flip is set (a 1% change).
func benchOutcome(keys Keys, flip bool) *Outcome {
	out := &Outcome{Keys: keys}
	for s := range benchSegments {
		var m []int32
		for i := range int32(benchEntities) {
			in := (int(i)+s)%2 == 0
			if flip && i%100 == 0 {
				in = !in
			}
			if in {
				m = append(m, i)
			}
		}
		out.Segments = append(out.Segments, SegmentMembers{Name: fmt.Sprintf("segment_%d", s), Members: m})
	}
	return out
}

func intKeys() Keys {
	k := Keys{Ints: make([]int64, benchEntities)}
	for i := range k.Ints {
		k.Ints[i] = int64(i + 1)
	}
	return k
}

func strKeys() Keys {
	k := Keys{Strs: make([]string, benchEntities)}
	for i := range k.Strs {
		k.Strs[i] = fmt.Sprintf("cust-%08d", i*7919%benchEntities)
	}
	return k
}

// BenchmarkCommitCold writes 3M member rows into a database without segc
// tables, in WAL mode and with a rollback journal.
func BenchmarkCommitCold(b *testing.B) {
	wal, rollback := "_journal_mode=WAL&_synchronous=NORMAL", "_journal_mode=DELETE&_synchronous=NORMAL"
	for _, kc := range []struct {
		name, dsn string
		keys      Keys
	}{{"int", wal, intKeys()}, {"int_rollback_journal", rollback, intKeys()}, {"string", wal, strKeys()}} {
		b.Run(kc.name, func(b *testing.B) {
			out := benchOutcome(kc.keys, false)
			var used time.Duration
			for b.Loop() {
				b.StopTimer()
				db := openDBWith(b, kc.dsn)
				b.StartTimer()
				t0 := cpuTime()
				if _, err := Commit(context.Background(), db, runAt(1), out); err != nil {
					b.Fatal(err)
				}
				used += cpuTime() - t0
			}
			reportCPU(b, used)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(benchSegments*benchEntities/2), "ns/row")
		})
	}
}

// BenchmarkCommitWarm commits, over 3M stored member rows, outcomes that
// each differ from the stored one by 1% of every segment.
func BenchmarkCommitWarm(b *testing.B) {
	outs := []*Outcome{benchOutcome(intKeys(), false), benchOutcome(intKeys(), true)}
	db := openDB(b)
	ctx := context.Background()
	if _, err := Commit(ctx, db, runAt(1), outs[0]); err != nil {
		b.Fatal(err)
	}
	i := 0
	t0 := cpuTime()
	for b.Loop() {
		i++
		sum, err := Commit(ctx, db, runAt(2), outs[i%2])
		if err != nil {
			b.Fatal(err)
		}
		if c := sum.Segments[0]; c.Entered+c.Exited != benchEntities/100 {
			b.Fatalf("changes = %+v", c)
		}
	}
	reportCPU(b, cpuTime()-t0)
}

// BenchmarkCommitWarmRollback is BenchmarkCommitWarm with a rollback
// journal and full syncs, as segc run commits, through the default VFS
// and through JournalVFS: each commit journals and rewrites pages all
// over segc_members.
func BenchmarkCommitWarmRollback(b *testing.B) {
	vfs, err := JournalVFS()
	if err != nil {
		b.Fatal(err)
	}
	outs := []*Outcome{benchOutcome(intKeys(), false), benchOutcome(intKeys(), true)}
	for _, v := range []struct{ name, dsn string }{{"default_vfs", ""}, {"journal_vfs", "&vfs=" + vfs}} {
		b.Run(v.name, func(b *testing.B) {
			db := openDBWith(b, "_journal_mode=DELETE"+v.dsn)
			ctx := context.Background()
			if _, err := Commit(ctx, db, runAt(1), outs[0]); err != nil {
				b.Fatal(err)
			}
			i := 0
			t0 := cpuTime()
			for b.Loop() {
				i++
				if _, err := Commit(ctx, db, runAt(2), outs[i%2]); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpuTime()-t0)
		})
	}
}

// BenchmarkPreviewWarm is the read and diff half of a warm commit.
func BenchmarkPreviewWarm(b *testing.B) {
	db := openDB(b)
	ctx := context.Background()
	if _, err := Commit(ctx, db, runAt(1), benchOutcome(intKeys(), false)); err != nil {
		b.Fatal(err)
	}
	out := benchOutcome(intKeys(), true)
	t0 := cpuTime()
	for b.Loop() {
		if _, err := Preview(ctx, db, out); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpuTime()-t0)
}

// BenchmarkLoadLayout compares ways to bulk-load 3M (segment, entity_id,
// since) rows, to justify the one Commit uses (a bound key set into the
// WITHOUT ROWID table, in key order).
func BenchmarkLoadLayout(b *testing.B) {
	layouts := []struct {
		name, ddl, insert, after string
		perRow                   int // rows per multi-row VALUES statement; 0 = a JSON array, -1 = a key set
	}{
		{"withoutrowid_keyset", memberDDL + " WITHOUT ROWID", sqlInsertMembers, "", -1},
		{"withoutrowid_json", memberDDL + " WITHOUT ROWID", jsonInsertMembers, "", 0},
		{"rowid_json_then_index", `CREATE TABLE segc_members(segment TEXT, entity_id, since TEXT)`, jsonInsertMembers,
			`CREATE UNIQUE INDEX m ON segc_members(segment, entity_id)`, 0},
		{"withoutrowid_values500", memberDDL + " WITHOUT ROWID", "", "", 500},
		{"withoutrowid_values1", memberDDL + " WITHOUT ROWID", "", "", 1},
	}
	keys := make([]int64, benchEntities/2)
	for i := range keys {
		keys[i] = int64(2 * i)
	}
	for _, l := range layouts {
		b.Run(l.name, func(b *testing.B) {
			var used time.Duration
			for b.Loop() {
				b.StopTimer()
				db := openDB(b)
				mustExec(b, db, l.ddl)
				b.StartTimer()
				t0 := cpuTime()
				loadLayout(b, db, l.insert, l.perRow, keys)
				if l.after != "" {
					mustExec(b, db, l.after)
				}
				used += cpuTime() - t0
			}
			reportCPU(b, used)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(benchSegments*benchEntities/2), "ns/row")
		})
	}
}

const memberDDL = `CREATE TABLE segc_members(segment TEXT NOT NULL, entity_id NOT NULL, since TEXT NOT NULL,
	PRIMARY KEY (segment, entity_id))`

// jsonInsertMembers is how Commit inserted members before key sets: a
// JSON array of keys expanded by json_each.
const jsonInsertMembers = `INSERT INTO segc_members(segment, entity_id, since)
	SELECT ?1, value, ?2 FROM json_each(?3)`

// appendJSONInts appends ints as a JSON array.
func appendJSONInts(b []byte, ints []int64) []byte {
	b = append(b, '[')
	for i, v := range ints {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	return append(b, ']')
}

func loadLayout(b *testing.B, db *sql.DB, insert string, perRow int, keys []int64) {
	ctx := context.Background()
	if perRow < 0 {
		loadKeySet(b, db, insert, keys)
		return
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	if perRow == 0 {
		loadJSON(b, tx, insert, keys)
	} else {
		loadValues(b, tx, perRow, keys)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// loadKeySet inserts each segment's keys as one bound key set.
func loadKeySet(b *testing.B, db *sql.DB, insert string, keys []int64) {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// A plain transaction, as the other layouts get (withTx would also
	// raise the page cache).
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		b.Fatal(err)
	}
	for s := range benchSegments {
		args := []any{fmt.Sprintf("segment_%d", s), "2026-06-01 00:00:00"}
		if err := sqlbatch.ExecKeys(ctx, conn, insert, args, sqlbatch.Keys{Ints: keys}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		b.Fatal(err)
	}
}

func loadJSON(b *testing.B, tx *sql.Tx, insert string, keys []int64) {
	st, err := tx.Prepare(insert)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	for s := range benchSegments {
		for i := 0; i < len(keys); i += chunkKeys {
			buf = appendJSONInts(buf[:0], keys[i:min(i+chunkKeys, len(keys))])
			if _, err := st.Exec(fmt.Sprintf("segment_%d", s), "2026-06-01 00:00:00", string(buf)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func loadValues(b *testing.B, tx *sql.Tx, perRow int, keys []int64) {
	q := "INSERT INTO segc_members VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?),", perRow), ",")
	st, err := tx.Prepare(q)
	if err != nil {
		b.Fatal(err)
	}
	args := make([]any, 0, 3*perRow)
	for s := range benchSegments {
		name := fmt.Sprintf("segment_%d", s)
		for i := 0; i+perRow <= len(keys); i += perRow {
			args = args[:0]
			for _, k := range keys[i : i+perRow] {
				args = append(args, name, k, "2026-06-01 00:00:00")
			}
			if _, err := st.Exec(args...); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func mustExec(b *testing.B, db *sql.DB, q string) {
	if _, err := db.Exec(q); err != nil {
		b.Fatal(err)
	}
}
