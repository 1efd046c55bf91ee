package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/segc/segc/runtime/serve"
	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/serve/reload"
)

const serveExamples = `
  segc serve --db segc-demo.db --addr 127.0.0.1:8080 --token-file token.txt examples/segments
  segc serve --db segc-demo.db --addr :8080 --recompute 1h --sync full examples/segments

The API is documented in docs/openapi.yaml and docs/serve.md.
`

// serveFlags are segc serve's options.
type serveFlags struct {
	db, addr, addrFile, tokenFile, sync string
	recompute, debounce, timeout        time.Duration
	maxBody                             int64
	maxBatch                            int
	noWatch                             bool
	webhooks                            string
	outboxRetention                     time.Duration
	pathRetention                       time.Duration
}

// runServe implements `segc serve`.
func runServe(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("serve", "--db DB --addr ADDR [--token-file F] [--recompute D] PATH...", serveExamples, std)
	var f serveFlags
	fs.StringVar(&f.db, "db", "", "SQLite database holding the declared tables (required)")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	fs.StringVar(&f.addrFile, "addr-file", "", "write the address actually listened on to this file (scripts, tests)")
	fs.StringVar(&f.tokenFile, "token-file", "", "file holding the bearer token for POST endpoints; without it they are disabled")
	fs.StringVar(&f.sync, "sync", "normal", "durability of acknowledged events: normal (survives a crash of segc) or full (survives power loss)")
	fs.DurationVar(&f.recompute, "recompute", 0, "re-evaluate everything on this period (windows move as time passes), e.g. 1h; 0 never")
	fs.DurationVar(&f.debounce, "debounce", 500*time.Millisecond, "delay between an accepted event batch and the re-evaluation it triggers")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "per-request handler timeout")
	fs.Int64Var(&f.maxBody, "max-body", 8<<20, "largest request body in bytes")
	fs.IntVar(&f.maxBatch, "max-batch", 10000, "most events in one POST /v1/events")
	fs.BoolVar(&f.noWatch, "no-watch", false, "do not watch the module for changes (SIGHUP and POST /v1/reload still reload)")
	fs.StringVar(&f.webhooks, "webhooks", "", "JSON file of enter/exit webhook destinations (docs/serve.md, Webhooks)")
	fs.DurationVar(&f.outboxRetention, "outbox-retention", outbox.DefaultRetention, "keep delivered and given-up webhook outbox rows this long; 0 keeps them forever")
	fs.DurationVar(&f.pathRetention, "path-retention", 0, "replay late events' lifecycles exactly this far back, pruning older lifecycle path rows (segc_state_path) after each full evaluation; 0 keeps the path forever")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	cfg, err := f.config(fs.Args())
	if err != nil {
		return usageError(fs, "%v", err)
	}
	cfg.Logger = slog.New(slog.NewTextHandler(std.err, nil))
	return serveMain(ctx, cfg, f, std)
}

// config validates the flags and builds the server configuration.
func (f serveFlags) config(paths []string) (serve.Config, error) {
	switch {
	case f.db == "":
		return serve.Config{}, errors.New("--db is required: name the SQLite database to serve")
	case len(paths) == 0:
		return serve.Config{}, errors.New("no PATH given: name a directory of .seg files (or .seg files)")
	case f.sync != "normal" && f.sync != "full":
		return serve.Config{}, fmt.Errorf("--sync %q: use normal or full", f.sync)
	case f.recompute < 0 || f.debounce < 0 || f.timeout <= 0 || f.maxBody <= 0 || f.maxBatch <= 0 || f.outboxRetention < 0 || f.pathRetention < 0:
		return serve.Config{}, errors.New("--recompute, --debounce, --timeout, --max-body, --max-batch, --outbox-retention and --path-retention must be positive (a retention of 0 keeps rows forever)")
	}
	if _, err := singleModule(paths); err != nil {
		return serve.Config{}, err
	}
	token, err := readToken(f.tokenFile)
	if err != nil {
		return serve.Config{}, err
	}
	cfg := serve.Config{DBPath: f.db, Module: reload.Module{Paths: paths}, Sync: f.sync, Token: token,
		Debounce: f.debounce, Recompute: f.recompute, Watch: !f.noWatch, MaxBody: f.maxBody,
		MaxBatch: f.maxBatch, Timeout: f.timeout, PathRetention: f.pathRetention}
	cfg.Webhooks.Retention = f.outboxRetention
	if f.outboxRetention == 0 {
		cfg.Webhooks.Retention = -1 // keep forever
	}
	if f.webhooks != "" {
		if cfg.Webhooks.Destinations, err = outbox.LoadFile(f.webhooks); err != nil {
			return serve.Config{}, err
		}
	}
	return cfg, nil
}

// readToken reads the bearer token: the file's content, trimmed.
func readToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read --token-file: %w", unwrapPathError(err))
	}
	token := strings.TrimSpace(string(b))
	if len(token) < 16 {
		return "", fmt.Errorf("--token-file %s holds a token of %d characters; use at least 16 (for example: openssl rand -hex 32 > %s)", path, len(token), path)
	}
	return token, nil
}

// serveMain listens, evaluates once, then serves until ctx is done.
func serveMain(ctx context.Context, cfg serve.Config, f serveFlags, std stdio) int {
	srv, err := serve.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintf(std.err, "segc serve: %v\n", err)
		return exitUsage
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(std.err, "segc serve: cannot listen on %s: %v\n", f.addr, err)
		return exitUsage
	}
	if code := announce(ln.Addr().String(), f.addrFile, std.err); code >= 0 {
		ln.Close()
		return code
	}
	httpSrv := newHTTPServer(srv.Handler(), f.timeout)
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	code := runUntilDone(ctx, srv, served, std.err)
	shutdown(httpSrv)
	return code
}

// announce prints the address (and writes --addr-file).
func announce(addr, addrFile string, w io.Writer) int {
	fmt.Fprintf(w, "segc serve: listening on http://%s\n", addr)
	if addrFile == "" {
		return -1
	}
	if err := os.WriteFile(addrFile, []byte(addr+"\n"), 0o644); err != nil {
		fmt.Fprintf(w, "segc serve: --addr-file: %v\n", err)
		return exitUsage
	}
	return -1
}

// newHTTPServer bounds every phase of a connection.
func newHTTPServer(h http.Handler, timeout time.Duration) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: timeout + 5*time.Second,
		WriteTimeout: timeout + 5*time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
}

// runUntilDone evaluates once, then runs the server's loop and reloads
// on SIGHUP until ctx is done or the listener fails.
func runUntilDone(ctx context.Context, srv *serve.Server, served <-chan error, w io.Writer) int {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // before Start: a SIGHUP during it must not end the process
	defer signal.Stop(hup)
	if err := srv.Start(ctx); err != nil {
		fmt.Fprintf(w, "segc serve: %v\n", err)
		return exitFindings
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go srv.Run(ctx)
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(w, "segc serve: stopping (interrupted): finishing the requests in flight, up to 10 s")
			return exitOK
		case <-hup:
			srv.RequestReload("sighup")
		case err := <-served:
			fmt.Fprintf(w, "segc serve: %v\n", err)
			return exitFindings
		}
	}
}

// shutdown lets in-flight requests finish (up to 10 s).
func shutdown(s *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.Shutdown(ctx)
}
