package ingest

import (
	"strconv"
	"time"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/load"
)

func unixTime(secs int64) time.Time { return time.Unix(secs, 0).UTC() }

// samePayload reports whether a stored row (the payload columns, id
// excluded, as SELECTed) holds the same event as ev, comparing by meaning:
// times as instants, booleans as 0/1, numbers numerically.
func (s *Schema) samePayload(stored []any, ev Event) bool {
	k := 0
	for j, c := range s.Columns {
		if c.Role == RoleID {
			continue
		}
		if !sameValue(c.Type.Kind, stored[k], ev.Values[j]) {
			return false
		}
		k++
	}
	return true
}

// sameValue compares a stored SQLite value with an ingested one of kind k.
func sameValue(k types.Kind, stored, fresh any) bool {
	if stored == nil || fresh == nil {
		return stored == nil && fresh == nil
	}
	switch k {
	case types.Time:
		a, okA := storedUnix(stored)
		b, okB := storedUnix(fresh)
		return okA && okB && a == b
	case types.Float:
		a, okA := storedFloat(stored)
		b, okB := storedFloat(fresh)
		return okA && okB && a == b
	case types.String:
		return storedText(stored) == storedText(fresh)
	}
	a, okA := storedInt(stored)
	b, okB := storedInt(fresh)
	return okA && okB && a == b
}

func storedText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return ""
}

func storedUnix(v any) (int64, bool) {
	if n, ok := v.(int64); ok {
		return n, true
	}
	return load.ParseTime(storedText(v))
}

func storedFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	f, err := strconv.ParseFloat(storedText(v), 64)
	return f, err == nil
}

// storedInt reads integers, integral reals and the boolean spellings
// segc accepts.
func storedInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), float64(int64(x)) == x
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	t := storedText(v)
	switch t {
	case "true", "TRUE", "True", "t", "yes":
		return 1, true
	case "false", "FALSE", "False", "f", "no":
		return 0, true
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil
}
