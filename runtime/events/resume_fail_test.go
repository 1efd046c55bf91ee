package events

import (
	"context"
	"errors"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/load"
)

// TestResumedScanFails: a resumed scan whose reader fails (a bad time
// among the new rows) or whose context is cancelled fails with its
// error, whatever the number of readers and chunks.
func TestResumedScanFails(t *testing.T) {
	db := writeDB(t, genEvents(400, 20), "text")
	mustExec(t, db, "UPDATE events SET ts = '19970101' WHERE event_id = 350")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		workers int
		chunk   int64
		want    func(error) bool
	}{
		{"bad row, one reader", context.Background(), 1, 0, isDataError},
		{"bad row, two readers, small chunks", context.Background(), 2, 16, isDataError},
		{"cancelled", cancelled, 2, 16, func(err error) bool { return errors.Is(err, context.Canceled) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := NewKeyIndex(types.Int, population(20))
			req := Request{Log: testLog(), Aggs: testAggs()[:8], AsOf: asOf, Keys: keys,
				Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), Workers: tc.workers, Chunk: tc.chunk}
			first := req
			first.Resumption = Resumption{Keep: true, RowidHi: 300}
			base, err := Run(context.Background(), db, first)
			if err != nil {
				t.Fatal(err)
			}
			req.Resumption = Resumption{Keep: true, Resume: base.State, Reset: []int32{3}, RowidLo: 300, RowidHi: 400}
			res, err := Run(tc.ctx, db, req)
			if err == nil || res != nil || !tc.want(err) {
				t.Fatalf("resumed scan = %v, %v; want its failure", res, err)
			}
		})
	}
}

func isDataError(err error) bool {
	var d *load.DataError
	return errors.As(err, &d)
}
