package store

import (
	"fmt"
	"strconv"
	"testing"
)

func TestMergeDiff(t *testing.T) {
	tests := []struct {
		prev, next     []int64
		added, removed string
	}{
		{nil, nil, "[]", "[]"},
		{nil, []int64{1, 2}, "[1 2]", "[]"},
		{[]int64{1, 2}, nil, "[]", "[1 2]"},
		{[]int64{1, 3, 5}, []int64{2, 3, 6}, "[2 6]", "[1 5]"},
		{[]int64{1, 2, 3}, []int64{1, 2, 3}, "[]", "[]"},
	}
	for _, tt := range tests {
		added, removed := mergeDiff(tt.prev, tt.next)
		if fmt.Sprint(added) != tt.added || fmt.Sprint(removed) != tt.removed {
			t.Errorf("mergeDiff(%v, %v) = %v, %v; want %s, %s", tt.prev, tt.next, added, removed, tt.added, tt.removed)
		}
	}
}

func TestParseKeyArray(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`[]`, "{[] []}"},
		{`[3,1,"b","a"]`, `{[1 3] ["a" "b"]}`},
		{`[-9223372036854775808,"x\u0001\"\\\n"]`, `{[-9223372036854775808] ["x\x01\"\\\n"]}`},
		{"[\"\xff\\u0002\"]", `{[] ["\xff\x02"]}`},
	}
	for _, tt := range tests {
		k, err := parseKeyArray(tt.in)
		if err != nil {
			t.Errorf("parseKeyArray(%q): %v", tt.in, err)
			continue
		}
		if got := fmt.Sprintf("{%v %q}", k.ints, k.strs); got != tt.want {
			t.Errorf("parseKeyArray(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{``, `[`, `[1.5]`, `[null]`, `["a"`, `[1]x`, `[1 2]`} {
		if _, err := parseKeyArray(bad); err == nil {
			t.Errorf("parseKeyArray(%q) succeeded, want an error", bad)
		}
	}
}

func TestParseInt(t *testing.T) {
	for _, s := range []string{"0", "7", "123456789012345678", "1234567890123456789", "-5", "9223372036854775807", "-9223372036854775808"} {
		v, ok := parseInt(s)
		if want, err := strconv.ParseInt(s, 10, 64); !ok || err != nil || v != want {
			t.Errorf("parseInt(%q) = %d, %v", s, v, ok)
		}
	}
	for _, s := range []string{"", "-", "1-2", "9223372036854775808", "--1"} {
		if _, ok := parseInt(s); ok {
			t.Errorf("parseInt(%q) succeeded", s)
		}
	}
}

// TestMergeDiffOneSided: when one side is empty the other is returned as
// it is, not copied (a first run's members would be copied again).
func TestMergeDiffOneSided(t *testing.T) {
	keys := []int64{1, 2, 3}
	if n := testing.AllocsPerRun(10, func() { mergeDiff(nil, keys) }); n != 0 {
		t.Errorf("mergeDiff(nil, keys) allocated %v times, want 0", n)
	}
	if added, _ := mergeDiff(nil, keys); &added[0] != &keys[0] {
		t.Error("mergeDiff(nil, keys) copied the added keys")
	}
	if _, removed := mergeDiff(keys, []int64{}); &removed[0] != &keys[0] {
		t.Error("mergeDiff(keys, empty) copied the removed keys")
	}
}

// TestMemberKeys: members' keys come back sorted whatever the members'
// order; a key twice (next to each other or not) or an index outside the
// keys fails.
func TestMemberKeys(t *testing.T) {
	ints := Keys{Ints: []int64{10, 20, 30, 40}}
	strs := Keys{Strs: []string{"d", "c", "b", "a"}}
	tests := []struct {
		name    string
		keys    Keys
		members []int32
		want    string
	}{
		{"ascending", ints, []int32{0, 2, 3}, "[10 30 40] []"},
		{"out of order", ints, []int32{3, 0, 2}, "[10 30 40] []"},
		{"text keys descending", strs, []int32{0, 1, 3}, "[] [a c d]"},
		{"one member", ints, []int32{1}, "[20] []"},
		{"none", ints, nil, "[] []"},
		{"twice in a row", ints, []int32{1, 1}, "error"},
		{"twice apart", ints, []int32{2, 0, 2}, "error"},
		{"text twice", strs, []int32{1, 1}, "error"},
		{"outside", ints, []int32{0, 4}, "error"},
		{"negative", ints, []int32{-1}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := memberKeys(tt.keys, SegmentMembers{Name: "s", Members: tt.members})
			got := fmt.Sprint(k.ints, k.strs)
			if err != nil {
				got = "error"
			}
			if got != tt.want {
				t.Errorf("memberKeys = %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}
