package incremental

import "testing"

// TestLateBuffersFit: the late lane reads blobs (ascending by size) into
// its buffer while they fit, then into the spare (the base's) once one
// does not, and allocates only when the spare is too small too, once,
// for the largest blob.
func TestLateBuffersFit(t *testing.T) {
	sizes := []int{1, 2, 5, 8}
	blobs := make([]storedBlob, len(sizes))
	for i, n := range sizes {
		blobs[i] = storedBlob{rowid: int64(i), size: n}
	}
	tests := []struct {
		name  string
		spare int // its capacity; -1: none
		want  []string
	}{
		{"spare large enough", 10, []string{"buf", "buf", "spare", "spare"}},
		{"spare too small", 4, []string{"buf", "buf", "new", "new"}},
		{"no spare", -1, []string{"buf", "buf", "new", "new"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf, spare := make([]byte, 0, 2), []byte(nil)
			lb := lateBuffers{buf: buf}
			waited := 0
			if tc.spare >= 0 {
				spare = make([]byte, 0, tc.spare)
				lb.spare = func() []byte { waited++; return spare }
			}
			var news [][]byte
			for i := range blobs {
				got := lb.fit(blobs, i)
				kind := "new"
				switch {
				case cap(got) > 0 && &got[:1][0] == &buf[:1][0]:
					kind = "buf"
				case spare != nil && cap(got) > 0 && &got[:1][0] == &spare[:1][0]:
					kind = "spare"
				default:
					news = append(news, got)
				}
				if kind != tc.want[i] || cap(got) < blobs[i].size {
					t.Errorf("blob %d (%d bytes): %s buffer of %d, want %s", i, blobs[i].size, kind, cap(got), tc.want[i])
				}
				lb.buf = got[:blobs[i].size]
			}
			if len(news) > 0 && (cap(news[0]) != 8 || &news[0][:1][0] != &news[len(news)-1][:1][0]) {
				t.Errorf("new buffers: %d, the first of %d bytes; want one of 8", len(news), cap(news[0]))
			}
			if waited > 1 {
				t.Errorf("waited for the spare %d times", waited)
			}
		})
	}
}
