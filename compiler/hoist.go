package compiler

import "github.com/segc/segc/dsl/source"

// lowerCtx is where an expression is being lowered.
type lowerCtx struct {
	file *source.File
	log  *tableSym // event scope when set
	// owner is the feature or segment whose definition this is.
	owner string
	// population is the segment index percentiles are taken over, -1 for
	// every entity.
	population int
}

// hoist lowers every expression to a plan.Expr, lifting event aggregates
// into plan aggregates and population builtins into plan thresholds, each
// deduplicated by meaning. A percentile in a nested segment's where is
// taken over the parent's members; everywhere else over all entities.
func hoist(s *state) {
	s.assignColumnIndexes()
	for _, l := range s.logs {
		s.logFilters = append(s.logFilters, s.lower(lowerCtx{file: l.file, log: l, population: -1}, l.decl.Where))
	}
	for _, f := range s.features {
		ctx := lowerCtx{file: f.file, owner: f.decl.Name.Name, population: -1}
		f.value = s.lower(ctx, f.decl.Value)
	}
	for _, seg := range s.segments {
		ctx := lowerCtx{file: seg.file, owner: seg.name, population: -1}
		if seg.parent != nil {
			ctx.population = seg.parent.index
		}
		seg.where = s.lower(ctx, seg.decl.Where)
		ctx.population = -1
		seg.require = s.lower(ctx, seg.decl.Require)
	}
	s.hoistTime()
	s.hoistClusters()
}

// assignColumnIndexes numbers the used entity-level columns in declaration
// order (entities table first).
func (s *state) assignColumnIndexes() {
	for _, t := range s.tables {
		for _, c := range t.cols {
			if c.used {
				c.planIdx = len(s.usedColumns)
				s.usedColumns = append(s.usedColumns, c)
			}
		}
	}
}
