package runtime

import (
	"slices"
	"testing"
)

func TestMergeKeysFindsEveryKeyInAnyOrder(t *testing.T) {
	pop := []int64{2, 3, 5, 8, 13, 21}
	cases := []struct {
		keys []int64
		want []int
	}{
		{[]int64{2, 5, 21}, []int{0, 2, 5}},
		{[]int64{1, 4, 8, 30}, []int{3}},
		{[]int64{13, 3, 5, 2, 21}, []int{4, 1, 2, 0, 5}},
		{[]int64{8, 8, 3}, []int{3, 3, 1}},
		{nil, nil},
	}
	for _, tc := range cases {
		var got []int
		mergeKeys(pop, tc.keys, func(i int) { got = append(got, i) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("keys %v: found %v, want %v", tc.keys, got, tc.want)
		}
	}
	var none []int
	mergeKeys(nil, []string{"a"}, func(i int) { none = append(none, i) })
	if none != nil {
		t.Errorf("empty population: found %v", none)
	}
}
