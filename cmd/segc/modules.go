package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// moduleFiles groups PATH arguments into modules: each directory is one
// module made of its .seg files (test files excluded), and all plain file
// arguments together form one more module.
func moduleFiles(paths []string) ([][]string, error) {
	var modules [][]string
	var loose []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			loose = append(loose, p)
			continue
		}
		files, err := segFilesIn(p)
		if err != nil {
			return nil, err
		}
		modules = append(modules, files)
	}
	if len(loose) > 0 {
		modules = append(modules, loose)
	}
	return modules, nil
}

// segFilesIn lists the module files of a directory, sorted.
func segFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read directory %s: %w", dir, unwrapPathError(err))
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, ".seg") && !strings.HasSuffix(name, "_test.seg") {
			files = append(files, filepath.Join(dir, name))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("directory %s has no .seg files", dir)
	}
	sort.Strings(files)
	return files, nil
}

// singleModule requires the paths to form exactly one module.
func singleModule(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no PATH given: name a .seg file or a directory of them")
	}
	mods, err := moduleFiles(paths)
	if err != nil {
		return nil, err
	}
	if len(mods) != 1 {
		return nil, fmt.Errorf("the paths form %d modules; this command evaluates one: give one directory, or files only", len(mods))
	}
	return mods[0], nil
}

// unwrapPathError drops the path from an *os.PathError, which the caller's
// message already names.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
