package timeline

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A fixture file holds cases. Each case is:
//
//	case NAME
//	rule wait=24h for=7d [samelog]
//	on     MM-DDTHH:MM ...        (times in 2026, UTC; each becomes one event)
//	unless MM-DDTHH:MM ...
//	exit   MM-DDTHH:MM ...
//	at MM-DDTHH:MM in MM-DDTHH:MM  (member, with that since)
//	at MM-DDTHH:MM out
//
// For sequence fixtures, `x`, `y` and `gap=D` give Sequence's arguments
// and `want true|false` its expected result at the end of the streams.
type fixture struct {
	name          string
	rule          Rule
	on, unl, exit []Stamp
	x, y          []Stamp
	gap           int64
	wantSeq       string
	checks        []check
	line          int
}

type check struct {
	at, since int64
	in        bool
	line      int
}

func parseStamp(s string) (int64, error) {
	t, err := time.Parse("2006-01-02T15:04", "2026-"+s)
	if err != nil {
		return 0, err
	}
	return t.Unix(), nil
}

func parseDur(s string) (int64, error) {
	if s == "0" {
		return 0, nil
	}
	unit := map[byte]int64{'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 7 * 86400}[s[len(s)-1]]
	var n int64
	_, err := fmt.Sscan(s[:len(s)-1], &n)
	if unit == 0 || err != nil {
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return n * unit, nil
}

// stamps reads times; the row of each event is its line*100+position, so
// the same event listed under two headings in one case (with samelog) is
// recognised by writing it as "=N" for on event N (1-based).
func stamps(f *fixture, fields []string, line int) ([]Stamp, error) {
	var out []Stamp
	for i, s := range fields {
		if strings.HasPrefix(s, "=") {
			var n int
			if _, err := fmt.Sscan(s[1:], &n); err != nil || n < 1 || n > len(f.on) {
				return nil, fmt.Errorf("bad reference %q", s)
			}
			out = append(out, f.on[n-1])
			continue
		}
		t, err := parseStamp(s)
		if err != nil {
			return nil, err
		}
		out = append(out, Stamp{Time: t, Row: int64(line*100 + i)})
	}
	Sort(out)
	return out, nil
}

func loadFixtures(t *testing.T, path string) []*fixture {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var all []*fixture
	var cur *fixture
	sc := bufio.NewScanner(fh)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.SplitN(sc.Text(), "#", 2)[0])
		if text == "" {
			continue
		}
		fields := strings.Fields(text)
		if fields[0] == "case" {
			cur = &fixture{name: strings.Join(fields[1:], " "), line: line}
			all = append(all, cur)
			continue
		}
		if cur == nil {
			t.Fatalf("%s:%d: line before the first case", path, line)
		}
		if err := cur.parseLine(fields, line); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
	}
	return all
}

func (f *fixture) parseLine(fields []string, line int) error {
	var err error
	switch fields[0] {
	case "rule":
		for _, kv := range fields[1:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "wait":
				f.rule.Wait, err = parseDur(v)
			case "for":
				f.rule.For, err = parseDur(v)
			case "samelog":
				f.rule.SameLog = true
			default:
				err = fmt.Errorf("unknown rule field %q", k)
			}
			if err != nil {
				return err
			}
		}
	case "on":
		f.on, err = stamps(f, fields[1:], line)
	case "unless":
		f.unl, err = stamps(f, fields[1:], line)
	case "exit":
		f.exit, err = stamps(f, fields[1:], line)
	case "x":
		f.x, err = stamps(f, fields[1:], line)
	case "y":
		f.y, err = stamps(f, fields[1:], line)
	case "gap":
		f.gap, err = parseDur(fields[1])
	case "want":
		f.wantSeq = fields[1]
	case "at":
		return f.parseAt(fields, line)
	default:
		return fmt.Errorf("unknown line %q", fields[0])
	}
	return err
}

func (f *fixture) parseAt(fields []string, line int) error {
	if len(fields) < 3 {
		return fmt.Errorf("want: at TIME in SINCE | at TIME out")
	}
	at, err := parseStamp(fields[1])
	if err != nil {
		return err
	}
	c := check{at: at, line: line, in: fields[2] == "in"}
	if c.in {
		if len(fields) != 4 {
			return fmt.Errorf("want: at TIME in SINCE")
		}
		if c.since, err = parseStamp(fields[3]); err != nil {
			return err
		}
	}
	f.checks = append(f.checks, c)
	return nil
}

// visible keeps the stamps at or before t: a run at t sees nothing later.
func visible(s []Stamp, t int64) []Stamp {
	var out []Stamp
	for _, x := range s {
		if x.Time <= t {
			out = append(out, x)
		}
	}
	return out
}

func fmtTime(u int64) string { return time.Unix(u, 0).UTC().Format("01-02T15:04") }

func TestTriggerFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/trigger_*.txt")
	if len(files) == 0 {
		t.Fatal("no trigger fixtures")
	}
	for _, path := range files {
		for _, f := range loadFixtures(t, path) {
			t.Run(filepath.Base(path)+"/"+f.name, func(t *testing.T) {
				if len(f.checks) == 0 {
					t.Fatalf("%s:%d: case has no checks", path, f.line)
				}
				for _, c := range f.checks {
					in, since := MemberAt(f.rule, visible(f.on, c.at), visible(f.unl, c.at), visible(f.exit, c.at), c.at)
					if in != c.in || (in && since != c.since) {
						t.Errorf("%s:%d: at %s got member=%v since %s; want member=%v since %s",
							path, c.line, fmtTime(c.at), in, fmtTime(since), c.in, fmtTime(c.since))
					}
					// Purity: passing events after T changes nothing.
					in2, since2 := MemberAt(f.rule, f.on, f.unl, f.exit, c.at)
					if in2 != in || since2 != since {
						t.Errorf("%s:%d: at %s later events changed the answer", path, c.line, fmtTime(c.at))
					}
				}
			})
		}
	}
}

func TestSequenceFixtures(t *testing.T) {
	for _, f := range loadFixtures(t, "testdata/sequence.txt") {
		t.Run(f.name, func(t *testing.T) {
			want := f.wantSeq == "true"
			if f.wantSeq != "true" && f.wantSeq != "false" {
				t.Fatalf("line %d: want true or false", f.line)
			}
			if got := Sequence(f.x, f.y, f.gap); got != want {
				t.Errorf("line %d: Sequence = %v, want %v", f.line, got, want)
			}
		})
	}
}
