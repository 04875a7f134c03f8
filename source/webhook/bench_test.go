package webhook

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkReceive sends signed deliveries from 32 senders at once to a
// receiver whose store syncs every write, and reports deliveries per
// second, the 99th percentile of the time to the 200, and how many events
// answered 200 are missing from the file afterwards (lost, want 0).
func BenchmarkReceive(b *testing.B) {
	path := filepath.Join(b.TempDir(), "w.ndjson")
	st, _, err := OpenStore(path)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(NewServer("", "/", &Handler{Secrets: Secrets{testSecret}, Store: st}).Handler)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var seq atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	acked := 0
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		ok := 0
		for pb.Next() {
			body := event(fmt.Sprintf("event_%09d", seq.Add(1)))
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader(body))
			req.Header.Set(SignatureHeader, Sign(body, testSecret))
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
			if resp.StatusCode == http.StatusOK {
				ok++
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		acked += ok
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	st.Close()
	st2, _, err := OpenStore(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st2.Close()
	slices.Sort(latencies)
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "deliveries/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(acked-st2.Len()), "lost")
}
