// Command listenload is the whole-process load run of `eventbrowser listen`
// that .ci/bench makes: it starts the built binary as a process of its
// own on loopback (listen -o ndjson --out FILE), sends signed deliveries
// from many senders at once for a fixed time or count, then stops it with
// SIGINT and checks that the file holds exactly the events answered 200,
// once each. It prints deliveries per second and the p50, p99 and max time
// to the answer; with -baseline, the same load against a plain HTTP server
// in a process of its own that answers 200 and keeps nothing, for a ratio
// measured in the same run.
//
//	listenload -bin ./eventbrowser [-senders 32] [-duration 10s | -n 20000] [-baseline]
//
// It exits 1 when an acknowledged event is missing from the file, or held
// twice, or when a request fails; not for missing a speed goal.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/eventbrowser/eventbrowser/source/webhook"
)

// serveEnv, when set, makes this program the baseline server on the
// address it holds.
const serveEnv = "LISTENLOAD_SERVE"

func main() {
	if addr := os.Getenv(serveEnv); addr != "" {
		serveNothing(addr)
		return
	}
	bin := flag.String("bin", "", "the eventbrowser binary (required)")
	senders := flag.Int("senders", 32, "concurrent senders")
	duration := flag.Duration("duration", 10*time.Second, "how long to send, unless -n is given")
	count := flag.Int("n", 0, "how many deliveries to send (instead of -duration)")
	baseline := flag.Bool("baseline", false, "also run the load against a plain HTTP server that keeps nothing")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "listenload: -bin is required")
		os.Exit(2)
	}
	load := load{senders: *senders, duration: *duration, count: *count}
	res, err := runListen(*bin, load)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listenload:", err)
		os.Exit(1)
	}
	fmt.Println(res.line("listen (synced)"))
	if *baseline {
		base, err := runBaseline(load)
		if err != nil {
			fmt.Fprintln(os.Stderr, "listenload: baseline:", err)
			os.Exit(1)
		}
		fmt.Println(base.line("plain HTTP 200 (baseline)"))
		fmt.Printf("listen against the baseline: %.2fx the deliveries/s, %.2fx the p99\n",
			res.rate()/base.rate(), float64(res.pct(99))/float64(base.pct(99)))
	}
	fmt.Println(res.check)
	if res.failed() {
		os.Exit(1)
	}
}

// load is how much is sent, by how many.
type load struct {
	senders  int
	duration time.Duration
	count    int // when > 0, instead of duration
}

// result is what a run measured.
type result struct {
	latencies []time.Duration // of every answered request, sorted
	elapsed   time.Duration
	statuses  map[int]int
	errs      int           // requests that got no answer
	firstErr  error         // the first of them
	acked     []string      // the IDs of the events answered 200
	check     string        // what the file held; "" for the baseline
	bad       bool          // the file did not hold exactly the acknowledged events
	cpu       time.Duration // the receiver's CPU time, user and system, in all
	rssMB     int64         // the receiver's peak resident memory; 0 where unknown
}

func (r *result) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

// pct is the p-th percentile of the time to the answer.
func (r *result) pct(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[(len(r.latencies)-1)*p/100]
}

func (r *result) failed() bool { return r.bad || r.errs > 0 }

func (r *result) line(name string) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(r.statuses)) {
		codes = append(codes, fmt.Sprintf("%d × %d", r.statuses[c], c))
	}
	s := fmt.Sprintf("%-26s %6d deliveries in %5.1f s: %7.0f /s, p50 %s, p99 %s, max %s (%s)",
		name, len(r.latencies), r.elapsed.Seconds(), r.rate(), ms(r.pct(50)), ms(r.pct(99)), ms(r.pct(100)), strings.Join(codes, ", "))
	if r.cpu > 0 {
		s += fmt.Sprintf("; receiver CPU %.0f%% of a core, %.0f µs a delivery", 100*r.cpu.Seconds()/r.elapsed.Seconds(),
			float64(r.cpu.Microseconds())/float64(len(r.latencies)))
	}
	if r.rssMB > 0 {
		s += fmt.Sprintf(", peak RSS %d MB", r.rssMB)
	}
	if r.errs > 0 {
		s += fmt.Sprintf("; %d without an answer, the first: %v", r.errs, r.firstErr)
	}
	return s
}

// runListen runs the load against bin's listen and checks its file.
func runListen(bin string, l load) (*result, error) {
	dir, err := os.MkdirTemp("", "listenload")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "webhooks.ndjson")
	secret := randomHex(16)
	cmd := exec.Command(bin, "listen", "--addr", "127.0.0.1:0", "--out", out, "-o", "ndjson")
	cmd.Env = append(os.Environ(), webhook.SecretEnv+"="+secret)
	addr, stderr, err := start(cmd, func(line string) (string, bool) {
		_, rest, ok := strings.Cut(line, "listening on http://")
		addr, _, _ := strings.Cut(rest, "/")
		return addr, ok
	})
	if err != nil {
		return nil, err
	}
	res := send(addr, []byte(secret), l)
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil && cmd.ProcessState.ExitCode() != 130 {
		return nil, fmt.Errorf("listen ended with %v: %s", err, stderr)
	}
	res.usage(cmd.ProcessState)
	res.check, res.bad, err = checkFile(out, res.acked)
	return res, err
}

// usage notes the CPU time and peak memory of the receiver that ended
// with st.
func (r *result) usage(st *os.ProcessState) {
	r.cpu = st.UserTime() + st.SystemTime()
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		r.rssMB = int64(ru.Maxrss) >> 10 // KB on Linux
	}
}

