package cluster

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestPrepareMatchesStandardScaler(t *testing.T) {
	ref := loadReference(t)
	p := rfmPrepared(t)
	if p.X.Rows != ref.RFMRows {
		t.Fatalf("%d rows, scikit-learn %d", p.X.Rows, ref.RFMRows)
	}
	for j := range 3 {
		if math.Abs(p.Scaler.Center[j]-ref.RFMScaler.Mean[j]) > 1e-12 || math.Abs(p.Scaler.Scale[j]-ref.RFMScaler.Scale[j]) > 1e-12 {
			t.Errorf("feature %d: center %v scale %v, scikit-learn %v %v", j, p.Scaler.Center[j], p.Scaler.Scale[j], ref.RFMScaler.Mean[j], ref.RFMScaler.Scale[j])
		}
	}
}

func TestPrepareScales(t *testing.T) {
	x := Matrix{Rows: 5, Cols: 2, Data: []float64{1, 7, 2, 7, 3, 7, 4, 7, 10, 7}}
	cases := []struct {
		scale      string
		center, by float64
		constantBy float64
	}{
		{ScaleNone, 0, 1, 1},
		{ScaleZScore, 4, math.Sqrt(10), 1},
		{ScaleMinMax, 1, 9, 1},
		{ScaleRobust, 3, 2, 1},
	}
	for _, tc := range cases {
		p, err := Prepare(x, TransformNone, tc.scale)
		if err != nil {
			t.Fatal(err)
		}
		s := p.Scaler
		if math.Abs(s.Center[0]-tc.center) > 1e-12 || math.Abs(s.Scale[0]-tc.by) > 1e-12 || s.Scale[1] != tc.constantBy {
			t.Errorf("%s: center %v scale %v, want %v %v (constant feature scale %v)", tc.scale, s.Center, s.Scale, tc.center, tc.by, tc.constantBy)
		}
	}
	if _, err := Prepare(x, TransformNone, "quantile"); err == nil {
		t.Error("unknown scale: want an error")
	}
	if _, err := Prepare(x, "sqrt", ScaleNone); err == nil {
		t.Error("unknown transform: want an error")
	}
}

func TestPrepareDropsRowsThatBecomeNull(t *testing.T) {
	x := Matrix{Rows: 4, Cols: 1, Data: []float64{0, -2, math.NaN(), -1}}
	p, err := Prepare(x, TransformLog1p, ScaleNone)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Kept, []int{0}) {
		t.Errorf("kept rows %v, want [0]", p.Kept)
	}
}

func TestScalerRoundTripsThroughJSON(t *testing.T) {
	x := loadCSV(t, "rfm.csv", 1)
	p := rfmPrepared(t)
	b, err := json.Marshal(p.Scaler)
	if err != nil {
		t.Fatal(err)
	}
	var s Scaler
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	again, err := s.Apply(x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Data, p.X.Data) {
		t.Error("a stored scaler prepares rows differently from the fitted one")
	}
}

func TestPrepareInOnePassMatchesTransformThenDrop(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := Matrix{Rows: 8, Cols: 2, Data: []float64{
		1, 2, nan, 3, 4, -1, -2, 5, inf, 6, 7, -inf, 0.5, 1e300, 9, 8,
	}}
	for _, transform := range []string{TransformNone, TransformLog1p} {
		p, err := Prepare(x, transform, ScaleZScore)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := ApplyTransform(x, transform)
		if err != nil {
			t.Fatal(err)
		}
		kept, complete := DropIncomplete(tr)
		if !slices.Equal(p.Kept, kept) || !slices.Equal(p.Transformed.Data, complete.Data) {
			t.Errorf("%s: kept %v transformed %v, want %v %v", transform, p.Kept, p.Transformed.Data, kept, complete.Data)
		}
		want, err := p.Scaler.Apply(x)
		if err != nil {
			t.Fatal(err)
		}
		wantKept, wantRows := DropIncomplete(want)
		gotKept, gotRows, err := p.Scaler.ApplyComplete(x)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(gotKept, wantKept) || !slices.Equal(gotRows.Data, wantRows.Data) || !slices.Equal(p.X.Data, wantRows.Data) {
			t.Errorf("%s: ApplyComplete kept %v rows %v, Apply then DropIncomplete %v %v (Prepare %v)", transform, gotKept, gotRows.Data, wantKept, wantRows.Data, p.X.Data)
		}
	}
}

