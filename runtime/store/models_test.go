package store

import (
	"context"
	"reflect"
	"testing"
)

func TestModelsRoundTrip(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if m, err := ReadLatestModel(ctx, db, "rfm"); err != nil || m != nil {
		t.Fatalf("before any run: %v %v, want no model", m, err)
	}
	out := &Outcome{Keys: Keys{Ints: []int64{1, 2}},
		Segments:  []SegmentMembers{{Name: "rfm.c1", Members: []int32{0}}, {Name: "rfm.c2", Members: []int32{1}}},
		Models:    []ModelRow{{Name: "rfm", Version: 1, TrainedAt: day(1), Spec: `{"k":2}`, Model: `{"ids":[0,1]}`, Metrics: `{"inertia":1.5}`}},
		ModelRuns: []ModelRunRow{{Name: "rfm", Version: 1, Metrics: `{"sizes":[1,1]}`}}}
	commitChecked(t, db, runAt(1), out)
	out.Models = []ModelRow{{Name: "rfm", Version: 2, TrainedAt: day(2), Spec: `{"k":2}`, Model: `{"ids":[1,0]}`, Metrics: `{}`}}
	commitChecked(t, db, runAt(2), out)
	got, err := ReadLatestModel(ctx, db, "rfm")
	if err != nil {
		t.Fatal(err)
	}
	want := &ModelRow{Name: "rfm", Version: 2, TrainedAt: day(2), Spec: `{"k":2}`, Model: `{"ids":[1,0]}`, Metrics: `{}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("latest model %+v, want %+v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM segc_model_runs WHERE name = 'rfm'`); n != 2 {
		t.Errorf("%d model run rows, want one per run (2)", n)
	}
	keys, err := ReadSegmentMembers(ctx, db, "rfm.c2")
	if err != nil || !reflect.DeepEqual(keys.Ints, []int64{2}) {
		t.Errorf("members of rfm.c2 = %v %v, want [2]", keys, err)
	}
}

func TestModelsRollBackWithTheRun(t *testing.T) {
	db := openDB(t)
	out := &Outcome{Keys: Keys{Ints: []int64{1}},
		Models: []ModelRow{{Name: "rfm", Version: 1, TrainedAt: day(1), Spec: "{}", Model: "{}"}, {Name: "rfm", Version: 1, TrainedAt: day(1), Spec: "{}", Model: "{}"}}}
	if _, err := Commit(context.Background(), db, runAt(1), out); err == nil {
		t.Fatal("a duplicate model version committed")
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = 'segc_models'`); n != 0 {
		t.Errorf("the failed commit left %d segc_models tables, want none (nothing of it is kept)", n)
	}
}
