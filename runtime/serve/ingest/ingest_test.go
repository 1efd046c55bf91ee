package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// testLog is `events clicks key user time at id click_id { page string
// weight float? n int? ok bool? seen time? }` over table "click log".
func testLog(keyKind types.Kind) *plan.EventLog {
	return &plan.EventLog{Name: "clicks", SQLTable: `click "log"`, Key: "user", KeyType: types.Of(keyKind), Time: "at", ID: "click_id",
		Columns: []*plan.EventColumn{
			{Name: "page", Type: types.Of(types.String)},
			{Name: "weight", Type: types.Type{Kind: types.Float, Nullable: true}},
			{Name: "n", Type: types.Type{Kind: types.Int, Nullable: true}},
			{Name: "ok", Type: types.Type{Kind: types.Bool, Nullable: true}},
			{Name: "seen", Type: types.Type{Kind: types.Time, Nullable: true}},
			{Name: "at", Type: types.Of(types.Time)},
		}}
}

func openDB(t testing.TB, timeType string) *sql.DB {
	t.Helper()
	return openDSN(t, filepath.Join(t.TempDir(), "t.db"), timeType)
}

// openDSN opens dsn and creates the click log's table.
func openDSN(t testing.TB, dsn, timeType string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ddl := fmt.Sprintf(`CREATE TABLE "click ""log"""(click_id, user, at %s, page TEXT, weight REAL, n INTEGER, ok INTEGER, seen TEXT)`, timeType)
	if _, err := db.Exec(ddl); err != nil {
		t.Fatal(err)
	}
	return db
}

