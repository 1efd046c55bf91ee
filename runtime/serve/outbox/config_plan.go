package outbox

import (
	"fmt"
	"time"

	"github.com/segc/segc/compiler/plan"
)

// FromPlan turns the destination declarations of a plan into
// destinations, reading each secret_env through getenv (os.Getenv) now:
// when serve activates the plan. A variable that is unset or empty is an
// error naming the declaration.
func FromPlan(p *plan.Plan, getenv func(string) string) ([]Destination, error) {
	out := make([]Destination, 0, len(p.Destinations))
	for _, d := range p.Destinations {
		dest := Destination{Name: d.Name, URL: d.URL, Segments: d.Segments, MaxAttempts: d.MaxAttempts,
			Timeout: seconds(d.Timeout), Backoff: seconds(d.Backoff), MaxBackoff: seconds(d.MaxBackoff),
			Concurrency: d.Concurrency, Baseline: d.Baseline, Where: d.Loc.String()}
		if d.SecretEnv != "" {
			v := getenv(d.SecretEnv)
			if v == "" {
				return nil, fmt.Errorf("%s: destination %s: secret_env %s is not set or empty; export it where serve runs, then start or reload again",
					dest.Where, d.Name, d.SecretEnv)
			}
			dest.Secret = []byte(v)
		}
		out = append(out, dest)
	}
	return out, nil
}

func seconds(n int64) time.Duration { return time.Duration(n) * time.Second }

// Merge joins the destinations of the --webhooks file and of the plan;
// one name in both is an error naming both places.
func Merge(file, declared []Destination) ([]Destination, error) {
	where := map[string]string{}
	for _, d := range file {
		where[d.Name] = d.Where
	}
	for _, d := range declared {
		if first, dup := where[d.Name]; dup {
			return nil, fmt.Errorf("destination %q is declared both in the webhook file (%s) and in the module (%s); rename one of them",
				d.Name, first, d.Where)
		}
	}
	return append(append([]Destination(nil), file...), declared...), nil
}
