package incremental

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/demo"
)

// TestR7MutatedStateNeverPanics: every stored state blob, cut short or
// with bytes changed at random, must make the next run either decode it
// (the bytes still make sense) or run cold, never panic or fail: the
// decoders read without bounds checks per value now, so their checks up
// front must hold for any input.
func TestR7MutatedStateNeverPanics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs W1 about a hundred times")
	}
	ctx := context.Background()
	p := compileW1(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	saved := filepath.Join(dir, "saved.db")
	db := openCopy(t, base, saved)
	commitRun(t, db, p, day0, Options{})
	var names []string
	rows, err := db.Query(`SELECT name FROM segc_inc_blobs ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	db.Close()
	r := rand.New(rand.NewPCG(7, 7))
	for _, name := range names {
		for trial := range 6 {
			t.Run(fmt.Sprintf("%s/%d", name, trial), func(t *testing.T) {
				db := openCopy(t, saved, filepath.Join(t.TempDir(), "x.db"))
				var v []byte
				if err := db.QueryRow(`SELECT v FROM segc_inc_blobs WHERE name = ?`, name).Scan(&v); err != nil || len(v) == 0 {
					t.Skipf("blob %s: %v", name, err)
				}
				how := mutate(r, v, trial)
				if _, err := db.Exec(`UPDATE segc_inc_blobs SET v = ? WHERE name = ?`, v[:len(v)-how.cut], name); err != nil {
					t.Fatal(err)
				}
				_, info, err := Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: day0.AddDate(0, 0, 1)}, Options{DryRun: true})
				if err != nil {
					t.Errorf("%s (%s): run failed instead of running cold: %v", name, how, err)
				} else {
					t.Logf("%s (%s): %v", name, how, info)
				}
			})
		}
	}
}

// mutation says what mutate did.
type mutation struct {
	at, cut int
	kind    string
}

func (m mutation) String() string { return fmt.Sprintf("%s at %d, cut %d", m.kind, m.at, m.cut) }

// mutate changes v in place: trials 0-1 cut it, 2-3 flip a byte, 4-5
// set 8 bytes to 0xff.
func mutate(r *rand.Rand, v []byte, trial int) mutation {
	at := r.IntN(len(v))
	switch trial / 2 {
	case 0:
		return mutation{at: at, cut: len(v) - at, kind: "cut"}
	case 1:
		v[at] ^= byte(1 + r.IntN(255))
		return mutation{at: at, kind: "flip"}
	}
	for i := at; i < min(at+8, len(v)); i++ {
		v[i] = 0xff
	}
	return mutation{at: at, kind: "0xff"}
}