func TestApplyCompleteDropsRowsWhoseScaledValueOverflows(t *testing.T) {
	s := &Scaler{Transform: TransformNone, Method: ScaleMinMax, Center: []float64{-1e308}, Scale: []float64{1e-300}}
	x := Matrix{Rows: 3, Cols: 1, Data: []float64{1, math.NaN(), -1e308}}
	kept, rows, err := s.ApplyComplete(x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kept, []int{2}) || !slices.Equal(rows.Data, []float64{0}) {
		t.Errorf("kept %v rows %v, want [2] [0]", kept, rows.Data)
	}
}

func TestApplyCompleteJoinsChunksInOrder(t *testing.T) {
	x := syntheticRFM(3*chunkRows+17, 4)
	for i := 0; i < x.Rows; i += 7 {
		x.Data[i*3+i%3] = math.NaN()
	}
	p, err := Prepare(x, TransformLog1p, ScaleZScore)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ApplyTransform(x, TransformLog1p)
	if err != nil {
		t.Fatal(err)
	}
	kept, complete := DropIncomplete(tr)
	if !slices.Equal(p.Kept, kept) || !slices.Equal(p.Transformed.Data, complete.Data) || p.Transformed.Rows != complete.Rows {
		t.Fatalf("Prepare kept %d rows, transform then drop %d", len(p.Kept), len(kept))
	}
	gotKept, got, err := p.Scaler.ApplyComplete(x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gotKept, kept) || !slices.Equal(got.Data, p.X.Data) || got.Rows != p.X.Rows {
		t.Errorf("ApplyComplete kept %d rows, want %d, or prepared them differently", len(gotKept), len(kept))
	}
}

// TestLog1pSmallIntsIsBitIdentical: the table of small integers gives
// log1pOrNull's bits everywhere, including -0, non-integers near the
// table's ends, the null domain and infinities.
func TestLog1pSmallIntsIsBitIdentical(t *testing.T) {
	f := log1pSmallInts()
	for _, v := range []float64{0, math.Copysign(0, -1), 1, 2, 17, 254, 255, 255.5, 256, 1e6, 0.5, 254.99999999999997,
		-0.5, -1, -2, math.NaN(), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64} {
		if got, want := f(v), log1pOrNull(v); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("log1p(%v): table %v (bits %x), log1pOrNull %v (bits %x)", v, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

// TestTransformCompleteDropsRowsAnywhere: rows with a null, or whose
// transform is not finite, are dropped wherever they are (the output is
// sized by the rows without a null, so trailing dropped rows must not
// write past it).
func TestTransformCompleteDropsRowsAnywhere(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		data []float64
		want []int
	}{
		{"null last", []float64{1, 2, 3, 4, nan, 1}, []int{0, 1}},
		{"nulls first and last", []float64{nan, 1, 1, 2, 2, nan}, []int{1}},
		{"log1p(-1) dropped", []float64{-1, 0, 1, 1, nan, nan}, []int{1}},
		{"all null", []float64{nan, 1, 2, nan}, []int{}},
	}
	for _, tc := range cases {
		x := Matrix{Rows: len(tc.data) / 2, Cols: 2, Data: tc.data}
		kept, out, err := transformComplete(x, TransformLog1p)
		if err != nil || !slices.Equal(kept, tc.want) || out.Rows != len(tc.want) || len(out.Data) != 2*len(tc.want) {
			t.Errorf("%s: kept %v (%d rows, %d values), err %v; want %v", tc.name, kept, out.Rows, len(out.Data), err, tc.want)
		}
	}
}
