package cluster

import (
	"context"
	"testing"
)

func TestAutoKFindsTheBlobs(t *testing.T) {
	x := loadCSV(t, "blobs.csv", 0)
	r, err := AutoK(context.Background(), x, 2, 6, Options{NInit: 3, Seed: 1}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if r.K != 4 || len(r.Scores) != 5 || r.Model.Centroids.Rows != 4 {
		t.Errorf("chose k=%d from %+v, want 4 (the data has 4 blobs)", r.K, r.Scores)
	}
	if _, err := AutoK(context.Background(), x, 1, 3, Options{}, 0); err == nil {
		t.Error("lo=1: want an error")
	}
}
