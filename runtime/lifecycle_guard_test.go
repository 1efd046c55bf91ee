package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// unevaluable is an expression the evaluator has no kernel for (as a
// compiler bug would leave in a plan).
type unevaluable struct{ plan.Node }

// TestGuardOutOfEmptyStateIsReported: a `when` guard that cannot be
// evaluated fails the run although no entity is in its transition's
// source state (fireFirst skips evaluating it), so whether the error is
// reported does not depend on the data.
func TestGuardOutOfEmptyStateIsReported(t *testing.T) {
	db, p := moduleDB(t, `entities customers key customer_id { first_seen time }
lifecycle stage {
  initial new
  new    -> lapsed when days_since(first_seen) > 100000
  lapsed -> new    when true
}
`, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, first_seen TEXT)`,
		`INSERT INTO customers VALUES (1, '2026-01-01 00:00:00')`)
	if err := store.EnsureSchema(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	guard := p.Lifecycles[0].Transitions[1].When
	p.Lifecycles[0].Transitions[1].When = unevaluable{plan.Node{T: guard.Type(), L: guard.Loc()}}
	_, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err == nil || !strings.Contains(err.Error(), "cannot evaluate") {
		t.Fatalf("got %v, want the guard's error", err)
	}
}
