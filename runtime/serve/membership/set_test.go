package membership

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// storedDB holds segc_members rows for segments a (keys 3, 1, 10) and
// a.holdout (key 2), b (none) and text keys when str.
func storedDB(t *testing.T, rows [][3]any) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := store.EnsureSchema(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := db.Exec(`INSERT INTO segc_members VALUES (?, ?, ?)`, r[0], r[1], r[2]); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec(`INSERT INTO segc_changes VALUES (1, '2026-06-01 00:00:00', 'a', NULL, 'baseline'), (2, '2026-06-02 00:00:00', 'a', 3, 'enter')`)
	return db
}

func testPlan(kind types.Kind) *plan.Plan {
	return &plan.Plan{Hash: "h", KeyType: types.Of(kind), Segments: []*plan.Segment{
		{Index: 0, Name: "a", Parent: -1, Holdout: 1000, Description: "the a's"},
		{Index: 1, Name: "b", Parent: 0},
	}}
}

func TestLoadLookupPage(t *testing.T) {
	db := storedDB(t, [][3]any{{"a", 3, "2026-06-02 00:00:00"}, {"a", 1, "2026-06-01 00:00:00"}, {"a", 10, "2026-06-01 00:00:00"},
		{"a.holdout", 2, "2026-06-01 00:00:00"}})
	for _, popKeys := range [][]int64{{10, 3, 2, 1, 4}, nil} { // with a population, and without one (every lookup searches)
		set, err := Load(context.Background(), db, Info{RunID: 2, AsOf: time.Unix(0, 0), Plan: testPlan(types.Int),
			Population: store.Keys{Ints: popKeys}, Stored: []string{"b", "a", "a.holdout"}})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(set.Names()) != "[a a.holdout b]" {
			t.Errorf("names %v", set.Names())
		}
		a, _ := set.Segment("a")
		h, _ := set.Segment("a.holdout")
		b, _ := set.Segment("b")
		if a.Size() != 3 || a.UpdatedAt != "2026-06-02 00:00:00" || a.Description != "the a's" || h.Kind != "holdout" || h.Parent != "a" || b.Parent != "a" {
			t.Errorf("segments: %+v %+v %+v", a, h, b)
		}
		for _, tt := range []struct {
			key   int64
			want  string
			known bool
		}{
			{3, "[{a 2026-06-02 00:00:00}]", true},
			{2, "[{a.holdout 2026-06-01 00:00:00}]", true},
			{4, "[]", popKeys != nil},
			{99, "[]", false},
		} {
			ms, known := set.Lookup(tt.key)
			if fmt.Sprint(ms) != tt.want && !(ms == nil && tt.want == "[]") || known != tt.known {
				t.Errorf("pop %v: Lookup(%d) = %v %v, want %s %v", popKeys, tt.key, ms, known, tt.want, tt.known)
			}
		}
		var all []any
		var after any
		for {
			page, more := set.Page(a, after, 2)
			for _, m := range page {
				all = append(all, m.ID)
			}
			if !more {
				break
			}
			after = page[len(page)-1].ID
		}
		if fmt.Sprint(all) != "[1 3 10]" {
			t.Errorf("paged %v, want keys in numeric order", all)
		}
		if page, more := set.Page(a, int64(5), 10); fmt.Sprint(page) != "[{10 2026-06-01 00:00:00}]" || more {
			t.Errorf("page after a key that is not a member: %v %v", page, more)
		}
	}
}

func TestStringKeys(t *testing.T) {
	db := storedDB(t, [][3]any{{"a", "b", "s"}, {"a", "B", "s"}, {"a", "é", "s"}})
	set, err := Load(context.Background(), db, Info{Plan: testPlan(types.String), Population: store.Keys{Strs: []string{"é", "b", "B", "z"}}, Stored: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := set.Segment("a")
	if page, _ := set.Page(a, nil, 10); fmt.Sprint(page) != "[{B s} {b s} {é s}]" {
		t.Errorf("page %v, want bytewise order", page)
	}
	if ms, known := set.Lookup("z"); len(ms) != 0 || !known {
		t.Errorf("z: %v %v", ms, known)
	}
	if _, err := Load(context.Background(), db, Info{Plan: testPlan(types.Int), Stored: []string{"a"}}); err == nil {
		t.Error("text keys loaded for an int key type")
	}
}

func TestParseKey(t *testing.T) {
	for _, tt := range []struct {
		kind types.Kind
		text string
		ok   bool
	}{
		{types.Int, "42", true}, {types.Int, "-7", true}, {types.Int, "4.2", false}, {types.Int, "", false},
		{types.Int, "99999999999999999999", false}, {types.String, "abc", true}, {types.String, "", false},
		{types.String, "\xff", false},
	} {
		if _, err := ParseKey(types.Of(tt.kind), tt.text); (err == nil) != tt.ok {
			t.Errorf("ParseKey(%v, %q) error %v, want ok=%v", tt.kind, tt.text, err, tt.ok)
		}
	}
}