// runBaseline runs the load against this program as a plain server.
func runBaseline(l load) (*result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), serveEnv+"=127.0.0.1:0")
	addr, _, err := start(cmd, func(line string) (string, bool) { return strings.CutPrefix(line, "serving on ") })
	if err != nil {
		return nil, err
	}
	res := send(addr, []byte("unused"), l)
	cmd.Process.Kill()
	cmd.Wait()
	res.usage(cmd.ProcessState)
	return res, nil
}

// start starts cmd and returns the address it says it serves on in a line
// of its stderr that addrIn recognises, and what else it writes there.
func start(cmd *exec.Cmd, addrIn func(string) (string, bool)) (string, *syncBuffer, error) {
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	rest := &syncBuffer{}
	lines := bufio.NewScanner(pipe)
	for lines.Scan() {
		if addr, ok := addrIn(lines.Text()); ok {
			go io.Copy(rest, pipe)
			return addr, rest, nil
		}
		rest.Write(append(lines.Bytes(), '\n'))
	}
	cmd.Wait()
	return "", nil, fmt.Errorf("%s ended before it listened: %s", cmd.Path, rest)
}

// syncBuffer is a bytes.Buffer that a goroutine writes while another
// may read it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveNothing answers every request 200 with an empty body, as listen
// answers a stored delivery, after reading the body, and keeps nothing.
func serveNothing(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "serving on "+ln.Addr().String())
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
	}))
}

// send sends signed deliveries to addr from l.senders senders at once.
func send(addr string, secret []byte, l load) *result {
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: l.senders, MaxConnsPerHost: l.senders}}
	ctx, cancel := context.WithCancel(context.Background())
	if l.count == 0 {
		ctx, cancel = context.WithTimeout(ctx, l.duration)
	}
	defer cancel()
	run := randomHex(6)
	var seq atomic.Int64
	var mu sync.Mutex
	res := &result{statuses: map[int]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for range l.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := &result{statuses: map[int]int{}}
			for ctx.Err() == nil {
				n := seq.Add(1)
				if l.count > 0 && n > int64(l.count) {
					break
				}
				deliverOne(client, addr, secret, fmt.Sprintf("event_%s%09d", run, n), mine)
			}
			mu.Lock()
			res.merge(mine)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	client.CloseIdleConnections()
	slices.Sort(res.latencies)
	return res
}

// deliverOne POSTs the event id, signed, and notes how it was answered.
func deliverOne(client *http.Client, addr string, secret []byte, id string, into *result) {
	body := eventBody(id)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret))
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		into.errs++
		if into.firstErr == nil {
			into.firstErr = err
		}
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	into.latencies = append(into.latencies, time.Since(t0))
	into.statuses[resp.StatusCode]++
	if resp.StatusCode == http.StatusOK {
		into.acked = append(into.acked, id)
	}
}

func (r *result) merge(o *result) {
	r.latencies = append(r.latencies, o.latencies...)
	r.acked = append(r.acked, o.acked...)
	for c, n := range o.statuses {
		r.statuses[c] += n
	}
	r.errs += o.errs
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
}

// eventBody is a next-gen webhook event with its payment embedded, about
// the size Mollie sends (1 KB).
func eventBody(id string) []byte {
	return []byte(`{"resource":"event","id":"` + id + `","type":"payment.paid","entityId":"tr_7UhSN1zuXS",` +
		`"createdAt":"2026-12-06T15:57:04+00:00","_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS",` +
		`"mode":"live","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123",` +
		`"method":"ideal","createdAt":"2026-12-06T15:56:01+00:00","paidAt":"2026-12-06T15:57:03+00:00",` +
		`"profileId":"pfl_QkEhN94Ba","sequenceType":"oneoff","redirectUrl":"https://shop.example/order/123",` +
		`"webhookUrl":"https://shop.example/webhooks","metadata":{"order_id":"123"},` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"},` +
		`"dashboard":{"href":"https://www.mollie.com/dashboard/org_13514547/payments/tr_7UhSN1zuXS","type":"text/html"}}}},` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/events/` + id + `","type":"application/hal+json"},` +
		`"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"},` +
		`"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}}}`)
}

// checkFile says whether the file at path holds exactly the acknowledged
// events, once each: how many it holds, how many acknowledged ones it
// lacks (lost), holds twice, or holds without their having been
// acknowledged.
func checkFile(path string, acked []string) (string, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", true, err
	}
	defer f.Close()
	held := map[string]int{}
	lines := bufio.NewScanner(f)
	lines.Buffer(make([]byte, 1<<20), webhook.MaxBody+1)
	n := 0
	for lines.Scan() {
		n++
		held[webhook.Key(lines.Bytes())]++
	}
	if err := lines.Err(); err != nil {
		return "", true, fmt.Errorf("reading %s: %w", path, err)
	}
	lost, twice := 0, 0
	for _, id := range acked {
		switch held[id] {
		case 0:
			lost++
		case 1:
		default:
			twice++
		}
		delete(held, id)
	}
	unacked := len(held)
	bad := lost > 0 || twice > 0 || unacked > 0
	verdict := "ok"
	if bad {
		verdict = "NOT exactly the acknowledged events"
	}
	return fmt.Sprintf("the file: %d lines, %d events acknowledged; %d lost, %d held twice, %d held unacknowledged: %s",
		n, len(acked), lost, twice, unacked, verdict), bad, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails: it crashes the program first
	return hex.EncodeToString(b)
}
