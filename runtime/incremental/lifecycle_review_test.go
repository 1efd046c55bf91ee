package incremental_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/compiler/plan"
)

// reviewModule is a lifecycle and three triggers whose clauses span two
// logs (unless and exit in mails for an `on` in events, and the reverse),
// `on` transitions sharing a plan aggregate's last() or not, and short
// wait/for so that horizons and windows end exactly at run instants.
const reviewModule = `
entities customers key customer_id {
  customer_id KEYTYPE
  tier int
}

events events key customer_id time ts id event_id {
  customer_id KEYTYPE
  type   string
  amount float?
}

events mails key customer_id time ts id mail_id {
  customer_id KEYTYPE
  kind string
}

feature last_buy    = last(events.ts where type == "buy")
feature recent_view = max(events.ts where type == "view" within 3d)
feature buys2       = count(events where type == "buy" within 2d)

lifecycle stage {
  initial fresh
  fresh  -> buyer   on events where type == "buy"
  buyer  -> viewer  on events where type == "view" and amount > 5
  viewer -> mailed  on mails where kind == "open"
  mailed -> fresh   when tier == 2
  buyer  -> fresh   when buys2 == 0 and tier == 1
}

segment viewed { where days_since(recent_view) < 2 }

trigger t1 {
  on events where type == "cart"
  wait 1d unless mails where kind == "open"
  enter t1_members for 2d
  exit on mails where kind == "click"
}

trigger t2 {
  on events where type == "view"
  enter t2_members for 1d
  exit on events where type == "buy"
}

trigger t3 {
  on mails where kind == "send"
  wait 12h unless events where type == "buy"
  enter t3_members for 1d
}
`

// reviewDumps are the stored results compared with a cold run's: members
// and states with their since, and the last run's changes.
var reviewDumps = []string{
	`SELECT segment || ' ' || entity_id || ' ' || since FROM segc_members ORDER BY 1`,
	`SELECT lifecycle || ' ' || entity_id || ' ' || state || ' ' || since FROM segc_states ORDER BY 1`,
	`SELECT segment || ' ' || coalesce(entity_id, '-') || ' ' || change || ' ' || at FROM segc_changes WHERE run_id = (SELECT max(run_id) FROM segc_changes) ORDER BY 1`,
}

// TestReviewBoundariesEqualCold: daily runs (at midnight and noon) of
// reviewModule on event streams whose times sit on whole hours, so that
// many events are exactly at as-of, at as-of minus a trigger's horizon
// or a window, and exactly at the next run's as-of (future events that
// become visible at it). Each day also brings late events (some exactly
// at the previous as-of), an event moved to another customer, one
// deleted and one inserted again below the high-water mark with its old
// id. Every incremental run stores what a --cold run on a copy stores,
// with integer and with text keys.
func TestReviewBoundariesEqualCold(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		text bool
	}{{1, false}, {2, false}, {3, true}, {4, true}} {
		t.Run(fmt.Sprint("seed ", tc.seed, " text keys ", tc.text), func(t *testing.T) {
			dir := t.TempDir()
			s := &reviewStream{t: t, rng: rand.New(rand.NewPCG(tc.seed, 7)), text: tc.text}
			p := s.plan(dir)
			path := filepath.Join(dir, "inc.db")
			s.db = open(t, path)
			s.schema()
			run(t, s.db, p, day0, false)
			seen := map[string]bool{}
			runs := reviewRuns()
			for k := 1; k+1 < len(runs); k++ {
				asOf := runs[k]
				s.day(runs[k-1], asOf, runs[k+1])
				cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
				s.db.Close()
				copyFile(t, path, cold)
				s.db = open(t, path)
				for seg, n := range reviewCompare(t, s.db, open(t, cold), p, asOf) {
					seen[seg] = seen[seg] || n > 0
				}
			}
			for _, seg := range []string{"stage.buyer", "stage.viewer", "stage.mailed", "t1_members", "t2_members", "t3_members", "viewed"} {
				if !seen[seg] {
					t.Errorf("%s was empty in every run: the stream does not exercise it", seg)
				}
			}
		})
	}
}

// reviewRuns are the run instants: day0, then every midnight for 15 days
// and the noon of every third day, a jump of a month (every horizon and
// window ends between two runs), a day, and one more (the last run's
// next).
func reviewRuns() []time.Time {
	out := []time.Time{day0}
	for d := 1; d <= 15; d++ {
		out = append(out, day0.AddDate(0, 0, d))
		if d%3 == 0 {
			out = append(out, day0.AddDate(0, 0, d).Add(12*time.Hour))
		}
	}
	return append(out, day0.AddDate(0, 0, 45), day0.AddDate(0, 0, 46), day0.AddDate(0, 0, 47))
}

// reviewCompare runs p incrementally on db and --cold on cold at asOf,
// compares what they stored and returns the incremental run's sizes.
func reviewCompare(t *testing.T, db, cold *sql.DB, p *plan.Plan, asOf time.Time) map[string]int {
	t.Helper()
	defer cold.Close()
	ri := run(t, db, p, asOf, false)
	if !ri.Incremental.Incremental {
		t.Fatalf("as of %s: %v, want incremental", asOf, ri.Incremental)
	}
	run(t, cold, p, asOf, true)
	for _, q := range reviewDumps {
		if a, b := dump(t, db, q), dump(t, cold, q); !reflect.DeepEqual(a, b) {
			t.Fatalf("as of %s: %s:\nincremental %v\ncold        %v", asOf, q, diffLines(a, b), diffLines(b, a))
		}
	}
	return sizes(ri)
}

// reviewCustomers is the population of the review streams.
const reviewCustomers = 30

