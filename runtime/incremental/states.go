package incremental

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/internal/wire"
)

// stateBlobPrefix names one lifecycle's states after the run that saved
// the state ("lc.<lifecycle>"): by entity index, the state and its since.
// They equal the lifecycle's segc_states rows while no other run wrote
// since: the save records its run's id (meta states_run), every writer
// of segc_states (a segc run's commit, serve's per-entity commits)
// inserts a segc_runs row in the same transaction, so the states are
// used only while segc_runs' largest run_id is still that id.
const stateBlobPrefix = "lc."

// errStates is returned for a states blob that does not decode.
var errStates = errors.New("corrupt stored lifecycle states")

// encodeStates writes one lifecycle's states: the state of each entity,
// then its since as a code into the distinct sinces (entries happen at
// run instants, so there are few), each packed at a fixed width.
func encodeStates(state []int32, since []int64) []byte {
	dict := slices.Clone(since)
	slices.Sort(dict)
	dict = slices.Compact(dict)
	states, codes := make([]int64, len(state)), make([]int64, len(since))
	for i, s := range state {
		states[i] = int64(s)
		c, _ := slices.BinarySearch(dict, since[i])
		codes[i] = int64(c)
	}
	b := wire.AppendInts(nil, states)
	b = wire.AppendInts(b, dict)
	return wire.AppendInts(b, codes)
}

// decodeStates reads what encodeStates wrote.
func decodeStates(b []byte) (*runtime.PriorStates, error) {
	states, b, ok1 := wire.OpenInts(b)
	dict, b, ok2 := wire.Ints(b, 0)
	codes, b, ok3 := wire.OpenInts(b)
	if !ok1 || !ok2 || !ok3 || len(b) != 0 || states.Len() != codes.Len() {
		return nil, errStates
	}
	n := states.Len()
	out := &runtime.PriorStates{State: make([]int32, n), Since: make([]int64, n)}
	ok := eachPacked(&states, func(i int, s int64) bool {
		out.State[i] = int32(s)
		return s >= -1 && s <= 1<<31-1
	})
	ok = ok && eachPacked(&codes, func(i int, c int64) bool {
		if c < 0 || c >= int64(len(dict)) {
			return false
		}
		out.Since[i] = dict[c]
		return true
	})
	if !ok {
		return nil, errStates
	}
	return out, nil
}

// encodeLifecycles encodes the states each lifecycle of ev ended in, to
// save with the state.
func encodeLifecycles(ev *runtime.Evaluation) map[string][]byte {
	out := map[string][]byte{}
	for _, res := range ev.Lifecycles {
		if res != nil {
			out[res.Lifecycle.Name] = encodeStates(res.State, res.Since)
		}
	}
	return out
}

// keptStates names the lifecycles whose stored blob a daily run keeps:
// the run took its states for segc_states, and no stored row of the
// lifecycle changed. (States read from segc_states may differ from the
// blob: another writer moved them.)
func (s *saved) keptStates(ev *runtime.Evaluation) map[string]bool {
	out := map[string]bool{}
	for _, ls := range ev.Outcome.States {
		out[ls.Name] = s.statesKnown && len(ls.Changed) == 0 && s.prevStates[ls.Name] != nil
	}
	return out
}

// saveStates writes the lifecycles' states (with keep, not those a
// daily run keeps) and the run id they are valid for.
func (s *saved) saveStates(ctx context.Context, conn *sql.Conn, runID int64, keep bool) error {
	for name, b := range s.stateBlobs {
		if keep && s.statesKept[name] {
			continue
		}
		if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_blobs(name, v) VALUES (?, ?)`, stateBlobPrefix+name, b); err != nil {
			return err
		}
	}
	_, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_meta(name, value) VALUES ('states_run', ?)`, runID)
	return err
}

// runsHi is segc_runs' largest run_id (0 without runs or the table).
func runsHi(ctx context.Context, conn *sql.Conn) (int64, error) {
	var n int
	err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'segc_runs'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var hi int64
	err = conn.QueryRowContext(ctx, `SELECT coalesce(max(run_id), 0) FROM segc_runs`).Scan(&hi)
	return hi, err
}
