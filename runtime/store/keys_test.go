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
