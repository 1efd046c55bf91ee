package cluster

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Projection is a fitted PCA: rows are centred by Mean and projected onto
// Components (one row per kept component, unit length).
type Projection struct {
	Mean       []float64 `json:"mean"`
	Components Matrix    `json:"components"`
	// ExplainedVariance is each kept component's variance (ddof=1) and
	// ExplainedRatio its share of the total variance.
	ExplainedVariance []float64 `json:"explained_variance"`
	ExplainedRatio    []float64 `json:"explained_variance_ratio"`
}

// PCA fits scikit-learn's PCA(n_components=varianceKept) on x: it keeps the
// fewest leading components whose explained-variance ratios sum to more
// than varianceKept (all of them for 1), and returns the projection and x
// projected. Signs follow scikit-learn 1.2's svd_flip: in each component's
// scores the entry of largest magnitude is positive.
func PCA(x Matrix, varianceKept float64) (*Projection, Matrix, error) {
	if err := x.checkFinite(); err != nil {
		return nil, Matrix{}, err
	}
	if !(varianceKept > 0 && varianceKept <= 1) || x.Rows < 2 || x.Cols < 1 {
		return nil, Matrix{}, fmt.Errorf("cluster: PCA needs 0 < variance kept <= 1 and at least 2 rows; got %v and %d rows", varianceKept, x.Rows)
	}
	mean, centred := centre(x)
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(x.Rows, x.Cols, centred.Data), mat.SVDThinV) {
		return nil, Matrix{}, fmt.Errorf("cluster: PCA's singular value decomposition did not converge")
	}
	var v mat.Dense
	svd.VTo(&v)
	p := keptComponents(svd.Values(nil), &v, x.Rows, varianceKept)
	p.Mean = mean
	scores := p.project(centred)
	p.flipSigns(scores)
	return p, scores, nil
}

// centre returns the column means and a centred copy of x.
func centre(x Matrix) ([]float64, Matrix) {
	mean := make([]float64, x.Cols)
	for j := range x.Cols {
		mean[j], _ = meanStd(column(x, j))
	}
	c := x.Clone()
	for i := range c.Rows {
		for j := range c.Cols {
			c.Data[i*c.Cols+j] -= mean[j]
		}
	}
	return mean, c
}

// keptComponents selects the leading components as scikit-learn does:
// searchsorted(cumulative ratio, kept, side="right") + 1.
func keptComponents(sv []float64, v *mat.Dense, n int, kept float64) *Projection {
	total := 0.0
	for _, s := range sv {
		total += s * s
	}
	m, cum := 0, 0.0
	for m < len(sv) {
		cum += sv[m] * sv[m] / total
		m++
		if cum > kept {
			break
		}
	}
	d, _ := v.Dims()
	p := &Projection{Components: NewMatrix(m, d)}
	for c := range m {
		for j := range d {
			p.Components.Data[c*d+j] = v.At(j, c)
		}
		p.ExplainedVariance = append(p.ExplainedVariance, sv[c]*sv[c]/float64(n-1))
		p.ExplainedRatio = append(p.ExplainedRatio, sv[c]*sv[c]/total)
	}
	return p
}

// project multiplies centred rows by the components.
func (p *Projection) project(centred Matrix) Matrix {
	m := p.Components.Rows
	out := NewMatrix(centred.Rows, m)
	for i := range centred.Rows {
		r := centred.Row(i)
		for c := range m {
			s := 0.0
			for j, w := range p.Components.Row(c) {
				s += r[j] * w
			}
			out.Data[i*m+c] = s
		}
	}
	return out
}

// flipSigns makes the largest-magnitude score of every component positive
// (the first one on a tie), flipping the component with it.
func (p *Projection) flipSigns(scores Matrix) {
	for c := range scores.Cols {
		big, at := -1.0, 0
		for i := range scores.Rows {
			if a := math.Abs(scores.At(i, c)); a > big {
				big, at = a, i
			}
		}
		if scores.At(at, c) >= 0 {
			continue
		}
		for i := range scores.Rows {
			scores.Data[i*scores.Cols+c] *= -1
		}
		for j := range p.Components.Cols {
			p.Components.Data[c*p.Components.Cols+j] *= -1
		}
	}
}

// Apply projects new rows (in the same prepared units as the training rows).
func (p *Projection) Apply(x Matrix) (Matrix, error) {
	if err := x.checkShape(); err != nil {
		return Matrix{}, err
	}
	if x.Cols != len(p.Mean) {
		return Matrix{}, fmt.Errorf("cluster: projection was fitted on %d features, got %d", len(p.Mean), x.Cols)
	}
	c := x.Clone()
	for i := range c.Rows {
		for j := range c.Cols {
			c.Data[i*c.Cols+j] -= p.Mean[j]
		}
	}
	return p.project(c), nil
}
