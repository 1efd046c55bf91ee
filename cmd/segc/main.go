// Command segc compiles declarative audience segment definitions (.seg files)
// into an evaluation plan and runs it against feature tables in SQLite.
//
// Usage:
//
//	segc <command> [flags] [PATH...]
//
// Run `segc help` for the list of commands and `segc <command> -h` for the
// flags and examples of one command.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(segcMain())
}

// segcMain runs the command line and returns the process exit code. It is
// separate from main so the CLI scripts in testdata/script can run it.
func segcMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return dispatch(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}
