package explain

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// priorState is the entity's state of a lifecycle before a run.
type priorState struct {
	state int
	since int64 // Unix seconds; -1 when unknown
	isNew bool
}

// statePrior finds the entity's state of l before the explained
// evaluation. Recomputing, it is the stored segc_states row (since
// clamped to as-of), as the runtime reads it. Explaining a stored run,
// segc_states already holds that run's result: a since before the run's
// as-of means nothing fired; a since equal to it means the entity
// either arrived (initial state) or transitioned, and the run's exit
// from a state segment in segc_changes says from where.
func (b *builder) statePrior(l *plan.Lifecycle) (priorState, error) {
	name, since, found, err := readState(b.ctx, b.db, l.Name, b.key)
	if err != nil || !found {
		return priorState{state: l.Initial, since: b.asOf, isNew: true}, err
	}
	st := stateIndex(l, name)
	if st < 0 {
		return priorState{state: l.Initial, since: b.asOf, isNew: true}, nil
	}
	if b.runID == 0 || since < b.asOf {
		return priorState{state: st, since: min(since, b.asOf)}, nil
	}
	from, err := exitedState(b.ctx, b.db, l.Name, b.key, b.runID)
	if err != nil {
		return priorState{}, err
	}
	if from == "" {
		return priorState{state: l.Initial, since: b.asOf, isNew: true}, nil
	}
	prev := priorState{state: stateIndex(l, from), since: -1}
	if t, ok, err := enteredBefore(b.ctx, b.db, l.Name+"."+from, b.key, b.runID); err != nil || ok {
		prev.since = t
		return prev, err
	}
	return prev, nil
}

func stateIndex(l *plan.Lifecycle, name string) int {
	for i, s := range l.States {
		if s == name {
			return i
		}
	}
	return -1
}

// readState reads the entity's segc_states row of a lifecycle.
func readState(ctx context.Context, db *sql.DB, lifecycle string, key any) (string, int64, bool, error) {
	var state, since string
	err := db.QueryRowContext(ctx, `SELECT state, since FROM segc_states WHERE lifecycle = ? AND entity_id = ?`, lifecycle, key).Scan(&state, &since)
	if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("reading segc_states: %w", err)
	}
	t, err := time.Parse(store.TimeLayout, since)
	if err != nil {
		return "", 0, false, fmt.Errorf("segc_states: lifecycle %s has since %q, not %s", lifecycle, since, store.TimeLayout)
	}
	return state, t.Unix(), true, nil
}

// exitedState is the state segment of the lifecycle the entity left in
// run runID, or "".
func exitedState(ctx context.Context, db *sql.DB, lifecycle string, key any, runID int64) (string, error) {
	var seg string
	err := db.QueryRowContext(ctx, `SELECT segment FROM segc_changes WHERE run_id = ? AND entity_id = ? AND change = 'exit'
		AND substr(segment, 1, ?) = ? LIMIT 1`, runID, key, len(lifecycle)+1, lifecycle+".").Scan(&seg)
	if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading segc_changes: %w", err)
	}
	return strings.TrimPrefix(seg, lifecycle+"."), nil
}

// enteredBefore is when the entity last entered segment before run runID.
func enteredBefore(ctx context.Context, db *sql.DB, segment string, key any, runID int64) (int64, bool, error) {
	var at sql.NullString
	err := db.QueryRowContext(ctx, `SELECT max(at) FROM segc_changes WHERE segment = ? AND entity_id = ? AND change IN ('enter', 'baseline') AND run_id < ?`,
		segment, key, runID).Scan(&at)
	if err != nil || !at.Valid {
		return -1, false, err
	}
	t, err := time.Parse(store.TimeLayout, at.String)
	if err != nil {
		return -1, false, nil
	}
	return t.Unix(), true, nil
}

// state explains membership of state s of lifecycle l: the state before,
// each transition out of it in order, and the first that holds.
func (b *builder) state(l *plan.Lifecycle, s int) (*Node, error) {
	prev, err := b.statePrior(l)
	if err != nil {
		return nil, err
	}
	st := &State{Lifecycle: l.Name, State: l.States[s], Before: l.States[prev.state], New: prev.isNew, Fired: -1}
	if prev.since >= 0 {
		st.BeforeSince = timeText(prev.since)
	}
	after, since := prev.state, prev.since
	for _, tr := range l.Transitions {
		if tr.From != prev.state {
			continue
		}
		t, err := b.transition(l, tr, prev)
		if err != nil {
			return nil, err
		}
		if st.Fired < 0 && t.Holds == True {
			st.Fired, t.Fired = len(st.Transitions), true
			after, since = tr.To, b.asOf
		}
		st.Transitions = append(st.Transitions, t)
	}
	st.After = l.States[after]
	if since >= 0 {
		st.Since, st.TimeIn = timeText(since), spanText(b.asOf-since)
	}
	name := l.Name + "." + l.States[s]
	return &Node{Kind: KindState, Expr: name, Segment: name, Verdict: boolVerdict(after == s), State: st}, nil
}

// transition evaluates one transition for the entity: a `when` guard's
// clause tree, or an `on` clause's latest matching event against the
// state's since.
func (b *builder) transition(l *plan.Lifecycle, tr *plan.Transition, prev priorState) (*Transition, error) {
	t := &Transition{To: l.States[tr.To]}
	if tr.When != nil {
		g, err := b.expr(tr.When)
		if err != nil {
			return nil, err
		}
		t.Expr, t.Guard, t.Holds = "when "+exprText(b.p, tr.When), g, g.Verdict
		return t, nil
	}
	t.Expr = "on " + matchText(b.p, tr.On)
	t.Holds = False
	if ev := b.matches[tr.On]; len(ev) > 0 {
		last := ev[len(ev)-1].Time
		t.LastEvent = timeText(last)
		t.Holds = boolVerdict(last > prev.since)
	}
	return t, nil
}

// matchText renders an event match: "events where type == \"x\"".
func matchText(p *plan.Plan, m *plan.EventMatch) string {
	s := p.Logs[m.Log].Name
	if m.Filter != nil {
		s += " where " + exprText(p, m.Filter)
	}
	return s
}

// timeText renders Unix seconds as UTC "YYYY-MM-DD HH:MM:SS".
func timeText(t int64) string { return time.Unix(t, 0).UTC().Format(time.DateTime) }

// spanText renders a time in state: "12d 4h", "5h 3m", "42s".
func spanText(sec int64) string {
	d, h, m := sec/86400, sec%86400/3600, sec%3600/60
	switch {
	case d > 0:
		return fmt.Sprintf("%dd %dh", d, h)
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, sec%60)
	}
	return fmt.Sprintf("%ds", sec)
}