func decodeObjects(t testing.TB, text string) []map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var objs []map[string]any
	if err := dec.Decode(&objs); err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestDecode(t *testing.T) {
	db := openDB(t, "TEXT")
	s, err := NewSchema(context.Background(), db, testLog(types.Int))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, obj string
		want      string // the values, or the errors as field: message fragment
	}{
		{"minimal", `{"user": 1, "at": "2026-06-30T14:00:00+02:00", "click_id": "c1", "page": "/"}`,
			"[1 2026-06-30 12:00:00 c1 / <nil> <nil> <nil> <nil>]"},
		{"everything", `{"user": 2, "at": 1782813600, "click_id": 7, "page": "/a", "weight": 1.5, "n": 3, "ok": true, "seen": "2026-06-29 08:00:00"}`,
			"[2 2026-06-30 10:00:00 7 /a 1.5 3 1 2026-06-29 08:00:00]"},
		{"nulls for nullable", `{"user": 3, "at": "2026-06-30 10:00:00", "click_id": "c3", "page": "/", "weight": null, "ok": null}`,
			"[3 2026-06-30 10:00:00 c3 / <nil> <nil> <nil> <nil>]"},
		{"key type", `{"user": "3", "at": "2026-06-30 10:00:00", "click_id": "c", "page": "/"}`, "user: the entity key must be an integer"},
		{"time text", `{"user": 3, "at": "30/06/2026", "click_id": "c", "page": "/"}`, `at: "30/06/2026" is not a time`},
		{"time fraction", `{"user": 3, "at": 1.5, "click_id": "c", "page": "/"}`, "at: 1.5 is not a time"},
		{"missing id", `{"user": 3, "at": 0, "page": "/"}`, "click_id: the event id is required"},
		{"empty id", `{"user": 3, "at": 0, "click_id": "", "page": "/"}`, "click_id: the event id must not be empty"},
		{"missing required", `{"user": 3, "at": 0, "click_id": "c"}`, "page: required"},
		{"wrong types", `{"user": 3, "at": 0, "click_id": "c", "page": 1, "weight": "x", "n": 1.5, "ok": 1, "seen": true}`,
			"page: the value must be a string; weight: expected a number; n: 1.5 is not a 64-bit integer; ok: expected true or false; seen: a time must be text"},
		{"unknown", `{"user": 3, "at": 0, "click_id": "c", "page": "/", "Page": "/"}`, `Page: event log clicks declares no column "Page"`},
		{"huge float", `{"user": 3, "at": 0, "click_id": "c", "page": "/", "weight": 1e999}`, "weight: 1e999 is not a finite number"},
	}
	for _, tt := range tests {
		evs, errs := s.Decode(decodeObjects(t, "["+tt.obj+"]"))
		var got string
		if len(errs) > 0 {
			var parts []string
			for _, e := range errs {
				parts = append(parts, e.Field+": "+e.Message)
			}
			got = strings.Join(parts, "; ")
			for _, frag := range strings.Split(tt.want, "; ") {
				if !strings.Contains(got, frag) {
					t.Errorf("%s: errors %q lack %q", tt.name, got, frag)
				}
			}
			continue
		}
		if got = fmt.Sprint(evs[0].Values); got != tt.want {
			t.Errorf("%s: values %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestStringKeysAndIntegerTimes(t *testing.T) {
	db := openDB(t, "INTEGER")
	s, err := NewSchema(context.Background(), db, testLog(types.String))
	if err != nil {
		t.Fatal(err)
	}
	evs, errs := s.Decode(decodeObjects(t, `[{"user": "u1", "at": "2026-06-30T12:00:00Z", "click_id": "c", "page": "/"}]`))
	if len(errs) > 0 || fmt.Sprint(evs[0].Values[:2]) != "[u1 1782820800]" {
		t.Errorf("got %v %v, want the key as text and the time as Unix seconds", evs, errs)
	}
	if _, errs := s.Decode(decodeObjects(t, `[{"user": 1, "at": 0, "click_id": "c", "page": "/"}]`)); len(errs) != 1 || errs[0].Field != "user" {
		t.Errorf("an integer for a string key: %v", errs)
	}
}

func TestInsertIdempotent(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, "TEXT")
	log := testLog(types.Int)
	if err := EnsureIDIndex(ctx, db, log); err != nil {
		t.Fatal(err)
	}
	if scans, err := lookupScans(ctx, db, log); err != nil || scans {
		t.Errorf("after EnsureIDIndex a lookup by id still scans (%v)", err)
	}
	s, err := NewSchema(ctx, db, log)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(db)
	insert := func(text string) (Result, error) {
		evs, errs := s.Decode(decodeObjects(t, text))
		if len(errs) > 0 {
			t.Fatalf("decode %s: %v", text, errs)
		}
		return w.Insert(ctx, s, evs)
	}
	a := `{"user": 1, "at": "2026-06-30 10:00:00", "click_id": "a", "page": "/", "weight": 2, "ok": false}`
	same := `{"user": 1, "at": "2026-06-30T12:00:00+02:00", "click_id": "a", "page": "/", "weight": 2.0, "ok": false}`
	other := `{"user": 1, "at": "2026-06-30 10:00:00", "click_id": "a", "page": "/b", "weight": 2, "ok": false}`
	b := `{"user": 2, "at": 0, "click_id": "b", "page": "/"}`
	if res, err := insert("[" + a + "," + b + "]"); err != nil || res != (Result{Inserted: 2}) {
		t.Fatalf("first insert: %+v %v", res, err)
	}
	if res, err := insert("[" + same + "]"); err != nil || res != (Result{Duplicates: 1}) {
		t.Errorf("resend: %+v %v", res, err)
	}
	_, err = insert(`[{"user": 3, "at": 0, "click_id": "c", "page": "/"},` + other + "]")
	var conflict *ConflictError
	if !errors.As(err, &conflict) || len(conflict.Conflicts) != 1 || conflict.Conflicts[0].Index != 1 {
		t.Errorf("conflict: %v", err)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM "click ""log"""`).Scan(&n)
	if n != 2 {
		t.Errorf("%d rows stored, want 2: the conflicting batch must store nothing", n)
	}
}
