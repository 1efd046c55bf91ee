package sqlbatch

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// perVFSInChild runs scenario, for the default VFS and for the journal
// VFS, in a child process of the test binary (a file size limit is
// process-wide), on a fresh journalFixture, then check on the result in
// this process. The child is the same test run again with env set to
// "<vfs> <path>", so a test calls perVFSInChild and nothing else.
func perVFSInChild(t *testing.T, env string, scenario func(t *testing.T, path string, vfs bool), check func(t *testing.T, path string, vfs bool)) {
	if spec := os.Getenv(env); spec != "" {
		var vfs bool
		var path string
		if _, err := fmt.Sscanf(spec, "%t %s", &vfs, &path); err != nil {
			t.Fatal(err)
		}
		scenario(t, path, vfs)
		return
	}
	run := "-test.run=^" + t.Name() + "$"
	for _, vfs := range []bool{false, true} {
		t.Run(fmt.Sprintf("vfs=%t", vfs), func(t *testing.T) {
			path := journalFixture(t)
			cmd := exec.Command(os.Args[0], run, "-test.v")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%t %s", env, vfs, path))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("helper: %v\n%s", err, out)
			}
			t.Logf("helper:\n%s", out)
			check(t, path, vfs)
		})
	}
}
