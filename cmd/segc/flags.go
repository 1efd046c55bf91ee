package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

// newFlags makes a flag set whose usage text shows the synopsis, the flags
// and examples, and whose errors go to the command's stderr.
func newFlags(name, synopsis, examples string, std stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("segc "+name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: segc %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(fs.Output(), "\nExamples:\n%s", strings.TrimLeft(examples, "\n"))
		}
	}
	return fs
}

// parseFlags parses args and maps the outcome to an exit code: -1 means go
// on, anything else is the code to return (0 after -h).
func parseFlags(fs *flag.FlagSet, args []string) int {
	err := fs.Parse(args)
	switch {
	case err == nil && !flagAfterPaths(fs, args):
		return -1
	case err == nil:
		return exitUsage
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	default:
		return exitUsage
	}
}

// flagAfterPaths reports a flag written after the first path, which the
// flag package would take for a path ("cannot read --infos=false"). A
// lone "-" (stdin) is a path, and "--" lets paths start with "-".
func flagAfterPaths(fs *flag.FlagSet, args []string) bool {
	rest := fs.Args()
	if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
		return false
	}
	for _, a := range rest {
		if len(a) > 1 && strings.HasPrefix(a, "-") {
			usageError(fs, "%s comes after a path: flags go before the paths", a)
			return true
		}
	}
	return false
}

// usageError prints a usage message for a bad argument and returns exitUsage.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), "%s: %s\nRun '%s -h' for usage.\n", fs.Name(), fmt.Sprintf(format, args...), fs.Name())
	return exitUsage
}
