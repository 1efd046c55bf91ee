package builtins

import (
	"math"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/types"
)

var (
	tInt    = types.Of(types.Int)
	tFloat  = types.Of(types.Float)
	tBool   = types.Of(types.Bool)
	tString = types.Of(types.String)
	tTime   = types.Of(types.Time)
	tDur    = types.Of(types.Duration)
	tNull   = types.Of(types.Null)
)

func TestCheck(t *testing.T) {
	reg := Default()
	tests := []struct {
		name  string
		class Class
		args  []types.Type
		want  types.Type
		err   string // substring of the error; "" means no error
	}{
		{"days_since", Scalar, []types.Type{tTime}, tFloat, ""},
		{"days_since", Scalar, []types.Type{tTime.OrNull()}, tFloat.OrNull(), ""},
		{"days_since", Scalar, []types.Type{tString}, types.Type{}, "argument 1 of days_since must be time, not string"},
		{"days_since", Scalar, nil, types.Type{}, "got 0"},
		{"hours_since", Scalar, []types.Type{tTime}, tFloat, ""},
		{"abs", Scalar, []types.Type{tInt}, tInt, ""},
		{"abs", Scalar, []types.Type{tFloat.OrNull()}, tFloat.OrNull(), ""},
		{"abs", Scalar, []types.Type{tBool}, types.Type{}, "must be int or float"},
		{"min", Scalar, []types.Type{tInt, tInt}, tInt, ""},
		{"max", Scalar, []types.Type{tInt, tFloat, tInt}, tFloat, ""},
		{"max", Scalar, []types.Type{tInt, tFloat.OrNull()}, tFloat.OrNull(), ""},
		{"max", Scalar, []types.Type{tTime, tTime}, tTime, ""},
		{"max", Scalar, []types.Type{tInt}, types.Type{}, "got 1"},
		{"max", Scalar, []types.Type{tInt, tString}, types.Type{}, "all arguments must have one type"},
		{"max", Scalar, []types.Type{tBool, tBool}, types.Type{}, "must be int, float, string, time or duration"},
		{"round", Scalar, []types.Type{tFloat}, tFloat, ""},
		{"round", Scalar, []types.Type{tInt}, tInt, ""},
		{"round", Scalar, []types.Type{tFloat, tInt.OrNull()}, tFloat.OrNull(), ""},
		{"round", Scalar, []types.Type{tFloat, tFloat}, types.Type{}, "argument 2 of round must be int"},
		{"floor", Scalar, []types.Type{tFloat}, tFloat, ""},
		{"log1p", Scalar, []types.Type{tInt}, tFloat.OrNull(), ""},
		{"clip", Scalar, []types.Type{tInt, tInt, tFloat}, tFloat, ""},
		{"clip", Scalar, []types.Type{tInt, tInt}, types.Type{}, "got 2"},
		{"lower", Scalar, []types.Type{tString.OrNull()}, tString.OrNull(), ""},
		{"upper", Scalar, []types.Type{tInt}, types.Type{}, "must be string"},
		{"contains", Scalar, []types.Type{tString, tString}, tBool, ""},
		{"starts_with", Scalar, []types.Type{tString, tNull}, tBool.OrNull(), ""},
		{"ends_with", Scalar, []types.Type{tString}, types.Type{}, "got 1"},
		{"matches", Scalar, []types.Type{tString, tString}, tBool, ""},
		{"count", Aggregate, nil, tInt, ""},
		{"count", Aggregate, []types.Type{tFloat}, types.Type{}, "got 1"},
		{"sum", Aggregate, []types.Type{tInt}, tInt.OrNull(), ""},
		{"sum", Aggregate, []types.Type{tFloat.OrNull()}, tFloat.OrNull(), ""},
		{"sum", Aggregate, []types.Type{tString}, types.Type{}, "must be int or float"},
		{"sum", Aggregate, nil, types.Type{}, "got 0"},
		{"avg", Aggregate, []types.Type{tInt}, tFloat.OrNull(), ""},
		{"min", Aggregate, []types.Type{tTime}, tTime.OrNull(), ""},
		{"max", Aggregate, []types.Type{tString}, tString.OrNull(), ""},
		{"first", Aggregate, []types.Type{tBool}, tBool.OrNull(), ""},
		{"last", Aggregate, []types.Type{tTime}, tTime.OrNull(), ""},
		{"count_distinct", Aggregate, []types.Type{tString.OrNull()}, tInt, ""},
		{"percentile", Population, []types.Type{tFloat.OrNull(), tInt}, tFloat.OrNull(), ""},
		{"percentile", Population, []types.Type{tString, tInt}, types.Type{}, "must be int or float"},
		{"percentile", Population, []types.Type{tFloat}, types.Type{}, "got 1"},
		{"median", Population, []types.Type{tInt}, tFloat.OrNull(), ""},
		{"zscore", Population, []types.Type{tDur}, types.Type{}, "must be int or float"},
	}
	for _, tt := range tests {
		b, ok := reg.Lookup1(tt.name, tt.class)
		if !ok {
			t.Fatalf("%s (class %d) not registered", tt.name, tt.class)
		}
		got, err := b.Check(tt.args)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s%v: error %v, want containing %q", tt.name, tt.args, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("%s%v: unexpected error %v", tt.name, tt.args, err)
		case tt.err == "" && got != tt.want:
			t.Errorf("%s%v = %v, want %v", tt.name, tt.args, got, tt.want)
		}
	}
}