var (
	reviewEventTypes = []string{"buy", "cart", "cart", "view", "view"}
	reviewMailKinds  = []string{"send", "send", "open", "click"}
)

// reviewStream writes one random stream into db; text makes the
// customer keys text ('c01', ...) instead of integers.
type reviewStream struct {
	t    *testing.T
	db   *sql.DB
	rng  *rand.Rand
	text bool
}

// plan compiles reviewModule with the stream's key type.
func (s *reviewStream) plan(dir string) *plan.Plan {
	kind := "int"
	if s.text {
		kind = "string"
	}
	seg := filepath.Join(dir, "review.seg")
	if err := os.WriteFile(seg, []byte(strings.ReplaceAll(reviewModule, "KEYTYPE", kind)), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return compileFiles(s.t, seg)
}

// key is customer c's key as an SQL literal.
func (s *reviewStream) key(c int) string {
	if s.text {
		return fmt.Sprintf("'c%02d'", c)
	}
	return fmt.Sprint(c)
}

// exec runs one statement built from format and args.
func (s *reviewStream) exec(format string, args ...any) {
	s.t.Helper()
	exec(s.t, s.db, fmt.Sprintf(format, args...))
}

// schema creates the tables with 10 days of history before day0;
// customer 1 views every 12 hours and customer 2 is sent a mail every
// 18 hours without buying (trigger chains longer than the horizons).
func (s *reviewStream) schema() {
	kt := "INTEGER"
	if s.text {
		kt = "TEXT"
	}
	s.exec(`CREATE TABLE customers(customer_id %s PRIMARY KEY, tier INTEGER NOT NULL)`, kt)
	s.exec(`CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id %s NOT NULL, ts TEXT NOT NULL, type TEXT NOT NULL, amount REAL)`, kt)
	s.exec(`CREATE INDEX events_key ON events(customer_id, ts)`)
	s.exec(`CREATE TABLE mails(mail_id INTEGER PRIMARY KEY, customer_id %s NOT NULL, ts TEXT NOT NULL, kind TEXT NOT NULL)`, kt)
	s.exec(`CREATE INDEX mails_key ON mails(customer_id, ts)`)
	for c := 1; c <= reviewCustomers; c++ {
		s.exec(`INSERT INTO customers VALUES (%s, %d)`, s.key(c), s.rng.IntN(3))
	}
	for range 300 {
		s.event(day0.AddDate(0, 0, -10), day0)
	}
	for at := day0.AddDate(0, 0, -10); at.Before(day0.AddDate(0, 0, 20)); at = at.Add(12 * time.Hour) {
		s.exec(`INSERT INTO events(customer_id, ts, type, amount) VALUES (%s, '%s', 'view', 9)`, s.key(1), stamp(at))
	}
	for at := day0.AddDate(0, 0, -10); at.Before(day0.AddDate(0, 0, 20)); at = at.Add(18 * time.Hour) {
		s.exec(`INSERT INTO mails(customer_id, ts, kind) VALUES (%s, '%s', 'send')`, s.key(2), stamp(at))
	}
}

// day makes the changes before the run at asOf (the previous one at
// prev, the next at next).
func (s *reviewStream) day(prev, asOf, next time.Time) {
	for range 20 + s.rng.IntN(20) {
		s.event(prev, asOf)
	}
	for range 4 {
		s.event(prev.AddDate(0, 0, -5), prev)
	}
	for _, at := range []time.Time{prev, asOf, next, asOf.AddDate(0, 0, -1), asOf.AddDate(0, 0, -2), asOf.AddDate(0, 0, -3), asOf.Add(-36 * time.Hour), asOf.AddDate(0, 0, -6)} {
		s.eventAt(at)
	}
	s.exec(`UPDATE customers SET tier = %d WHERE rowid %% 7 = %d`, s.rng.IntN(3), s.rng.IntN(7))
	s.exec(`UPDATE events SET customer_id = %s WHERE event_id = (SELECT event_id FROM events ORDER BY event_id LIMIT 1 OFFSET %d)`, s.someone(), s.rng.IntN(300))
	var id int64
	if err := s.db.QueryRow(fmt.Sprintf(`SELECT mail_id FROM mails ORDER BY mail_id LIMIT 1 OFFSET %d`, s.rng.IntN(100))).Scan(&id); err != nil {
		s.t.Fatal(err)
	}
	s.exec(`DELETE FROM mails WHERE mail_id = %d`, id)
	s.exec(`INSERT INTO mails(mail_id, customer_id, ts, kind) VALUES (%d, %s, '%s', 'open')`, id, s.someone(), stamp(prev))
}

// someone is a random customer's key other than the chains' 1 and 2.
func (s *reviewStream) someone() string { return s.key(3 + s.rng.IntN(reviewCustomers-2)) }

// event inserts one event or mail dated on a whole hour in (from, to].
func (s *reviewStream) event(from, to time.Time) {
	hours := int(to.Sub(from) / time.Hour)
	s.eventAt(to.Add(-time.Duration(s.rng.IntN(hours)) * time.Hour))
}

// eventAt inserts one random event or mail of a random customer at at.
func (s *reviewStream) eventAt(at time.Time) {
	if s.rng.IntN(3) == 0 {
		s.exec(`INSERT INTO mails(customer_id, ts, kind) VALUES (%s, '%s', '%s')`, s.someone(), stamp(at), reviewMailKinds[s.rng.IntN(len(reviewMailKinds))])
		return
	}
	s.exec(`INSERT INTO events(customer_id, ts, type, amount) VALUES (%s, '%s', '%s', %d)`, s.someone(), stamp(at), reviewEventTypes[s.rng.IntN(len(reviewEventTypes))], s.rng.IntN(10))
}
