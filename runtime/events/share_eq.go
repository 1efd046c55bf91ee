package events

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// eqFilter is a filter `column == "text"` on a string event column (the
// demo's `type == "purchase"`), which the pass tests row by row on the
// column's strings: the general kernel first broadcasts the constant to
// a column as long as the batch and compares the two, which costs most
// of a pass's filter time. A null column value matches nothing, as the
// kernel's comparison is null there and a null filter keeps no row.
type eqFilter struct {
	col   int
	value string
}

// eqFilterOf returns e as an eqFilter, or nil when it is not one.
func eqFilterOf(e plan.Expr) *eqFilter {
	b, ok := e.(*plan.Binary)
	if !ok || b.Op != "==" {
		return nil
	}
	for _, side := range [2][2]plan.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		ref, rok := side[0].(*plan.EventColumnRef)
		k, kok := side[1].(*plan.Const)
		if !rok || !kok || ref.Type().Kind != types.String {
			continue
		}
		if s, ok := k.Value.(string); ok {
			return &eqFilter{col: ref.Column, value: s}
		}
	}
	return nil
}

// rows returns those of rows whose column value equals the text; ok is
// false when the batch's column holds no strings (the kernel decides).
func (f *eqFilter) rows(in batchInputs, rows []int32) (out []int32, ok bool) {
	v := in.EventColumn(0, f.col)
	if v.Kind != types.String || len(v.S) < in.Len() {
		return nil, false
	}
	out = make([]int32, 0, len(rows))
	for _, r := range rows {
		if v.S[r] == f.value && (v.Valid == nil || v.Valid[r]) {
			out = append(out, r)
		}
	}
	return out, true
}
