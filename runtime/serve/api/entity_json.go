package api

import (
	"strconv"
	"unicode/utf8"
)

// appendJSON appends the response as one JSON object (and a newline, as
// json.Encoder writes): the lookup is the hot path, and encoding it by
// hand costs a fraction of encoding/json's reflection.
func (e *entityResponse) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendKey(b, e.ID)
	b = append(b, `,"segments":[`...)
	for i, m := range e.Memberships {
		b = appendComma(b, i)
		b = appendString(b, m.Segment)
	}
	b = append(b, `],"memberships":[`...)
	for i, m := range e.Memberships {
		b = appendComma(b, i)
		b = append(b, `{"segment":`...)
		b = appendString(b, m.Segment)
		b = append(b, `,"since":`...)
		b = appendString(b, m.Since)
		b = append(b, '}')
	}
	b = append(b, `],"lifecycles":{`...)
	for i, l := range e.Lifecycles {
		b = appendComma(b, i)
		b = appendString(b, l.owner)
		b = append(b, `:{"state":`...)
		b = appendString(b, l.label)
		b = append(b, `,"since":`...)
		b = appendString(b, l.since)
		b = append(b, '}')
	}
	b = append(b, `},"clusters":{`...)
	for i, c := range e.Clusters {
		b = appendComma(b, i)
		b = appendString(b, c.owner)
		b = append(b, ':')
		b = appendString(b, c.label)
	}
	b = append(b, `},"as_of":`...)
	b = appendString(b, e.AsOf)
	b = append(b, `,"plan_hash":`...)
	b = appendString(b, e.PlanHash)
	return append(b, "}\n"...)
}

func appendComma(b []byte, i int) []byte {
	if i > 0 {
		return append(b, ',')
	}
	return b
}

// appendKey writes an entity key: an integer, or a string.
func appendKey(b []byte, key any) []byte {
	switch k := key.(type) {
	case int64:
		return strconv.AppendInt(b, k, 10)
	case string:
		return appendString(b, k)
	}
	return append(b, "null"...)
}

// appendString writes s as a JSON string, escaping what JSON requires
// (quotes, backslashes, control characters) and invalid UTF-8 (as
// U+FFFD), like encoding/json without HTML escaping.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			b = appendEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			start = i + size
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, "89"[r-'\u2028'])
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscape writes one escaped ASCII byte.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}
