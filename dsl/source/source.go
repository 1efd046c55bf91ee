// Package source holds .seg source files, byte-offset spans and the mapping
// from byte offsets to line and rune-counted column positions.
package source

import (
	"sort"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) inside one source file.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Join returns the smallest span covering both s and t.
func (s Span) Join(t Span) Span {
	return Span{Start: min(s.Start, t.Start), End: max(s.End, t.End)}
}

// Contains reports whether t lies inside s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Pos is a human position: 1-based line and 1-based column counted in runes.
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"col"`
}

// File is one source file with its text and a line index.
type File struct {
	Name       string
	Src        []byte
	lineStarts []int
}

// NewFile indexes src under the given display name.
func NewFile(name string, src []byte) *File {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &File{Name: name, Src: src, lineStarts: starts}
}

// Clamp limits an offset to the file's bounds.
func (f *File) Clamp(off int) int { return min(max(off, 0), len(f.Src)) }

// Position converts a byte offset to a line and a rune-counted column.
// Offsets inside a multi-byte rune count as that rune's column.
func (f *File) Position(off int) Pos {
	off = f.Clamp(off)
	line := sort.Search(len(f.lineStarts), func(i int) bool { return f.lineStarts[i] > off }) - 1
	start := f.lineStarts[line]
	col := utf8.RuneCount(f.Src[start:off]) + 1
	return Pos{Offset: off, Line: line + 1, Col: col}
}

// Line returns the text of the 1-based line without its line terminator.
func (f *File) Line(line int) string {
	if line < 1 || line > len(f.lineStarts) {
		return ""
	}
	start := f.lineStarts[line-1]
	end := len(f.Src)
	if line < len(f.lineStarts) {
		end = f.lineStarts[line] - 1
	}
	if end > start && f.Src[end-1] == '\r' {
		end--
	}
	return string(f.Src[start:end])
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int { return len(f.lineStarts) }

// Text returns the source text covered by a span, clamped to the file.
func (f *File) Text(s Span) string {
	a, b := f.Clamp(s.Start), f.Clamp(s.End)
	if b < a {
		return ""
	}
	return string(f.Src[a:b])
}
