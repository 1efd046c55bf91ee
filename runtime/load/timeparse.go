// Package load reads entity-level columns from SQLite into typed vectors
// and decodes stored values (including times) into segc's types.
package load

// TimeFormats describes the accepted storage of time values, for error
// messages.
const TimeFormats = "ISO-8601 text (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, or RFC 3339 such as 2026-06-30T12:00:00+02:00, with optional fractional seconds) or integer Unix seconds; convert other layouts with `segc import`"

// ParseTime parses ISO-8601 text to Unix seconds (UTC): YYYY-MM-DD, or
// YYYY-MM-DD followed by ' ' or 'T' and HH:MM:SS, optional fractional
// seconds (dropped, so the result is the second containing the instant),
// and an optional zone: Z or ±HH:MM (converted to UTC). It does not
// allocate; the common `YYYY-MM-DD HH:MM:SS` layout takes a fast path.
func ParseTime[T string | []byte](s T) (int64, bool) {
	if len(s) == 19 && s[10] == ' ' {
		days, ok := parseDate(s[:10])
		if !ok {
			return 0, false
		}
		secs, ok := parseClock(s[11:19])
		return days*86400 + secs, ok
	}
	return parseGeneral(s)
}

// parseGeneral handles every accepted layout.
func parseGeneral[T string | []byte](s T) (int64, bool) {
	if len(s) < 10 {
		return 0, false
	}
	days, ok := parseDate(s[:10])
	if !ok {
		return 0, false
	}
	if len(s) == 10 {
		return days * 86400, true
	}
	if len(s) < 19 || (s[10] != ' ' && s[10] != 'T' && s[10] != 't') {
		return 0, false
	}
	secs, ok := parseClock(s[11:19])
	if !ok {
		return 0, false
	}
	offset, ok := parseSuffix(s[19:])
	return days*86400 + secs - offset, ok
}

// parseSuffix reads optional fractional seconds and an optional zone,
// returning the zone's offset east of UTC in seconds.
func parseSuffix[T string | []byte](s T) (int64, bool) {
	if len(s) > 0 && s[0] == '.' {
		i := 1
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == 1 {
			return 0, false
		}
		s = s[i:]
	}
	switch {
	case len(s) == 0:
		return 0, true
	case len(s) == 1 && (s[0] == 'Z' || s[0] == 'z'):
		return 0, true
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		h, ok1 := num2(s[1:3])
		m, ok2 := num2(s[4:6])
		if !ok1 || !ok2 || h > 23 || m > 59 {
			return 0, false
		}
		off := h*3600 + m*60
		if s[0] == '-' {
			off = -off
		}
		return off, true
	}
	return 0, false
}

// parseDate reads YYYY-MM-DD as days since 1970-01-01.
func parseDate[T string | []byte](s T) (int64, bool) {
	if s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y1, ok1 := num2(s[0:2])
	y2, ok2 := num2(s[2:4])
	m, ok3 := num2(s[5:7])
	d, ok4 := num2(s[8:10])
	if !(ok1 && ok2 && ok3 && ok4) || m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	y := y1*100 + y2
	if d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

// parseClock reads HH:MM:SS as seconds since midnight.
func parseClock[T string | []byte](s T) (int64, bool) {
	if s[2] != ':' || s[5] != ':' {
		return 0, false
	}
	h, ok1 := num2(s[0:2])
	m, ok2 := num2(s[3:5])
	sec, ok3 := num2(s[6:8])
	if !(ok1 && ok2 && ok3) || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return h*3600 + m*60 + sec, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// num2 reads two decimal digits.
func num2[T string | []byte](s T) (int64, bool) {
	a, b := s[0], s[1]
	if !isDigit(a) || !isDigit(b) {
		return 0, false
	}
	return int64(a-'0')*10 + int64(b-'0'), true
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil converts a proleptic Gregorian date to days since
// 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
