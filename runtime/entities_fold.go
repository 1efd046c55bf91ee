package runtime

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// MaxFoldEntities bounds the entities an EntityFold holds per event log;
// past it the log's state starts again empty (its entities are re-read
// once, then folded again).
const MaxFoldEntities = 200_000

// FoldStats says what an evaluation read through an EntityFold.
type FoldStats = events.FoldStats

// EntityFold keeps, across per-entity evaluations of one plan
// (EvaluateEntitiesFold), the resumable aggregate state of the entities
// evaluated, one events.Folder per event log, so that an entity's
// aggregates are brought up to date by folding in the rows appended
// since the previous evaluation instead of re-reading all its events.
//
// A log is folded when every aggregate the evaluation computes on it
// takes new events (events.Foldable: no count_distinct, and the event
// lists of triggers and sequences only over windows ending at as-of:
// not a trigger without `for`, nor a sequence `ago`), its table has
// rowids that SQLite assigns (no declared column aliases the rowid: see
// risingRowids; with ReportStored, writer-chosen rowids too) and an index
// led by the key column, and as-of enters no event-level expression of
// the plan;
// otherwise its entities are re-read in full as before. Per entity, the
// Folder re-reads it when it is new to the fold or time passing changed
// a window no tail covers (see events.Folder). An EntityFold is not safe
// for concurrent use and assumes an append-only log: start a new one
// after a full evaluation.
type EntityFold struct {
	p       *plan.Plan
	folders map[int]*events.Folder
	// never marks the logs that cannot be folded; idle those the
	// evaluation computes no aggregate on.
	never, idle map[int]bool
	// Stats count what the fold read since it was made.
	Stats FoldStats
	// reported says the caller reports every row it stores (Stored), so
	// logs whose writers choose the rowids can be folded too; rising
	// caches, per log, whether SQLite assigns them (see risingRowids).
	reported bool
	rising   map[int]bool
}

// ReportStored declares that the caller will call Stored for every row it
// stores in an event log, and that no one else writes there: the fold then
// also covers logs whose rowid is a declared column (an INTEGER PRIMARY KEY
// id), re-reading an entity whose row landed at or below the mark.
func (f *EntityFold) ReportStored() { f.reported = true }

// Stored reports a row stored in log for key with the given rowid (the
// value of the column that aliases the rowid). Logs whose rowids SQLite
// assigns ignore it.
func (f *EntityFold) Stored(log int, key any, rowid int64) {
	fl := f.folders[log]
	if fl == nil || f.rising[log] || rowid > fl.HWM() {
		return
	}
	fl.Forget(key)
}

// NewEntityFold returns an empty fold for plan p.
func NewEntityFold(p *plan.Plan) *EntityFold {
	return &EntityFold{p: p, folders: map[int]*events.Folder{}, never: map[int]bool{}, idle: map[int]bool{}, rising: map[int]bool{}}
}

// EvaluateEntitiesFold is EvaluateEntitiesFrom with the aggregates of the
// foldable event logs taken from fold (nil: none), which is updated: the
// result equals EvaluateEntitiesFrom's. opts.AsOf must not be earlier
// than that of the fold's previous evaluation (a replay's earlier
// instants go through EvaluateEntitiesFrom); if it is, the fold starts
// again empty.
func EvaluateEntitiesFold(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options, keys store.Keys, fixed *Evaluation, start *Start, fold *EntityFold) (*EntityEvaluation, error) {
	if fold != nil && fold.p != p {
		fold = nil
	}
	return evaluateEntities(ctx, db, p, reg, opts, keys, fixed, start, fold, nil)
}

// foldLog computes log's aggregates (aggs, as scanLog builds them)
// through the fold; it reports false when the log is not folded, and
// scanLog then reads its events as usual.
func (x *entityRun) foldLog(log *plan.EventLog, aggs []*plan.Aggregate) (bool, error) {
	_, hi, hasRowid := load.RowidRange(x.ctx, x.db, log.SQLTable)
	f := x.folderFor(log, aggs, hasRowid)
	if f == nil {
		return false, nil
	}
	keys := keyList(x.ev.Outcome.Keys)
	st, err := f.Update(x.ctx, x.db, x.ev.compiler, x.asOf, hi, keys)
	if err != nil {
		// The state may be half-updated: forget it; scanLog reads the
		// events, and the next evaluation starts the log afresh.
		delete(x.fold.folders, log.Index)
		return false, nil
	}
	res, next, err := f.Results(keys)
	if err != nil {
		return false, err
	}
	x.fold.Stats.Add(st)
	for i, a := range aggs {
		if !x.time.take(a, res, i) {
			x.ev.Aggregates[a.Index] = res.Aggs[i]
		}
	}
	x.stateNext = append(x.stateNext, next)
	return true, nil
}

