package cluster

import (
	"fmt"
	"math"
	"slices"
)

// Transform names accepted by Prepare and Scaler.
const (
	TransformNone  = "none"
	TransformLog1p = "log1p"
)

// Scale names accepted by Prepare and FitScaler.
const (
	ScaleNone   = "none"
	ScaleZScore = "zscore" // (x - mean) / population standard deviation, as StandardScaler
	ScaleMinMax = "minmax" // (x - min) / (max - min), as MinMaxScaler
	ScaleRobust = "robust" // (x - median) / (q75 - q25), numpy linear quantiles, as RobustScaler
)

// Scaler is the fitted per-feature preparation: Transform then
// (x - Center[j]) / Scale[j]. It is what a stored model keeps so that new
// rows are prepared exactly as the training rows were. A feature whose
// spread is zero scales by 1.
type Scaler struct {
	Transform string    `json:"transform"`
	Method    string    `json:"scale"`
	Center    []float64 `json:"center"`
	Scale     []float64 `json:"scale_by"`
}

// Prepared is the result of Prepare: the prepared rows that can be
// clustered, which input rows they are, and the fitted scaler.
type Prepared struct {
	X      Matrix
	Kept   []int // Kept[i] is the input row of X's row i
	Scaler *Scaler
	// Transformed are the kept rows after the transform, before scaling.
	Transformed Matrix
}

// Prepare applies the transform, drops rows that have a null feature
// afterwards (NaN in, or log1p of a value at or below -1), fits the scaler on
// the remaining rows and scales them.
func Prepare(x Matrix, transform, scale string) (*Prepared, error) {
	kept, complete, err := transformComplete(x, transform)
	if err != nil {
		return nil, err
	}
	s, err := FitScaler(complete, transform, scale)
	if err != nil {
		return nil, err
	}
	return &Prepared{X: s.scale(complete.Clone()), Kept: kept, Scaler: s, Transformed: complete}, nil
}

// transformComplete is ApplyTransform then DropIncomplete in one pass:
// a row with a null (NaN) value is dropped before it is transformed.
func transformComplete(x Matrix, transform string) ([]int, Matrix, error) {
	if err := x.checkShape(); err != nil {
		return nil, Matrix{}, err
	}
	f, err := transformFunc(transform)
	if err != nil {
		return nil, Matrix{}, err
	}
	n := completeRows(x)
	kept := make([]int, 0, n)
	out := Matrix{Cols: x.Cols, Data: make([]float64, 0, n*x.Cols)}
	for i := range x.Rows {
		raw := x.Row(i)
		if hasNaN(raw) {
			continue // so at most n rows are written, within out's capacity
		}
		if row, ok := transformRow(raw, f, out.Data[len(out.Data):len(out.Data)+x.Cols]); ok {
			kept = append(kept, i)
			out.Data = out.Data[:len(out.Data)+len(row)]
		}
	}
	out.Rows = len(kept)
	return kept, out, nil
}

// completeRows counts the rows of x without a null (NaN) value: the
// rows a transform can keep, so its output is made no larger (on a
// population where most entities have a null feature, the whole input's
// size was mostly never used).
func completeRows(x Matrix) int {
	n := 0
	for i := range x.Rows {
		if !hasNaN(x.Row(i)) {
			n++
		}
	}
	return n
}

// hasNaN reports whether row holds a NaN (a loop the compiler keeps
// inline: slices.ContainsFunc(row, math.IsNaN) made a call per value).
func hasNaN(row []float64) bool {
	for _, v := range row {
		if v != v {
			return true
		}
	}
	return false
}

