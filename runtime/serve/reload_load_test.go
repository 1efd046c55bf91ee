package serve

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestReloadUnderLoad edits the module 20 times, 5 of them broken, while
// clients keep reading: no request fails, every good save takes effect and
// every broken one leaves the previous plan serving.
func TestReloadUnderLoad(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Watch = true })
	stop := make(chan struct{})
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			paths := []string{"/v1/entities/1", "/v1/segments", "/v1/entities/4", "/v1/segments/top_spenders/members?limit=1"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := f.http.Client().Get(f.http.URL + paths[(c+i)%len(paths)])
				requests.Add(1)
				if err != nil || resp.StatusCode != http.StatusOK {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprint(err, resp))
				}
				if resp != nil {
					resp.Body.Close()
				}
			}
		}()
	}
	last := ""
	for i := range 20 {
		name := fmt.Sprintf("extra_%d", i)
		if i%4 == 3 {
			f.saveAtomically("extra.seg", fmt.Sprintf("segment %s { where country == }\n", name))
			f.waitFor("broken save "+name, func() bool {
				h := f.srv.Health()
				return !h.LastReload.OK && strings.Contains(h.LastReload.Error, "extra.seg")
			})
			if last != "" && !slices.Contains(f.segmentNames(), last) {
				t.Errorf("broken save %d: the previous plan (with %s) stopped serving", i, last)
			}
			continue
		}
		f.saveAtomically("extra.seg", fmt.Sprintf("segment %s { where spend_30d > %d }\n", name, i))
		f.waitFor("good save "+name, func() bool { return slices.Contains(f.segmentNames(), name) && f.srv.Health().LastReload.OK })
		last = name
	}
	close(stop)
	wg.Wait()
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed during reloads; first: %v", failures.Load(), requests.Load(), firstFailure.Load())
	}
	if requests.Load() < 20 {
		t.Errorf("only %d requests ran during the reloads", requests.Load())
	}
}
