package grammar

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Scanner splits .seg source into tokens: whitespace, comments, names,
// punctuation, durations, numbers, strings, and one Bad token for each
// character nothing else accepts, so scanning never fails. Token values
// are substrings of the source, so scanning allocates nothing.
type Scanner struct {
	src string
	pos lexer.Position
}

// NewScanner scans src; positions name filename.
func NewScanner(filename, src string) *Scanner {
	return &Scanner{src: src, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}
}

// Next returns the next token, then EOF forever. It never fails.
func (s *Scanner) Next() (lexer.Token, error) {
	off := s.pos.Offset
	if off >= len(s.src) {
		return lexer.EOFToken(s.pos), nil
	}
	typ, n := scanToken(s.src[off:])
	tok := lexer.Token{Type: typ, Value: s.src[off : off+n], Pos: s.pos}
	s.advance(tok.Value, typ)
	return tok, nil
}

// advance moves the position past a token's text.
func (s *Scanner) advance(text string, typ lexer.TokenType) {
	s.pos.Offset += len(text)
	if typ == WhitespaceType {
		if nl := strings.LastIndexByte(text, '\n'); nl >= 0 {
			s.pos.Line += strings.Count(text, "\n")
			s.pos.Column = len(text) - nl // whitespace is ASCII
			return
		}
	}
	s.pos.Column += runeCount(text)
}

// runeCount counts runes, fast for ASCII.
func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// scanToken returns the type and byte length of the token at the start of
// the non-empty s. The rules, in priority order, are those of the former
// regular-expression lexer:
//
//	Whitespace [ \t\r\n\f\v]+
//	Ident      [\p{L}_][\p{L}\p{N}_]*
//	Punct      ?? == != <= >= && || -> .. or one of -+*/%<>!=(){}[],.?:
//	Duration   \d+[smhdw]\b
//	Number     \d+(\.\d+)?([eE][+-]?\d+)?
//	String     "(\\[^\n]|[^"\\\n])*"?
//	Comment    #[^\n]*
//	Bad        any one character (one byte of invalid UTF-8)
func scanToken(s string) (lexer.TokenType, int) {
	c := s[0]
	switch {
	case isSpace(c):
		return WhitespaceType, spaceLen(s)
	case c < utf8.RuneSelf && (isASCIILetter(c) || c == '_'):
		return IdentType, identLen(s, 1)
	case isDigit(c):
		return numberToken(s)
	case c == '"':
		return StringType, stringLen(s)
	case c == '#':
		return CommentType, lineLen(s)
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(s)
		if unicode.IsLetter(r) && r != utf8.RuneError {
			return IdentType, identLen(s, size)
		}
		return BadType, size
	}
	if n := punctLen(s); n > 0 {
		return PunctType, n
	}
	return BadType, 1
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isWordByte is regexp's \w: an ASCII letter, digit or underscore.
func isWordByte(c byte) bool { return isASCIILetter(c) || isDigit(c) || c == '_' }

// spaceLen is the length of the run of whitespace at the start of s.
func spaceLen(s string) int {
	i := 1
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// identLen is the length of the name at the start of s whose first
// character is i bytes long.
func identLen(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isWordByte(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsNumber(r)) {
			return i
		}
		i += size
	}
	return i
}

// digitsLen counts the ASCII digits at s[i:].
func digitsLen(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j - i
}

// numberToken scans a duration (digits, a unit, then no word character)
// or else a number with optional fraction and exponent.
func numberToken(s string) (lexer.TokenType, int) {
	i := digitsLen(s, 0)
	if i < len(s) && strings.IndexByte("smhdw", s[i]) >= 0 && (i+1 == len(s) || !isWordByte(s[i+1])) {
		return DurationType, i + 1
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i += 1 + digitsLen(s, i+1)
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if s[j] == '+' || s[j] == '-' {
			j++
		}
		if n := digitsLen(s, j); n > 0 {
			i = j + n
		}
	}
	return NumberType, i
}

// stringLen is the length of the string literal at the start of s: up to
// and including the closing quote, or up to the end of the line (or a
// backslash before it) when the string is not terminated.
func stringLen(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return i + 1
		case '\n':
			return i
		case '\\':
			if i+1 >= len(s) || s[i+1] == '\n' {
				return i
			}
			_, size := utf8.DecodeRuneInString(s[i+1:])
			i += size
		}
	}
	return len(s)
}

// lineLen is the length of s up to its first newline.
func lineLen(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return i
	}
	return len(s)
}

// punctLen is the length of the operator or bracket at the start of s, 0
// for none.
func punctLen(s string) int {
	if len(s) >= 2 {
		switch s[:2] {
		case "??", "==", "!=", "<=", ">=", "&&", "||", "->", "..":
			return 2
		}
	}
	if strings.IndexByte("-+*/%<>!=(){}[],.?:", s[0]) >= 0 {
		return 1
	}
	return 0
}
