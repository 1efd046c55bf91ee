package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/demo"
)

// TestW1MatchesSQLPeer is the differential test of bench.md: on a generated
// database, segc's W1 segment sizes equal those of the hand-written
// shared/peers/w1.sql run by sqlite3, up to one entity at a percentile
// boundary.
func TestW1MatchesSQLPeer(t *testing.T) {
	peer := filepath.Join("..", "..", "..", "shared", "peers", "w1.sql")
	if _, err := os.Stat(peer); err != nil {
		t.Fatalf("the peer %s must sit beside the repository: %v", peer, err)
	}
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatalf("the sqlite3 command is needed to run the peer: %v", err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "bench.db")
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	if _, err := demo.Generate(ctx, dbPath, demo.Options{Customers: 20000, Seed: 7, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	peerDB := filepath.Join(dir, "peer.db")
	if err := copyFile(peerDB, dbPath); err != nil {
		t.Fatal(err)
	}
	m, err := measure(ctx, peer, "sqlite3", peerDB)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parsePipeSizes(m.stdout)
	if err != nil {
		t.Fatal(err)
	}
	got := segcSizes(t, dbPath, asOf)
	for _, bad := range compareSizes(got, want) {
		t.Error(bad)
	}
	if want["cart_abandoners_today"] == 0 || want["lapsed"] == 0 || want["new_users"] == 0 {
		t.Errorf("the generated data leaves a W1 segment empty, so the comparison is weak: %v", want)
	}
}

// segcSizes evaluates examples/segments on the database and returns sizes.
func segcSizes(t *testing.T, dbPath string, asOf time.Time) map[string]int {
	t.Helper()
	p, diags, err := compileFS(os.DirFS("../../examples/segments"), "examples/segments")
	if err != nil || p == nil {
		t.Fatalf("examples/segments do not compile: %v %v", err, diags)
	}
	db, err := openDB(context.Background(), dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, diags, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: asOf})
	if err != nil {
		t.Fatalf("run failed: %v %v", err, diags)
	}
	sizes := map[string]int{}
	for _, s := range res.Summary.Segments {
		sizes[s.Name] = s.Size
	}
	return sizes
}
