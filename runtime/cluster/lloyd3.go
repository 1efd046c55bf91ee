package cluster

import "math"

// assignChunk3 is assignChunk for rows of three features (W1's RFM), with
// the distances written out: no loop and no slice per row or centre. It
// does the same floating-point operations in the same order as
// assignChunk, so the labels, bounds and sums are bit-identical.
func (s *lloydState) assignChunk3(c, lo, hi int, centers Matrix) int {
	sums, counts := s.sums[c], s.counts[c]
	labels, upper, lower := s.labels[lo:hi], s.upper[lo:hi], s.lower[lo:hi]
	upper, lower = upper[:len(labels)], lower[:len(labels)]
	half, moved, movedBy := s.half[:s.k], s.moved[:s.k], s.movedBy[:s.k]
	data := s.x.Data[lo*3 : hi*3]
	cd := centers.Data[:s.k*3]
	changed := 0
	for i, a := range labels {
		row := data[i*3 : i*3+3 : i*3+3]
		x0, x1, x2 := row[0], row[1], row[2]
		if s.bounds && a >= 0 {
			u, lb := upper[i]+moved[a], lower[i]-movedBy[a]
			lower[i] = lb
			bound := half[a]
			if lb > bound {
				bound = lb
			}
			if u > bound {
				u = math.Sqrt(sqDist3(x0, x1, x2, cd[int(a)*3:int(a)*3+3]))
			}
			upper[i] = u
			if u <= bound {
				continue
			}
		}
		best, second := nearestTwo3(x0, x1, x2, cd)
		upper[i], lower[i] = math.Sqrt(best.dist), math.Sqrt(second)
		if l := best.label; l != a {
			labels[i] = l
			changed++
			moveRow(sums, counts, row, a, l)
		}
	}
	return changed
}

// sqDist3 is sqDist of the row (x0, x1, x2) and a centre of three features.
func sqDist3(x0, x1, x2 float64, c []float64) float64 {
	c = c[:3]
	d0, d1, d2 := x0-c[0], x1-c[1], x2-c[2]
	s := d0 * d0
	s += d1 * d1
	s += d2 * d2
	return s
}

// nearestTwo3 is nearestTwo for a row of three features and the centres'
// data cd (three values per centre). Squared distances are non-negative, so
// their IEEE bits order as they do; comparing the bits as integers lets the
// compiler pick with conditional moves instead of unpredictable branches.
// The choice is nearestTwo's: the lowest index on a tie.
func nearestTwo3(x0, x1, x2 float64, cd []float64) (candidate, float64) {
	inf := math.Float64bits(math.Inf(1))
	best, second := inf, inf
	label := int32(0)
	for k := 0; k+3 <= len(cd); k += 3 {
		d := math.Float64bits(sqDist3(x0, x1, x2, cd[k:k+3]))
		if d < best {
			label = int32(k / 3)
		}
		second = min(second, max(best, d))
		best = min(best, d)
	}
	return candidate{label, math.Float64frombits(best)}, math.Float64frombits(second)
}
