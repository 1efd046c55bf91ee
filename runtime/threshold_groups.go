package runtime

import (
	"unsafe"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// groupValues splits the non-null values of the population's members
// by group, in entity order. The groups share one slice of exactly the
// values' size: a first pass counts each group's values, a second writes
// each value at its group's next place.
func groupValues(gid []int32, groups int, vals eval.Vec, pop []bool) [][]float64 {
	next := make([]int, groups+1)
	valid := groupValidity(vals)
	for i, g := range gid {
		if g >= 0 && (pop == nil || pop[i]) {
			next[g+1] += boolInt(valid == nil || valid[i])
		}
	}
	for g := range groups {
		next[g+1] += next[g]
	}
	all := make([]float64, next[groups])
	out := make([][]float64, groups)
	for g := range groups {
		out[g] = all[next[g]:next[g+1]:next[g+1]]
	}
	for i, g := range gid {
		if g >= 0 && (pop == nil || pop[i]) && (valid == nil || valid[i]) {
			all[next[g]] = vals.F[i]
			next[g]++
		}
	}
	return out
}

// groupsInPopulation says which groups have a member in the population,
// values or not. Without a population (pop nil) that is every group,
// since groupIDs makes a group only for a key some entity has.
func groupsInPopulation(gid []int32, groups int, pop []bool) []bool {
	in := make([]bool, groups)
	if pop == nil {
		fill(in, true)
		return in
	}
	for i, g := range gid {
		if g >= 0 && pop[i] {
			in[g] = true
		}
	}
	return in
}

// groupValidity returns the mask of vals' non-null values: nil when all
// are valid, all false for a null Vec.
func groupValidity(vals eval.Vec) []bool {
	if vals.Kind == types.Null {
		return make([]bool, vals.N)
	}
	return vals.Valid
}

// groupIDs numbers the distinct non-null values of by in first-seen
// order: gid[i] is entity i's group, -1 when its value is null, and
// keys[g] is group g's value boxed as Vec.Value boxes it.
func groupIDs(by eval.Vec) ([]int32, []any) {
	switch {
	case by.S != nil:
		return numberStrings(by)
	case by.I != nil:
		return numberGroups(by, by.I)
	case by.F != nil:
		return numberGroups(by, by.F)
	case by.B != nil:
		return numberGroups(by, by.B)
	}
	gid := make([]int32, by.N)
	for i := range gid {
		gid[i] = -1
	}
	return gid, nil
}

// numberGroups is groupIDs over one typed data slice. A NaN never equals
// itself, so, as with a map keyed by value, each NaN is its own group.
func numberGroups[T comparable](by eval.Vec, data []T) ([]int32, []any) {
	gid := make([]int32, by.N)
	ids := map[T]int32{}
	var keys []any
	for i := 0; i < by.N; i++ {
		if by.IsNull(i) {
			gid[i] = -1
			continue
		}
		g, ok := ids[data[i]]
		if !ok {
			g = int32(len(keys))
			ids[data[i]] = g
			keys = append(keys, by.Value(i))
		}
		gid[i] = g
	}
	return gid, keys
}

// numberStrings is numberGroups for strings. The loader interns a
// column's few distinct strings, so equal keys mostly share their bytes:
// a small cache keyed by the bytes' address finds a key's group without
// hashing or comparing it, and only an address not seen yet goes through
// the map by value. by keeps every string alive meanwhile, so an address
// seen once still holds the same bytes.
func numberStrings(by eval.Vec) ([]int32, []any) {
	gid := make([]int32, by.N)
	ids := map[string]int32{}
	var keys []any
	var seen addrCache
	for i, s := range by.S[:by.N] {
		if by.IsNull(i) {
			gid[i] = -1
			continue
		}
		if g, ok := seen.get(s); ok {
			gid[i] = g
			continue
		}
		g, ok := ids[s]
		if !ok {
			g = int32(len(keys))
			ids[s] = g
			keys = append(keys, s)
		}
		seen.put(s, g)
		gid[i] = g
	}
	return gid, keys
}

// addrCache maps a string's (address, length) to its group: a direct
// mapped table, so a collision just replaces the older entry.
type addrCache [256]struct {
	addr uintptr
	n    int
	g    int32
}

// slot returns s's address and its place in the table; the address is
// 0 for an empty string, which the cache never holds.
func (c *addrCache) slot(s string) (uintptr, int) {
	if s == "" {
		return 0, 0
	}
	a := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return a, int((uint64(a) * 0x9e3779b97f4a7c15) >> 56)
}

// get returns s's group when its bytes were seen.
func (c *addrCache) get(s string) (int32, bool) {
	a, k := c.slot(s)
	e := &c[k]
	return e.g, a != 0 && e.addr == a && e.n == len(s)
}

// put remembers s's group by the address of its bytes.
func (c *addrCache) put(s string, g int32) {
	if a, k := c.slot(s); a != 0 {
		c[k].addr, c[k].n, c[k].g = a, len(s), g
	}
}
