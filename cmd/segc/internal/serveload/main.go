// Command serveload is a small load generator for segc serve, for loopback
// use only: it refuses any address that is not a loopback address, and it
// stops after --duration (at most 2 minutes) or --count requests, whichever
// comes first. It reports throughput and p50/p99/max latency and, with
// --server-pid, the server's CPU time per request (on a shared machine a
// steadier measure than throughput) and the load average.
//
//	go run ./cmd/segc/internal/serveload --addr 127.0.0.1:8080 --mode lookups --keys 1000000 --duration 10s
//	go run ./cmd/segc/internal/serveload --addr 127.0.0.1:8080 --mode ingest --token-file token.txt \
//	    --batch 500 --event '{"event_id": $ID, "customer_id": $KEY, "ts": $NOW, "type": "page_view"}'
//
// In the --event template, $KEY is a random entity key (1..--keys, quoted
// with --key-prefix), $ID a unique integer id and $NOW the current Unix
// second.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	addr, mode, tokenFile, event, keyPrefix, log string
	client                                       string
	duration                                     time.Duration
	count, concurrency, batch, keys              int
	serverPID                                    int
}

const maxDuration = 2 * time.Minute

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:8080", "segc serve's address (loopback only)")
	flag.StringVar(&o.mode, "mode", "lookups", "lookups (GET /v1/entities/{id}) or ingest (POST /v1/events)")
	flag.StringVar(&o.tokenFile, "token-file", "", "bearer token file, for ingest")
	flag.StringVar(&o.event, "event", `{"event_id": $ID, "customer_id": $KEY, "ts": $NOW, "type": "page_view"}`, "event JSON template for ingest")
	flag.StringVar(&o.keyPrefix, "key-prefix", "", "string keys: prefix + number, quoted (default: integer keys)")
	flag.StringVar(&o.client, "client", "raw", "raw (a minimal keep-alive HTTP/1.1 client, light on CPU) or net (net/http)")
	flag.StringVar(&o.log, "log", "", "event log name, when the module declares several")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to run (at most 2m)")
	flag.IntVar(&o.count, "count", 1_000_000, "stop after this many requests")
	flag.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	flag.IntVar(&o.batch, "batch", 500, "events per POST, for ingest")
	flag.IntVar(&o.keys, "keys", 1000, "entity keys are drawn from 1..keys")
	flag.IntVar(&o.serverPID, "server-pid", 0, "segc serve's process id: also report its CPU time (user+sys) over the run, per request (Linux)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "serveload: %v\n", err)
		os.Exit(2)
	}
}

func run(o options) error {
	if err := checkLoopback(o.addr); err != nil {
		return err
	}
	if o.duration <= 0 || o.duration > maxDuration || o.count <= 0 || o.concurrency <= 0 || o.concurrency > 256 || o.keys <= 0 {
		return fmt.Errorf("--duration must be in (0, %s], --count and --keys positive, --concurrency 1..256", maxDuration)
	}
	if o.client != "raw" && o.client != "net" {
		return fmt.Errorf("--client %q: use raw or net", o.client)
	}
	w, err := newWorkload(o)
	if err != nil {
		return err
	}
	cpu0, err := serverCPU(o.serverPID)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	rep := drive(ctx, o, w)
	if cpu1, err := serverCPU(o.serverPID); err == nil && o.serverPID > 0 {
		rep.serverCPU = cpu1 - cpu0
	}
	rep.print(os.Stdout, o)
	return nil
}

// serverCPU is the server's CPU time so far, 0 without --server-pid.
func serverCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, nil
	}
	return processCPU(pid)
}

// checkLoopback refuses non-loopback targets.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v", addr, err)
	}
	ips, err := net.LookupIP(host)
	if err != nil || len(ips) == 0 {
		return fmt.Errorf("--addr %q: cannot resolve %s", addr, host)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("--addr %q is not a loopback address: this tool only loads a local server", addr)
		}
	}
	return nil
}

// newClient makes an HTTP client with enough idle connections for the
// concurrency.
func newClient(concurrency int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = concurrency*2, concurrency*2
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}

func readToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}
