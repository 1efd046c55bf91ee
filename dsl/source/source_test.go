package source

import "testing"

func TestPosition(t *testing.T) {
	f := NewFile("a.seg", []byte("ab\n\tx日本y\r\nlast"))
	tests := []struct {
		off        int
		line, col  int
		wantOffset int
	}{
		{0, 1, 1, 0},
		{2, 1, 3, 2},
		{3, 2, 1, 3},   // the tab
		{4, 2, 2, 4},   // x, after a tab: one rune
		{5, 2, 3, 5},   // 日
		{8, 2, 4, 8},   // 本 (日 is 3 bytes)
		{11, 2, 5, 11}, // y
		{14, 3, 1, 14}, // last
		{99, 3, 5, 18}, // clamped to the end
		{-5, 1, 1, 0},  // clamped to the start
	}
	for _, tt := range tests {
		p := f.Position(tt.off)
		if p.Line != tt.line || p.Col != tt.col || p.Offset != tt.wantOffset {
			t.Errorf("Position(%d) = %+v, want line %d col %d offset %d", tt.off, p, tt.line, tt.col, tt.wantOffset)
		}
	}
}

func TestLine(t *testing.T) {
	f := NewFile("a.seg", []byte("one\r\ntwo\nthree"))
	for i, want := range []string{"", "one", "two", "three", ""} {
		if got := f.Line(i); got != want {
			t.Errorf("Line(%d) = %q, want %q", i, got, want)
		}
	}
	if n := f.LineCount(); n != 3 {
		t.Errorf("LineCount = %d, want 3", n)
	}
}

func TestText(t *testing.T) {
	f := NewFile("a.seg", []byte("hello"))
	tests := []struct {
		span Span
		want string
	}{
		{Span{1, 3}, "el"},
		{Span{3, 1}, ""},
		{Span{-1, 99}, "hello"},
	}
	for _, tt := range tests {
		if got := f.Text(tt.span); got != tt.want {
			t.Errorf("Text(%v) = %q, want %q", tt.span, got, tt.want)
		}
	}
}

func TestSpanJoinContains(t *testing.T) {
	a, b := Span{2, 5}, Span{4, 9}
	if j := a.Join(b); j != (Span{2, 9}) {
		t.Errorf("Join = %v", j)
	}
	if !a.Join(b).Contains(a) || a.Contains(b) {
		t.Error("Contains disagrees with Join")
	}
}
