package cluster

import (
	"fmt"
	"math"
)

// Matrix is a dense row-major matrix of float64: element (i, j) is
// Data[i*Cols+j]. Rows are observations and columns are features.
type Matrix struct {
	Rows int       `json:"rows"`
	Cols int       `json:"cols"`
	Data []float64 `json:"data"`
}

// NewMatrix returns a zero Matrix with the given shape.
func NewMatrix(rows, cols int) Matrix {
	return Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// Row returns row i as a slice sharing the matrix's storage.
func (m Matrix) Row(i int) []float64 {
	return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols]
}

// At returns element (i, j).
func (m Matrix) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Clone returns a deep copy of m.
func (m Matrix) Clone() Matrix {
	return Matrix{Rows: m.Rows, Cols: m.Cols, Data: append([]float64(nil), m.Data...)}
}

// checkShape reports a Matrix whose Data length disagrees with its shape.
func (m Matrix) checkShape() error {
	if m.Rows < 0 || m.Cols < 0 || len(m.Data) != m.Rows*m.Cols {
		return fmt.Errorf("cluster: matrix says %d x %d but holds %d values; build it with NewMatrix", m.Rows, m.Cols, len(m.Data))
	}
	return nil
}

// checkFinite reports the first NaN or infinite value; clustering needs every
// feature present, so callers must drop incomplete rows first.
func (m Matrix) checkFinite() error {
	if err := m.checkShape(); err != nil {
		return err
	}
	for i, v := range m.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("cluster: row %d feature %d is %v; drop rows with null or non-finite features before clustering", i/m.Cols, i%m.Cols, v)
		}
	}
	return nil
}

// sqDist is the squared Euclidean distance between two equal-length vectors.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	s := 0.0
	for j, v := range a {
		d := v - b[j]
		s += d * d
	}
	return s
}
