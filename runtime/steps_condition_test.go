package runtime_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// conditionModule has where clauses whose conjunctions a segment narrows
// by one side at a time, over nullable columns.
const conditionModule = `
entities t key id { a int? b float? f bool? }
segment both { where a > 1 and b < 5 }
segment nested { where (a > 1 && f) and (b < 5 and a < 9) }
segment under_or { where a > 1 or b < 5 and f }
segment negated { where not (a > 1 and b < 5) }
segment required { where a > 0 and f  require b > 0 and a != 3 }
segment with_null { where a > 1 and null }
`

// TestSegmentConditionsMatchTheirExpression: a segment's members are the
// entities where its where and require clauses, evaluated whole (three-
// valued), are true.
func TestSegmentConditionsMatchTheirExpression(t *testing.T) {
	db, p := moduleDB(t, conditionModule, `CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b REAL, f INTEGER)`)
	var rows []any
	vals := []any{nil, int64(0), int64(2), int64(3), int64(10)}
	bs := []any{nil, 1.5, 4.5, 7.0}
	fs := []any{nil, int64(0), int64(1)}
	id := 0
	for _, a := range vals {
		for _, b := range bs {
			for _, f := range fs {
				id++
				rows = append(rows, id, a, b, f)
			}
		}
	}
	for i := 0; i < len(rows); i += 4 {
		if _, err := db.Exec(`INSERT INTO t VALUES (?, ?, ?, ?)`, rows[i:i+4]...); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Segments {
		where, err := ev.EvalExpr(s.Where)
		if err != nil {
			t.Fatal(err)
		}
		whole := where.True()
		if s.Require != nil {
			req, err := ev.EvalExpr(s.Require)
			if err != nil {
				t.Fatal(err)
			}
			for i, ok := range req.True() {
				whole[i] = whole[i] && ok
			}
		}
		if !slices.Equal(ev.Members[s.Index], whole) {
			t.Errorf("segment %s: members %v, want %v", s.Name, ev.Members[s.Index], whole)
		}
		if n := count(whole); s.Name != "with_null" && (n == 0 || n == len(whole)) {
			t.Errorf("segment %s has %d of %d members: the fixture does not test it", s.Name, n, len(whole))
		}
	}
}

func count(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}
