package incremental

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/events"
)

// One log's event state is stored as three kinds of blobs: "log.<i>",
// the base (every entity's accumulators and Next); "logt.<i>", the
// tails; and "logd.<i>.<seq>", deltas: the accumulators and Next of the
// entities a daily run touched, applied to the base in seq order. A
// daily run writes its tails and one delta (a few MB at 1M entities)
// instead of the whole state (~18 MB for W1); once the deltas together
// exceed half the base, the run writes a new base and drops them.

// maxDeltas bounds the deltas kept for one log.
const maxDeltas = 32

// logBlobs is one log's stored state: the base decoded as it is read
// (18 MB for W1 at 1M entities, not copied), the tails and deltas as
// stored until decode applies them; then only the deltas' numbers and
// their size in deltaBytes are kept (up to half the base, which the run
// would otherwise hold to its end).
type logBlobs struct {
	base       *events.State
	baseSize   int
	tails      []byte
	deltas     map[int][]byte // by seq
	deltaBytes int
}

// logOut is what save writes for one log: a new base (delta nil), or a
// delta numbered seq; tails either way (nil: nothing to write). It does
// not keep the State it encodes, so that a daily run's states can be
// collected once encoded (see incRun.encodeLogs).
type logOut struct {
	base, tails, delta []byte
	seq                int
}

// decodeLogBlob decodes one stored log blob without touching s and
// returns what records it in s; v is only valid during the call.
func (s *saved) decodeLogBlob(name string, v []byte) (apply func(), err error) {
	kind, rest, _ := strings.Cut(name, ".")
	num, seq, _ := strings.Cut(rest, ".")
	k, err := strconv.Atoi(num)
	if err != nil || k < 0 || k >= len(s.logs) || len(s.aggs[k]) == 0 {
		return nil, fmt.Errorf("unknown log")
	}
	l := &s.logs[k]
	switch kind {
	case "log":
		base, err := events.DecodeBase(s.aggs[k], v, s.n)
		size := len(v)
		return func() { l.base, l.baseSize = base, size }, err
	case "logt":
		tails := bytes.Clone(v)
		return func() { l.tails = tails }, nil
	}
	n, err := strconv.Atoi(seq)
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("unknown delta")
	}
	delta := bytes.Clone(v)
	return func() {
		if l.deltas == nil {
			l.deltas = map[int][]byte{}
		}
		l.deltas[n] = delta
	}, nil
}

// isLogBlob reports whether a blob name is one of a log's.
func isLogBlob(name string) bool {
	return strings.HasPrefix(name, "log.") || strings.HasPrefix(name, "logt.") || strings.HasPrefix(name, "logd.")
}

// decode restores the log's State: the base, the tails, then the deltas
// in order. It takes the base, the tails and the deltas' bytes: call it
// once.
func (l *logBlobs) decode(aggs []*plan.Aggregate) (*events.State, error) {
	st := l.base
	l.base = nil
	if st == nil {
		return nil, fmt.Errorf("no stored base")
	}
	if err := st.DecodeTails(aggs, l.tails); err != nil {
		return nil, err
	}
	l.tails = nil
	for _, seq := range l.seqs() {
		if err := st.ApplyDelta(aggs, l.deltas[seq]); err != nil {
			return nil, err
		}
		l.deltaBytes += len(l.deltas[seq])
		l.deltas[seq] = nil
	}
	return st, nil
}

// seqs lists the deltas' numbers in order.
func (l *logBlobs) seqs() []int {
	out := make([]int, 0, len(l.deltas))
	for seq := range l.deltas {
		out = append(out, seq)
	}
	slices.Sort(out)
	return out
}

// next encodes what to save after a daily run that resumed st from l
// (decoded): a delta, or a new base once the deltas would outgrow half
// of it (or when full).
func (l *logBlobs) next(st *events.State, full bool) (logOut, error) {
	if full {
		return fullOut(st)
	}
	delta, err := st.EncodeDelta()
	if err != nil {
		return logOut{}, err
	}
	size, seqs := len(delta)+l.deltaBytes, l.seqs()
	if 2*size > l.baseSize || len(seqs) >= maxDeltas {
		return fullOut(st)
	}
	last := 0
	if len(seqs) > 0 {
		last = seqs[len(seqs)-1]
	}
	return logOut{delta: delta, tails: st.EncodeTails(), seq: last + 1}, nil
}

// fullOut encodes a whole State.
func fullOut(st *events.State) (logOut, error) {
	base, err := st.Encode()
	if err != nil {
		return logOut{}, err
	}
	return logOut{base: base, tails: st.EncodeTails()}, nil
}

// fullOuts encodes each log's whole State (nil: none).
func fullOuts(states []*events.State) ([]logOut, error) {
	outs := make([]logOut, len(states))
	for i, st := range states {
		if st == nil {
			continue
		}
		o, err := fullOut(st)
		if err != nil {
			return nil, err
		}
		outs[i] = o
	}
	return outs, nil
}

// save writes one log's blobs; a new base drops the log's deltas.
func (o logOut) save(ctx context.Context, conn *sql.Conn, log int) error {
	i := strconv.Itoa(log)
	put := func(name string, v []byte) error {
		_, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_blobs(name, v) VALUES (?, ?)`, name, v)
		return err
	}
	if err := put("logt."+i, o.tails); err != nil {
		return err
	}
	if o.delta != nil {
		return put("logd."+i+"."+strconv.Itoa(o.seq), o.delta)
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM segc_inc_blobs WHERE name LIKE ?`, "logd."+i+".%"); err != nil {
		return err
	}
	return put("log."+i, o.base)
}
