package incremental

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

func TestColumnsRoundTrip(t *testing.T) {
	many := make([]string, dictMax+1)
	for i := range many {
		many[i] = fmt.Sprint("k", i)
	}
	long := make([]string, 1300) // indexes decode a chunk at a time
	for i := range long {
		long[i] = many[i*i%7]
	}
	tests := []struct {
		name string
		v    eval.Vec
	}{
		{"ints with nulls", eval.Vec{Kind: types.Int, N: 3, I: []int64{5, -2, 1 << 40}, Valid: []bool{true, false, true}}},
		{"floats", eval.Vec{Kind: types.Float, N: 2, F: []float64{0.1, -3e300}}},
		{"bools", eval.Vec{Kind: types.Bool, N: 9, B: []bool{true, false, true, true, false, false, false, false, true}}},
		{"dictionary strings", eval.Vec{Kind: types.String, N: 4, S: []string{"de", "", "de", "fr"}, Valid: []bool{true, true, true, false}}},
		{"dictionary strings over several chunks", eval.Vec{Kind: types.String, N: len(long), S: long}},
		{"too many distinct strings", eval.Vec{Kind: types.String, N: len(many), S: many}},
		{"empty, not nil", eval.Vec{Kind: types.Int, I: []int64{}, Valid: []bool{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeVec(encodeVec(tt.v))
			if err != nil || !reflect.DeepEqual(got, tt.v) {
				t.Errorf("round trip: %+v, %v; want %+v", got, err, tt.v)
			}
		})
	}
	for _, k := range []store.Keys{{Ints: []int64{3, 1, 2}}, {Strs: []string{"a", "b"}}} {
		if got, err := decodeKeys(encodeKeys(k)); err != nil || !reflect.DeepEqual(got, k) {
			t.Errorf("keys round trip: %+v, %v; want %+v", got, err, k)
		}
	}
}

func TestColumnsRejectCorrupt(t *testing.T) {
	good := encodeVec(eval.Vec{Kind: types.String, N: 2, S: []string{"a", "b"}})
	for i := range good {
		if _, err := decodeVec(good[:i]); err == nil {
			t.Errorf("decodeVec of %d of %d bytes: no error", i, len(good))
		}
	}
	if _, err := decodeVec(append(good, 0)); err == nil {
		t.Error("decodeVec with a trailing byte: no error")
	}
}
