package load

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	ok := []struct {
		in   string
		want string // RFC 3339 UTC
	}{
		{"2026-06-30 12:34:56", "2026-06-30T12:34:56Z"},
		{"2026-06-30", "2026-06-30T00:00:00Z"},
		{"2026-06-30T12:00:00Z", "2026-06-30T12:00:00Z"},
		{"2026-06-30T12:00:00+02:00", "2026-06-30T10:00:00Z"},
		{"2026-06-30T22:30:00-05:30", "2026-07-01T04:00:00Z"},
		{"2026-06-30 12:00:00.999", "2026-06-30T12:00:00Z"},
		{"2026-06-30T12:00:00.5+01:00", "2026-06-30T11:00:00Z"},
		{"2024-02-29 00:00:00", "2024-02-29T00:00:00Z"},
		{"1969-12-31 23:59:59", "1969-12-31T23:59:59Z"},
		{"0001-01-01", "0001-01-01T00:00:00Z"},
		{"2000-03-01", "2000-03-01T00:00:00Z"},
	}
	for _, tt := range ok {
		want, _ := time.Parse(time.RFC3339, tt.want)
		got, good := ParseTime(tt.in)
		if !good || got != want.Unix() {
			t.Errorf("ParseTime(%q) = %d, %v; want %d", tt.in, got, good, want.Unix())
		}
		if gb, _ := ParseTime([]byte(tt.in)); gb != got {
			t.Errorf("ParseTime([]byte(%q)) differs", tt.in)
		}
	}
	bad := []string{"", "19970101", "2026-6-30", "2026-13-01", "2023-02-29", "2026-06-31",
		"2026-06-30 24:00:00", "2026-06-30 12:00", "2026-06-30 12:00:00 ", "2026-06-30T12:00:00+2:00",
		"2026-06-30 12:00:00.", "2026/06/30", "abcd-ef-gh", "2026-06-30X12:00:00", "2026-06-30 12:60:00"}
	for _, s := range bad {
		if _, good := ParseTime(s); good {
			t.Errorf("ParseTime(%q) accepted a bad value", s)
		}
	}
}

func TestParseTimeMatchesStdlib(t *testing.T) {
	for ts := int64(-5e9); ts < 5e9; ts += 7777777 {
		s := time.Unix(ts, 0).UTC().Format("2006-01-02 15:04:05")
		if got, ok := ParseTime(s); !ok || got != ts {
			t.Fatalf("ParseTime(%q) = %d, want %d", s, got, ts)
		}
	}
}

func TestParseTimeDoesNotAllocate(t *testing.T) {
	b := []byte("2026-06-30 12:34:56")
	if n := testing.AllocsPerRun(100, func() { ParseTime(b) }); n != 0 {
		t.Errorf("ParseTime allocates %v times", n)
	}
}

func BenchmarkParseTime(b *testing.B) {
	s := []byte("2026-06-30 12:34:56")
	for i := 0; i < b.N; i++ {
		ParseTime(s)
	}
}
