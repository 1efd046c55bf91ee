package load

import "github.com/segc/segc/runtime/eval"

// Concat joins Vecs of one kind end to end; Valid is nil when every part
// is all valid.
func Concat(parts []eval.Vec) eval.Vec {
	if len(parts) == 0 {
		return eval.Vec{}
	}
	out := eval.Vec{Kind: parts[0].Kind}
	anyNull := false
	for _, p := range parts {
		out.N += p.N
		anyNull = anyNull || p.Valid != nil
	}
	out.I = joinSlices(parts, func(v eval.Vec) []int64 { return v.I })
	out.F = joinSlices(parts, func(v eval.Vec) []float64 { return v.F })
	out.B = joinSlices(parts, func(v eval.Vec) []bool { return v.B })
	out.S = joinSlices(parts, func(v eval.Vec) []string { return v.S })
	if anyNull {
		out.Valid = make([]bool, 0, out.N)
		for _, p := range parts {
			if p.Valid == nil {
				out.Valid = append(out.Valid, allValid(p.N)...)
			} else {
				out.Valid = append(out.Valid, p.Valid[:p.N]...)
			}
		}
	}
	return out
}

// joinSlices concatenates one data slice of every part; nil when no part
// has it.
func joinSlices[T any](parts []eval.Vec, get func(eval.Vec) []T) []T {
	n, has := 0, false
	for _, p := range parts {
		s := get(p)
		n += len(s)
		has = has || s != nil
	}
	if !has {
		return nil
	}
	out := make([]T, 0, n)
	for _, p := range parts {
		out = append(out, get(p)...)
	}
	return out
}

// allValid returns n true values.
func allValid(n int) []bool {
	v := make([]bool, n)
	for i := range v {
		v[i] = true
	}
	return v
}