// folderFor returns log's Folder, creating it when the log can be folded
// (nil when it cannot), and starts it again when it holds more than
// MaxFoldEntities entities (an update that would fold more than
// events.MaxFoldRows rows fails, and foldLog forgets the Folder).
func (x *entityRun) folderFor(log *plan.EventLog, aggs []*plan.Aggregate, hasRowid bool) *events.Folder {
	if x.fold == nil || x.fold.never[log.Index] || !hasRowid {
		return nil
	}
	if f := x.fold.folders[log.Index]; f != nil && f.Len() <= MaxFoldEntities {
		return f
	}
	if len(aggs) == 0 {
		x.fold.idle[log.Index] = true
		return nil
	}
	if !x.foldable(log, aggs) {
		x.fold.never[log.Index] = true
		return nil
	}
	f := events.NewFolder(log, aggs, x.p.KeyType.Kind)
	x.fold.folders[log.Index] = f
	return f
}

// foldable reports whether log's aggregates can be folded (see
// EntityFold).
func (x *entityRun) foldable(log *plan.EventLog, aggs []*plan.Aggregate) bool {
	if !events.Foldable(aggs) || x.eventLevelAsOf() || !keyIndexed(x.ctx, x.db, log) {
		return false
	}
	x.fold.rising[log.Index] = risingRowids(x.ctx, x.db, log)
	return x.fold.rising[log.Index] || x.fold.reported
}

// risingRowids reports whether new rows of log always get rowids above
// the existing ones: SQLite assigns them, since no declared column
// aliases the rowid. When one does (an INTEGER PRIMARY KEY id column),
// writers choose the rowids: serve stores a posted id as given, and
// concurrent posts commit out of id order, so a row can land below the
// fold's mark, where Update would never see it.
func risingRowids(ctx context.Context, db *sql.DB, log *plan.EventLog) bool {
	alias, err := events.RowidAlias(ctx, db, log.SQLTable)
	if err != nil {
		return false
	}
	if alias == "" {
		return true
	}
	declared := []string{log.Key, log.Time, log.ID}
	for _, c := range log.Columns {
		declared = append(declared, c.Name)
	}
	return !slices.ContainsFunc(declared, func(name string) bool { return strings.EqualFold(name, alias) })
}

// Quiet brings every event log's state to opts.AsOf for keys and
// reports, by position in keys, the entities whose aggregates are
// exactly those of their previous evaluation through the fold: every
// log of the plan is folded (or has no aggregate), and since that
// evaluation no row was added to any of the entity's aggregates, no
// tailed window lost one of its events, no row lowered its Next and its
// Next has not come (events.Folder.Changed). An event that no aggregate
// filter or window takes (a page view when only purchases are counted)
// leaves its entity quiet. Entities never evaluated through the fold,
// and every entity when some log is not folded, are not quiet.
func (f *EntityFold) Quiet(ctx context.Context, db *sql.DB, reg *builtins.Registry, opts Options, keys []any) []bool {
	return f.QuietIn(ctx, db, reg, opts, keys, nil)
}

// QuietIn is Quiet looking only at the event logs logs marks (nil: all):
// for entities whose other logs received nothing and whose Next has not
// come (segc serve's pruned evaluations, see Pruning), only the logs
// that received events need bringing up to date. The other logs' rows
// are left for a later update.
func (f *EntityFold) QuietIn(ctx context.Context, db *sql.DB, reg *builtins.Registry, opts Options, keys []any, logs []bool) []bool {
	quiet := make([]bool, len(keys))
	if len(f.never) > 0 || len(f.folders)+len(f.idle) != len(f.p.Logs) {
		return quiet
	}
	for i := range quiet {
		quiet[i] = true
	}
	asOf := opts.AsOf.UTC().Unix()
	comp := eval.NewCompiler(reg, eval.Options{AsOf: asOf, ForceRow: opts.ForceRow})
	for idx, fl := range f.folders {
		if logs != nil && (idx >= len(logs) || !logs[idx]) {
			continue
		}
		_, hi, _ := load.RowidRange(ctx, db, f.p.Logs[idx].SQLTable)
		st, err := fl.Update(ctx, db, comp, asOf, hi, keys)
		if err != nil {
			delete(f.folders, idx)
			return make([]bool, len(keys))
		}
		f.Stats.Add(st)
		for i, k := range keys {
			quiet[i] = quiet[i] && !fl.Changed(k)
		}
	}
	return quiet
}

// Snapshot returns f's Stats (zero for a nil f).
func (f *EntityFold) Snapshot() FoldStats {
	if f == nil {
		return FoldStats{}
	}
	return f.Stats
}
