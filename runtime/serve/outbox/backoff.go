package outbox

import (
	"math/rand/v2"
	"sync"
	"time"
)

// jitter draws the random part of backoffs from a seeded source, so tests
// are reproducible; it is safe for concurrent use.
type jitter struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func newJitter(seed uint64) *jitter {
	return &jitter{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// backoff is the delay after the attempts-th failed attempt: base doubled
// per earlier failure, capped at most, then "equal jitter": half of it
// fixed, half uniformly random, so retries of many rows spread out.
func (j *jitter) backoff(attempts int, base, most time.Duration) time.Duration {
	d := base
	for i := 1; i < attempts && d < most; i++ {
		d *= 2
	}
	d = min(d, most)
	half := d / 2
	j.mu.Lock()
	r := time.Duration(j.rng.Int64N(int64(half) + 1))
	j.mu.Unlock()
	return half + r
}
