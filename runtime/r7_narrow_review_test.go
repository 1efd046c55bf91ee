package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// TestR7NarrowEqualsRowEngine: where clauses that narrow the members in
// place (a comparison with a literal, a scalar threshold or a grouped
// one, either operand order, int against float literals at 2^53, nulls,
// groups with a null key or no values) must keep exactly the members the
// row engine keeps.
func TestR7NarrowEqualsRowEngine(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE c (id INTEGER PRIMARY KEY, i INTEGER, f REAL, g TEXT)`); err != nil {
		t.Fatal(err)
	}
	big := int64(1) << 53
	ints := []any{int64(0), int64(-1), big, big + 1, big - 1, nil, int64(5), int64(7), int64(-7)}
	floats := []any{0.0, -0.5, 2.5, nil, 1e300, -1e300, 5.0, 7.25, 9007199254740992.0}
	groups := []any{"a", "b", nil, "a", "c", "b", "d", "a", "c"}
	for id := 1; id <= 1300; id++ {
		k := id * 7 % len(ints)
		if _, err := db.Exec(`INSERT INTO c VALUES (?, ?, ?, ?)`, id, ints[k], floats[(id*5)%len(floats)], groups[(id*3)%len(groups)]); err != nil {
			t.Fatal(err)
		}
	}
	var segs string
	clauses := []string{
		"i > 9007199254740992.0", "i >= 9007199254740993", "9007199254740992.0 < i", "i == 9007199254740992.0",
		"i != 5", "f <= -0.0", "-0.0 >= f", "i < 2.5", "f > 2",
		"f >= percentile(f, 50)", "percentile(f, 50) > f", "i <= median(i)", "f > percentile(f, 90, by g)",
		"percentile(i, 25, by g) <= i", "f == percentile(f, 0)", "i > median(f)",
	}
	for n, c := range clauses {
		segs += fmt.Sprintf("segment s%d { where %s }\n", n, c)
	}
	p := compileModule(t, "entities c key id { i int? f float? g string? }\n"+segs)
	at := clusterAsOf
	fast, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: at})
	if err != nil {
		t.Fatal(err)
	}
	row, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: at, ForceRow: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range fast.Outcome.Segments {
		if !slices.Equal(s.Members, row.Outcome.Segments[i].Members) {
			t.Errorf("%s (where %s): %d members, row engine %d", s.Name, clauses[i], len(s.Members), len(row.Outcome.Segments[i].Members))
		}
	}
}