// transformRow writes f of every value of raw into dst and reports
// whether all of them are finite; it stops at the first null.
func transformRow(raw []float64, f func(float64) float64, dst []float64) ([]float64, bool) {
	for j, v := range raw {
		if math.IsNaN(v) {
			return nil, false
		}
		if f != nil {
			v = f(v)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		dst[j] = v
	}
	return dst, true
}

// transformFunc returns the function of a transform (nil for none).
func transformFunc(transform string) (func(float64) float64, error) {
	switch transform {
	case TransformNone, "":
		return nil, nil
	case TransformLog1p:
		return log1pSmallInts(), nil
	}
	return nil, fmt.Errorf("cluster: unknown transform %q; use %q or %q", transform, TransformNone, TransformLog1p)
}

// ApplyTransform returns a transformed copy of x. log1p of a value below -1
// is null (NaN); log1p(-1) = -Inf is treated as null too, since it cannot be
// clustered.
func ApplyTransform(x Matrix, transform string) (Matrix, error) {
	if err := x.checkShape(); err != nil {
		return Matrix{}, err
	}
	f, err := transformFunc(transform)
	if err != nil {
		return Matrix{}, err
	}
	out := x.Clone()
	if f != nil {
		for i, v := range out.Data {
			out.Data[i] = f(v)
		}
	}
	return out, nil
}

// log1pOrNull is log1p, with NaN (null) for arguments at or below -1.
func log1pOrNull(v float64) float64 {
	if v <= -1 {
		return math.NaN()
	}
	return math.Log1p(v)
}

// log1pSmallInts is log1pOrNull with the values at the integers 0 to
// 255 computed once: counts (a frequency feature) are mostly such values,
// and math.Log1p is the costliest part of preparing a row. A value is
// looked up only when its bits are those of the integer, so the result
// is log1pOrNull's to the bit (-0 is not 0).
func log1pSmallInts() func(float64) float64 {
	var table [256]float64
	for k := range table {
		table[k] = log1pOrNull(float64(k))
	}
	return func(v float64) float64 {
		if v >= 0 && v < float64(len(table)) {
			if k := int(v); math.Float64bits(float64(k)) == math.Float64bits(v) {
				return table[k]
			}
		}
		return log1pOrNull(v)
	}
}

// DropIncomplete returns the indices of the rows of x with every value
// finite, and those rows as a new matrix.
func DropIncomplete(x Matrix) ([]int, Matrix) {
	kept := make([]int, 0, x.Rows)
	out := Matrix{Cols: x.Cols, Data: make([]float64, 0, len(x.Data))}
	for i := range x.Rows {
		r := x.Row(i)
		if slices.ContainsFunc(r, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
			continue
		}
		kept = append(kept, i)
		out.Data = append(out.Data, r...)
	}
	out.Rows = len(kept)
	return kept, out
}

// FitScaler fits the named scale on already transformed, complete rows.
// transform is recorded so that Apply can repeat it on raw rows.
func FitScaler(x Matrix, transform, scale string) (*Scaler, error) {
	if err := x.checkFinite(); err != nil {
		return nil, err
	}
	if x.Rows == 0 {
		return nil, fmt.Errorf("cluster: no complete rows to fit the %q scaler on", scale)
	}
	if transform == "" {
		transform = TransformNone
	}
	s := &Scaler{Transform: transform, Method: scale, Center: make([]float64, x.Cols), Scale: make([]float64, x.Cols)}
	for j := range x.Cols {
		c, sc, err := fitColumn(column(x, j), scale)
		if err != nil {
			return nil, err
		}
		s.Center[j], s.Scale[j] = c, sc
	}
	return s, nil
}

// column returns a copy of column j of x.
func column(x Matrix, j int) []float64 {
	col := make([]float64, x.Rows)
	for i := range col {
		col[i] = x.Data[i*x.Cols+j]
	}
	return col
}

// fitColumn returns one feature's center and scale for the named method.
func fitColumn(col []float64, scale string) (center, by float64, err error) {
	switch scale {
	case ScaleNone, "":
		return 0, 1, nil
	case ScaleZScore:
		mean, sd := meanStd(col)
		return mean, nonZero(sd, mean), nil
	case ScaleMinMax:
		lo, hi := slices.Min(col), slices.Max(col)
		return lo, nonZero(hi-lo, hi), nil
	case ScaleRobust:
		slices.Sort(col)
		q25, q50, q75 := quantileSorted(col, 0.25), quantileSorted(col, 0.5), quantileSorted(col, 0.75)
		return q50, nonZero(q75-q25, q50), nil
	}
	return 0, 0, fmt.Errorf("cluster: unknown scale %q; use none, zscore, minmax or robust", scale)
}

// meanStd is the mean and the population (ddof=0) standard deviation, in
// two passes for accuracy.
func meanStd(col []float64) (mean, sd float64) {
	for _, v := range col {
		mean += v
	}
	mean /= float64(len(col))
	ss := 0.0
	for _, v := range col {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(col)))
}

// nonZero returns spread, or 1 when spread is zero up to rounding relative
// to the feature's magnitude (scikit-learn's rule for constant features).
func nonZero(spread, magnitude float64) float64 {
	if spread < 10*machineEpsilon || spread < 1e-12*math.Abs(magnitude) {
		return 1
	}
	return spread
}

// machineEpsilon is the float64 epsilon, 2^-52.
const machineEpsilon = 0x1p-52

// quantileSorted is numpy's default (linear) quantile of sorted data.
func quantileSorted(s []float64, q float64) float64 {
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

// Apply prepares raw rows like the training rows: transform, then scale.
// Rows that become null keep NaN values; drop them with DropIncomplete.
func (s *Scaler) Apply(x Matrix) (Matrix, error) {
	if x.Cols != len(s.Center) || len(s.Scale) != len(s.Center) {
		return Matrix{}, fmt.Errorf("cluster: scaler was fitted on %d features, got %d", len(s.Center), x.Cols)
	}
	t, err := ApplyTransform(x, s.Transform)
	if err != nil {
		return Matrix{}, err
	}
	return s.scale(t), nil
}

// ApplyComplete is Apply then DropIncomplete without transforming or
// scaling the rows a null drops: the indices of the rows of x that stay
// complete, and those rows prepared.
func (s *Scaler) ApplyComplete(x Matrix) ([]int, Matrix, error) {
	if x.Cols != len(s.Center) || len(s.Scale) != len(s.Center) {
		return nil, Matrix{}, fmt.Errorf("cluster: scaler was fitted on %d features, got %d", len(s.Center), x.Cols)
	}
	kept, t, err := transformComplete(x, s.Transform)
	if err != nil {
		return nil, Matrix{}, err
	}
	if t = s.scale(t); t.checkFinite() == nil {
		return kept, t, nil
	}
	rows, complete := DropIncomplete(t) // a scaled value overflowed
	for i, r := range rows {
		rows[i] = kept[r]
	}
	return rows, complete, nil
}

// scale applies the fitted centers and scales in place and returns x.
func (s *Scaler) scale(x Matrix) Matrix {
	for i := range x.Rows {
		r := x.Row(i)
		for j := range r {
			r[j] = (r[j] - s.Center[j]) / s.Scale[j]
		}
	}
	return x
}
