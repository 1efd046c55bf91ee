package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Keys come back from SQLite as JSON arrays: one json_group_array result
// carries a whole segment. JSON integers come back as SQLite INTEGER and
// JSON strings as TEXT, so keys keep their type. Bytes that are not valid
// UTF-8 pass through SQLite's JSON functions unchanged. Keys go in as a
// bound key set instead (sqlbatch.ExecKeys, ExecKeysColumns), which needs
// no encoding.

// parseKeyArray reads a JSON array of integers and strings, as
// json_group_array(entity_id) produces it, into a sorted keyList.
func parseKeyArray(s string) (keyList, error) {
	var k keyList
	if len(s) > 2 && s[1] != '"' {
		k.ints = make([]int64, 0, strings.Count(s, ",")+1)
	}
	p := keyParser{s: s}
	if err := p.run(&k); err != nil {
		return keyList{}, fmt.Errorf("reading stored members: %w", err)
	}
	if !slices.IsSorted(k.ints) {
		slices.Sort(k.ints)
	}
	if !slices.IsSorted(k.strs) {
		slices.Sort(k.strs)
	}
	return k, nil
}

type keyParser struct {
	s   string
	pos int
}

func (p *keyParser) run(k *keyList) error {
	if !p.eat('[') {
		return p.fail("expected [")
	}
	if p.eat(']') {
		return p.end()
	}
	for {
		if err := p.value(k); err != nil {
			return err
		}
		if p.eat(']') {
			return p.end()
		}
		if !p.eat(',') {
			return p.fail("expected , or ]")
		}
	}
}

func (p *keyParser) eat(c byte) bool {
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *keyParser) end() error {
	if p.pos != len(p.s) {
		return p.fail("trailing text")
	}
	return nil
}

func (p *keyParser) fail(what string) error {
	return fmt.Errorf("malformed key array at byte %d: %s", p.pos, what)
}

// value reads one integer or string.
func (p *keyParser) value(k *keyList) error {
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		s, err := p.str()
		k.strs = append(k.strs, s)
		return err
	}
	start := p.pos
	for p.pos < len(p.s) && (p.s[p.pos] == '-' || p.s[p.pos] >= '0' && p.s[p.pos] <= '9') {
		p.pos++
	}
	v, ok := parseInt(p.s[start:p.pos])
	if !ok {
		p.pos = start
		return p.fail("entity_id must be an integer or text (found another type in segc_members)")
	}
	k.ints = append(k.ints, v)
	return nil
}

// parseInt is strconv.ParseInt(s, 10, 64) with a fast path for the short
// non-negative numbers most keys are.
func parseInt(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 || s[0] == '-' {
		v, err := strconv.ParseInt(s, 10, 64)
		return v, err == nil
	}
	var v int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int64(s[i]-'0')
	}
	return v, true
}

// str reads a JSON string; the common case without escapes is a substring.
func (p *keyParser) str() (string, error) {
	start := p.pos
	escaped := false
	for p.pos++; p.pos < len(p.s); p.pos++ {
		switch p.s[p.pos] {
		case '\\':
			escaped = true
			p.pos++
		case '"':
			p.pos++
			return p.unquote(p.s[start:p.pos], escaped)
		}
	}
	return "", p.fail("unterminated string")
}

// unquote decodes an escaped JSON string. Raw bytes that are not UTF-8 are
// kept as they are (encoding/json would replace them).
func (p *keyParser) unquote(q string, escaped bool) (string, error) {
	if !escaped {
		return q[1 : len(q)-1], nil
	}
	if utf8.ValidString(q) {
		var s string
		if err := json.Unmarshal([]byte(q), &s); err != nil {
			return "", p.fail(err.Error())
		}
		return s, nil
	}
	return unescapeRaw(q[1 : len(q)-1])
}

// unescapeRaw decodes the escapes of a JSON string body that also holds
// invalid UTF-8, decoding each escape on its own.
func unescapeRaw(body string) (string, error) {
	var out []byte
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			out = append(out, body[i])
			continue
		}
		n := 2
		if i+1 < len(body) && body[i+1] == 'u' {
			n = 6
		}
		if i+n > len(body) {
			return "", fmt.Errorf("malformed escape in stored key %q", body)
		}
		var s string
		if err := json.Unmarshal([]byte(`"`+body[i:i+n]+`"`), &s); err != nil {
			return "", fmt.Errorf("malformed escape in stored key %q", body)
		}
		out = append(out, s...)
		i += n - 1
	}
	return string(out), nil
}
