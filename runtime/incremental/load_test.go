package incremental

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/segc/segc/runtime/demo"
)

// TestLoadSavedErrors: only missing state tables mean "no state"; any
// other failure to read the state fails the run.
func TestLoadSavedErrors(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	base := filepath.Join(t.TempDir(), "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 100, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		saved   bool   // a run saved a state first
		change  string // then this statement
		ctx     context.Context
		wantErr bool
		wantNil bool
	}{
		{name: "no state tables", ctx: ctx, wantNil: true},
		{name: "a state", saved: true, ctx: ctx},
		{name: "cancelled", saved: true, ctx: cancelled, wantErr: true},
		{name: "meta without values", saved: true, change: `DROP TABLE segc_inc_meta; CREATE TABLE segc_inc_meta(name TEXT)`, ctx: ctx, wantErr: true},
		{name: "meta gone", saved: true, change: `DROP TABLE segc_inc_meta`, ctx: ctx, wantNil: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
			if tc.saved {
				commitRun(t, db, p, day0, Options{})
			}
			if tc.change != "" {
				if _, err := db.Exec(tc.change); err != nil {
					t.Fatal(err)
				}
			}
			s, err := loadSaved(tc.ctx, db, p)
			if s != nil {
				s.finishLoad()
			}
			if (err != nil) != tc.wantErr || (s == nil) != (tc.wantNil || tc.wantErr) {
				t.Errorf("got %v, %v; want error %v, nil state %v", s != nil, err, tc.wantErr, tc.wantNil)
			}
		})
	}
}
