package demo

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestAppendDateTimeMatchesTimeFormat(t *testing.T) {
	cases := []int64{0, -1, 86399, 86400, 951782400 /* 2000-02-29 */, 4102444799, -2208988800}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		cases = append(cases, r.Int64N(253402300799+62135596800)-62135596800)
	}
	for _, unix := range cases {
		want := time.Unix(unix, 0).UTC().Format(time.DateTime)
		if got := string(appendDateTime(nil, unix)); got != want {
			t.Fatalf("appendDateTime(%d) = %q, want %q", unix, got, want)
		}
	}
}
