package incremental

import (
	"context"
	"database/sql"
	"errors"

	"github.com/segc/segc/runtime/internal/wire"
	"github.com/segc/segc/runtime/store"
)

// sinceBlobPrefix names the since of each stored member of a segment
// that sets its own (a trigger's, "since.<segment>"), parallel to its
// members blob, so that the next run finds the members whose since
// moved (they exit and enter again) in memory instead of reading the
// segment's rows of segc_members.
const sinceBlobPrefix = "since."

// errSince is returned for a since blob that does not decode.
var errSince = errors.New("corrupt stored member since")

// encodeSince writes the members' since values, packed.
func encodeSince(since []int64) []byte { return wire.AppendInts(nil, since) }

// decodeSince reads what encodeSince wrote.
func decodeSince(b []byte) ([]int64, error) {
	s, rest, ok := wire.Ints(b, 0)
	if !ok || len(rest) != 0 {
		return nil, errSince
	}
	return s, nil
}

// sinceChange is the change of a segment that sets its own since against
// its stored members prev with their since prevSince: the members that
// enter or exit, and, as both an exit and an entry, those at both runs
// whose since moved (the store's restarted members), so that the store
// writes what it would after diffing segc_members. ok is false when the
// stored since does not line up with the stored members.
func sinceChange(prev []int32, prevSince []int64, seg store.SegmentMembers) (entered, exited []int32, ok bool) {
	if len(prevSince) != len(prev) || len(seg.Since) != len(seg.Members) {
		return nil, nil, false
	}
	i := 0
	for j, e := range seg.Members {
		for i < len(prev) && prev[i] < e {
			exited = append(exited, prev[i])
			i++
		}
		switch {
		case i < len(prev) && prev[i] == e:
			if prevSince[i] != seg.Since[j] {
				entered, exited = append(entered, e), append(exited, e)
			}
			i++
		default:
			entered = append(entered, e)
		}
	}
	return entered, append(exited, prev[i:]...), true
}

// saveSince writes the since of seg's members when it sets its own.
func saveSince(ctx context.Context, conn *sql.Conn, seg store.SegmentMembers) error {
	if seg.Since == nil {
		return nil
	}
	_, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_blobs(name, v) VALUES (?, ?)`, sinceBlobPrefix+seg.Name, encodeSince(seg.Since))
	return err
}
