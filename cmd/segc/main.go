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
// For performance work, the hidden environment variables SEGC_CPUPROFILE=path
// and SEGC_MEMPROFILE=path write a CPU profile of the whole command, and a
// heap profile (every allocation, sampled) at its end, to path.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := startCPUProfile(os.Getenv("SEGC_CPUPROFILE"))
	code := segcMain()
	stop()
	writeHeapProfile(os.Getenv("SEGC_MEMPROFILE"))
	os.Exit(code)
}

// segcMain runs the command line and returns the process exit code. It is
// separate from main so the CLI scripts in testdata/script can run it.
func segcMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return dispatch(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}
