// Command segc compiles declarative audience segment definitions (.seg files)
// into an evaluation plan and runs it against feature tables in SQLite.
//
// Usage:
//
//	segc <command> [flags] [PATH...]
//
// Run `segc help` for the list of commands and `segc <command> -h` for the
// flags and examples of one command.
//
// For performance work, the hidden environment variable SEGC_CPUPROFILE=path
// writes a CPU profile of the whole command to path.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	stop := startCPUProfile(os.Getenv("SEGC_CPUPROFILE"))
	code := segcMain()
	stop()
	os.Exit(code)
}

// segcMain runs the command line and returns the process exit code. It is
// separate from main so the CLI scripts in testdata/script can run it.
func segcMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return dispatch(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called; an empty path profiles nothing.
func startCPUProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "segc: SEGC_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "segc: SEGC_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
