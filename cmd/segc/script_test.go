package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the cmp files of testdata/script from the actual output")

// TestMain lets the CLI scripts run `segc` in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"segc": func() { os.Exit(segcMain()) },
	})
}

// TestScripts runs the txtar CLI scripts in testdata/script. Each script
// checks exit codes, stdout and stderr of segc commands. $EXAMPLES is the
// repository's examples directory and $SHARED the shared data beside it.
func TestScripts(t *testing.T) {
	examples, _ := filepath.Abs("../../examples")
	shared, _ := filepath.Abs("../../../shared")
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("SHARED", shared)
			return nil
		},
	})
}