func TestRow(t *testing.T) {
	reg := Default()
	env := Env{AsOf: 10 * 86400}
	tests := []struct {
		name string
		args []any
		want any
	}{
		{"days_since", []any{int64(8 * 86400)}, 2.0},
		{"days_since", []any{int64(10*86400 - 43200)}, 0.5},
		{"days_since", []any{int64(11 * 86400)}, -1.0},
		{"days_since", []any{nil}, nil},
		{"hours_since", []any{int64(10*86400 - 5400)}, 1.5},
		{"abs", []any{int64(-3)}, int64(3)},
		{"abs", []any{-2.5}, 2.5},
		{"abs", []any{int64(math.MinInt64)}, nil},
		{"abs", []any{nil}, nil},
		{"min", []any{int64(3), int64(1), int64(2)}, int64(1)},
		{"min", []any{int64(3), 1.5}, 1.5},
		{"max", []any{int64(3), 1.5}, 3.0},
		{"max", []any{"a", "b"}, "b"},
		{"max", []any{int64(3), nil}, nil},
		{"round", []any{2.5}, 3.0},
		{"round", []any{-2.5}, -3.0},
		{"round", []any{1.2345, int64(2)}, 1.23},
		{"round", []any{1250.0, int64(-2)}, 1300.0},
		{"round", []any{int64(7)}, int64(7)},
		{"round", []any{1.5, nil}, nil},
		{"floor", []any{-1.5}, -2.0},
		{"floor", []any{int64(4)}, int64(4)},
		{"log1p", []any{0.0}, 0.0},
		{"log1p", []any{int64(-1)}, nil},
		{"log1p", []any{-2.0}, nil},
		{"log1p", []any{nil}, nil},
		{"clip", []any{int64(5), int64(0), int64(3)}, int64(3)},
		{"clip", []any{-1.0, int64(0), int64(3)}, 0.0},
		{"clip", []any{2.0, 0.0, 3.0}, 2.0},
		{"clip", []any{2.0, nil, 3.0}, nil},
		{"lower", []any{"ÉtÉ"}, "été"},
		{"upper", []any{"abc"}, "ABC"},
		{"lower", []any{nil}, nil},
		{"contains", []any{"hello", "ell"}, true},
		{"contains", []any{"hello", nil}, nil},
		{"starts_with", []any{"hello", "he"}, true},
		{"ends_with", []any{"hello", "he"}, false},
		{"matches", []any{"gmail.com", `^g.*\.com$`}, true},
		{"matches", []any{"yahoo.fr", `\.com$`}, false},
		{"matches", []any{nil, `x`}, nil},
	}
	for _, tt := range tests {
		b, _ := reg.Lookup1(tt.name, Scalar)
		if got := b.Row(env, tt.args); got != tt.want {
			t.Errorf("%s%v = %#v, want %#v", tt.name, tt.args, got, tt.want)
		}
	}
}

func TestEveryBuiltinIsDocumented(t *testing.T) {
	for _, b := range Default().All() {
		if b.Signature == "" || b.Doc == "" || b.Check == nil || strings.Contains(b.Doc, "\n") {
			t.Errorf("%s: missing signature, doc or check, or doc not one line", b.Name)
		}
		if (b.Class == Scalar) != (b.Row != nil) {
			t.Errorf("%s: Row must be set exactly for scalar builtins", b.Name)
		}
	}
}

func TestConstArgs(t *testing.T) {
	reg := Default()
	m, _ := reg.Lookup1("matches", Scalar)
	if err := m.Consts[0].Check("a(b"); err == nil {
		t.Error("matches accepted an invalid regex")
	}
	if err := m.Consts[0].Check(`^\d+$`); err != nil {
		t.Errorf("matches rejected a valid regex: %v", err)
	}
	row, err := m.Prepare([]any{nil, `^\d+$`})
	if err != nil || row(Env{}, []any{"123", nil}) != true || row(Env{}, []any{"12a", nil}) != false {
		t.Errorf("prepared matches misbehaves (err %v)", err)
	}
	p, _ := reg.Lookup1("percentile", Population)
	for v, ok := range map[any]bool{int64(0): true, 100.0: true, 100.5: false, int64(-1): false, "x": false} {
		if err := p.Consts[0].Check(v); (err == nil) != ok {
			t.Errorf("percentile p=%v: err %v, want ok=%v", v, err, ok)
		}
	}
}
