package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// runVersion prints the module version recorded in the binary.
func runVersion(_ context.Context, _ []string, std stdio) int {
	v := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	fmt.Fprintf(std.out, "segc %s\n", v)
	return exitOK
}
