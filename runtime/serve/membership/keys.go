// Package membership is serve's in-memory, immutable copy of the stored
// membership (segc_members) of one evaluation: every stored segment's
// members sorted by entity key, with their since, and the evaluated
// population, for lookups by entity and paging by key.
package membership

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// MaxKeyLen caps the length of a string entity key in a request.
const MaxKeyLen = 4096

// keyCol is a sorted column of entity keys: exactly one of ints and strs
// is used, by the plan's key type.
type keyCol struct {
	ints []int64
	strs []string
	str  bool
}

func (k *keyCol) len() int {
	if k.str {
		return len(k.strs)
	}
	return len(k.ints)
}

// at returns the i-th key as int64 or string.
func (k *keyCol) at(i int) any {
	if k.str {
		return k.strs[i]
	}
	return k.ints[i]
}

// search returns the position of key, or where it would be, and whether
// it is there.
func (k *keyCol) search(key any) (int, bool) {
	if k.str {
		s, _ := key.(string)
		return slices.BinarySearch(k.strs, s)
	}
	n, _ := key.(int64)
	return slices.BinarySearch(k.ints, n)
}

// after returns the position of the first key strictly after key.
func (k *keyCol) after(key any) int {
	i, found := k.search(key)
	if found {
		i++
	}
	return i
}

// seek returns the first position at or after from whose key is >= key.
func (k *keyCol) seek(from int, key any) int {
	if k.str {
		s := key.(string)
		for from < len(k.strs) && k.strs[from] < s {
			from++
		}
		return from
	}
	n := key.(int64)
	for from < len(k.ints) && k.ints[from] < n {
		from++
	}
	return from
}

// equal reports whether the key at i is key.
func (k *keyCol) equal(i int, key any) bool {
	if k.str {
		return k.strs[i] == key.(string)
	}
	return k.ints[i] == key.(int64)
}

// sortedPopulation copies and sorts a run's population keys.
func sortedPopulation(keys store.Keys, str bool) keyCol {
	if str {
		return keyCol{strs: slices.Sorted(slices.Values(keys.Strs)), str: true}
	}
	return keyCol{ints: slices.Sorted(slices.Values(keys.Ints))}
}

// ParseKey reads an entity key from request text according to the plan's
// key type.
func ParseKey(keyType types.Type, text string) (any, error) {
	if keyType.Kind == types.Int {
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("entity id %q is not an integer: this module's entity keys are integers", truncate(text))
		}
		return n, nil
	}
	if text == "" || len(text) > MaxKeyLen || !utf8.ValidString(text) {
		return nil, fmt.Errorf("entity id must be non-empty UTF-8 of at most %d bytes", MaxKeyLen)
	}
	return text, nil
}

// truncate shortens text quoted in an error message.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
