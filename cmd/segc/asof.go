package main

import (
	"fmt"
	"time"
)

// asOfLayouts returns the accepted spellings of an instant flag such as
// --as-of, --since, --from and --to (product.md, Time).
func asOfLayouts() []string {
	return []string{"2006-01-02", "2006-01-02 15:04:05", time.RFC3339, time.RFC3339Nano}
}

// parseInstant reads the value of the instant flag named flag (as-of,
// since, from, to) as UTC; empty means now, truncated to whole seconds. The
// error names the flag and the accepted layouts.
func parseInstant(flag, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now.UTC().Truncate(time.Second), nil
	}
	for _, layout := range asOfLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read --%s %q: write YYYY-MM-DD, \"YYYY-MM-DD HH:MM:SS\" or RFC 3339 (2026-06-30T12:00:00Z)", flag, s)
}
