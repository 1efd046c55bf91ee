package incremental

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"

	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/sqlrows"
	"github.com/segc/segc/runtime/store"
)

// memberBlobPrefix names the stored members of one segment
// ("mem.<segment>"): the entity indexes of the outcome the state was
// saved with, so the next run diffs membership in memory instead of
// reading segc_members (store.KnownChange with the history's mark).
const memberBlobPrefix = "mem."

// errMembers is returned for a members blob that does not decode.
var errMembers = errors.New("corrupt stored members")

// encodeMembers writes ascending entity indexes as varint gaps.
func encodeMembers(m []int32) []byte {
	b := make([]byte, 0, len(m)+binary.MaxVarintLen32)
	b = binary.AppendUvarint(b, uint64(len(m)))
	prev := int32(-1)
	for _, e := range m {
		b = binary.AppendUvarint(b, uint64(e-prev))
		prev = e
	}
	return b
}

// decodeMembers reads what encodeMembers wrote.
func decodeMembers(b []byte) ([]int32, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errMembers
	}
	b = b[k:]
	out := make([]int32, n)
	prev := int64(-1)
	for i := range out {
		if len(b) > 0 && b[0]-1 < 0x7f { // a one-byte gap, most of a large segment's
			prev += int64(b[0])
			out[i], b = int32(prev), b[1:]
			continue
		}
		gap, k := binary.Uvarint(b)
		if k <= 0 || gap == 0 || gap > 1<<31 {
			return nil, errMembers
		}
		prev += int64(gap)
		out[i], b = int32(prev), b[k:]
	}
	if len(b) != 0 || prev > 1<<31-1 { // prev only grows: the last is the largest
		return nil, errMembers
	}
	return out, nil
}

// sortedDiff returns what is in next and not in prev (entered) and what
// is in prev and not in next (exited); both inputs ascending.
func sortedDiff(prev, next []int32) (entered, exited []int32) {
	i, j := 0, 0
	for i < len(prev) || j < len(next) {
		switch {
		case j == len(next) || i < len(prev) && prev[i] < next[j]:
			exited = append(exited, prev[i])
			i++
		case i == len(prev) || next[j] < prev[i]:
			entered = append(entered, next[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return entered, exited
}

// knownChanges gives every outcome segment with stored members its
// change against them, valid while segc_changes ends at the stored mark,
// and notes the segments that did not change (their blobs are kept). A
// segment that sets its own since needs its stored since too. The
// segments in done, published during the evaluation, already have theirs
// (knownChange).
func (s *saved) knownChanges(ev *runtime.Evaluation, done map[string]bool) {
	for i := range ev.Outcome.Segments {
		if seg := &ev.Outcome.Segments[i]; !done[seg.Name] {
			s.knownChange(seg)
		}
	}
}

// knownChange is knownChanges for one segment.
func (s *saved) knownChange(seg *store.SegmentMembers) {
	if s.changesMark == 0 {
		return
	}
	if s.unchanged == nil {
		s.unchanged = map[string]bool{}
	}
	prev, ok := s.prevMembers[seg.Name]
	if !ok || seg.Pending { // a pending segment's members come later
		return
	}
	entered, exited := sortedDiff(prev, seg.Members)
	if seg.Since != nil {
		if entered, exited, ok = sinceChange(prev, s.prevSince[seg.Name], *seg); !ok {
			return
		}
	}
	seg.Known = &store.KnownChange{Entered: entered, Exited: exited, Mark: s.changesMark}
	s.unchanged[seg.Name] = len(entered) == 0 && len(exited) == 0
}

// saveMembers writes the members of the outcome's segments (all of them,
// or with keep only those that changed, after dropping the blobs of the
// segments gone from the outcome) and the history's mark.
func (s *saved) saveMembers(ctx context.Context, conn *sql.Conn, keep bool) error {
	if keep {
		if err := s.dropGoneMembers(ctx, conn); err != nil {
			return err
		}
	}
	for _, seg := range s.members {
		if keep && s.unchanged[seg.Name] {
			continue
		}
		b, ok := s.memberBlobs[seg.Name]
		if !ok {
			b = encodeMembers(seg.Members)
		}
		if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_blobs(name, v) VALUES (?, ?)`,
			memberBlobPrefix+seg.Name, b); err != nil {
			return err
		}
		if err := saveSince(ctx, conn, seg); err != nil {
			return err
		}
	}
	mark, err := store.ChangesMark(ctx, conn)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO segc_inc_meta(name, value) VALUES ('changes_mark', ?)`, mark)
	return err
}

// dropGoneMembers deletes the members and since blobs of the segments
// that are not in the outcome (a DBSCAN cluster that vanished: the store
// removed its rows). A daily run keeps the other blobs, and a later run
// that brought the segment back would take its change against members
// segc_members no longer holds (review R8: none stored when the members
// were the same).
func (s *saved) dropGoneMembers(ctx context.Context, conn *sql.Conn) error {
	names, err := sqlrows.Strings(ctx, conn, `SELECT name FROM segc_inc_blobs
		WHERE substr(name, 1, 4) = 'mem.' OR substr(name, 1, 6) = 'since.'`)
	if err != nil {
		return err
	}
	kept := make(map[string]bool, 2*len(s.members))
	for _, seg := range s.members {
		kept[memberBlobPrefix+seg.Name], kept[sinceBlobPrefix+seg.Name] = true, true
	}
	for _, name := range names {
		if kept[name] {
			continue
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM segc_inc_blobs WHERE name = ?`, name); err != nil {
			return err
		}
	}
	return nil
}

// readyMembers lists the members of the segments that are not pending
// (their members are final) and not unchanged (their blobs are kept).
func readyMembers(segs []store.SegmentMembers, unchanged map[string]bool) map[string][]int32 {
	out := map[string][]int32{}
	for _, seg := range segs {
		if !seg.Pending && !unchanged[seg.Name] {
			out[seg.Name] = seg.Members
		}
	}
	return out
}

// encodeAll encodes each segment's members.
func encodeAll(members map[string][]int32) map[string][]byte {
	out := make(map[string][]byte, len(members))
	for name, m := range members {
		out[name] = encodeMembers(m)
	}
	return out
}
