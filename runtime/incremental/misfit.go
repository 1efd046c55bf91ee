package incremental

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// misfit says why a loaded state cannot be resumed by a run armed with
// a ("" when it can): it was saved by a run that armed later, or it
// decodes but does not hold together (its keys do not match its entity
// count or the plan), which would otherwise fail later with an index out
// of range. lateMisfit checks the columns and members likewise, once
// they are loaded.
func (s *saved) misfit(p *plan.Plan, a *armed) string {
	switch {
	case s.newerThan(a):
		return "another run saved a newer incremental state since this one started"
	case s.n == 0 || !s.keysFit(p.KeyType.Kind):
		return "the stored state is incomplete"
	}
	return ""
}

// lateMisfit says why the loaded columns or members do not fit ("" when
// they do).
func (s *saved) lateMisfit(p *plan.Plan) string {
	if !s.columnsFit(p) || !s.membersFit() {
		return "the stored state is inconsistent (saved by another segc version?)"
	}
	return ""
}

// newerThan reports whether the state has seen changes or events that a
// run armed with a has not: its marks are above a's.
func (s *saved) newerThan(a *armed) bool {
	if s.mark > a.mark {
		return true
	}
	for i, h := range s.hwm {
		if i < len(a.hwm) && h > a.hwm[i] {
			return true
		}
	}
	return false
}

// keysFit reports whether the keys are n of the plan's key kind.
func (s *saved) keysFit(kind types.Kind) bool {
	if kind == types.Int {
		return s.keys.Strs == nil && len(s.keys.Ints) == s.n
	}
	return s.keys.Ints == nil && len(s.keys.Strs) == s.n
}

// columnsFit reports whether every plan column is stored, n long and of
// the column's kind.
func (s *saved) columnsFit(p *plan.Plan) bool {
	for _, c := range p.Columns {
		if c.Index < 0 || c.Index >= len(s.cols) {
			continue
		}
		if v := s.cols[c.Index]; v.N != s.n || v.Kind != c.Type.Kind {
			return false
		}
	}
	return true
}

// membersFit reports whether the stored members are entity indexes
// below n (they are ascending).
func (s *saved) membersFit() bool {
	for _, m := range s.prevMembers {
		if len(m) > 0 && int(m[len(m)-1]) >= s.n {
			return false
		}
	}
	return true
}
