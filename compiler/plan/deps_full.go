package plan

// FullReads returns, by position in p.Steps, the steps each step reads
// directly in a full evaluation, ascending. It is Deps.Reads with the
// population statistics computed rather than fixed: a threshold also
// reads its value expression and the segment its statistic is taken over.
func FullReads(p *Plan) [][]int {
	d := NewDeps(p)
	out := make([][]int, len(p.Steps))
	for i, s := range p.Steps {
		out[i] = d.Reads[i]
		if s.Kind != ComputeThreshold || s.Index < 0 || s.Index >= len(p.Thresholds) {
			continue
		}
		t := p.Thresholds[s.Index]
		r := &stepReads{p: p, d: d, steps: append([]int{}, d.Reads[i]...)}
		r.expr(t.Value)
		if t.Population >= 0 {
			r.ref(ComputeSegment, t.Population)
		}
		out[i] = sortedSet(r.steps)
	}
	return out
}
