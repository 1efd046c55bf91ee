package reload

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports changes to a module's files. It watches directories, not
// files, so that an editor's atomic save (write a temporary file, rename it
// over the original) is seen, and it debounces bursts into one notice.
type Watcher struct {
	w        *fsnotify.Watcher
	module   Module
	debounce time.Duration
}

// NewWatcher watches the module's directories.
func NewWatcher(m Module, debounce time.Duration) (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching the module: %w", err)
	}
	for _, dir := range m.Dirs() {
		if err := w.Add(dir); err != nil {
			w.Close()
			return nil, fmt.Errorf("watching %s: %w", dir, err)
		}
	}
	return &Watcher{w: w, module: m, debounce: debounce}, nil
}

// Run calls changed once per burst of relevant file events, debounce after
// the last event of the burst, and onError for watch errors, until ctx is
// done. It closes the watcher when it returns.
func (w *Watcher) Run(ctx context.Context, changed func(), onError func(error)) {
	defer w.w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if w.relevant(ev) {
				timer.Reset(w.debounce)
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			onError(err)
		case <-timer.C:
			changed()
		}
	}
}

// relevant reports whether an event touches one of the module's files: a
// .seg file of a watched directory path, or one of the named file paths.
func (w *Watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	abs, err := filepath.Abs(ev.Name)
	if err != nil {
		return false
	}
	for _, p := range w.module.Paths {
		pa, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if pa == abs || (filepath.Dir(abs) == pa && IsModuleFile(filepath.Base(abs))) {
			return true
		}
	}
	return false
}

// Close stops watching; Run also closes the watcher when it returns.
func (w *Watcher) Close() error { return w.w.Close() }
