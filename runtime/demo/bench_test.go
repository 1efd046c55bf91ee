package demo

import (
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"
)

var timedCustomers = flag.Int("demo.customers", 0, "generate this many customers in TestTimedGenerate and log the time")

// TestTimedGenerate logs how long a generation takes; it is skipped unless
// -demo.customers is given (e.g. go test -run TestTimedGenerate -v -demo.customers=1000000).
func TestTimedGenerate(t *testing.T) {
	if *timedCustomers == 0 {
		t.Skip("pass -demo.customers=N to time a generation")
	}
	path := filepath.Join(t.TempDir(), "bench.db")
	start := time.Now()
	stats, err := Generate(context.Background(), path, Options{Customers: *timedCustomers, Seed: 1,
		Progress: func(s string) { t.Logf("%7.2fs %s", time.Since(start).Seconds(), s) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d customers, %d events, %d purchases in %.2fs", stats.Customers, stats.Events, stats.Purchases, stats.Elapsed.Seconds())
}

// BenchmarkGenerate100k measures a 100k-customer database (about 1M events).
func BenchmarkGenerate100k(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		_, err := Generate(context.Background(), filepath.Join(dir, "bench.db"), Options{Customers: 100_000, Seed: 1, Overwrite: true})
		if err != nil {
			b.Fatal(err)
		}
	}
}
