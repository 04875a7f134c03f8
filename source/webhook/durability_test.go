package webhook

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// childEnv, when set, makes TestReceiverChild a receiver: the store at its
// path, served on a loopback port written to its path + ".addr".
const childEnv = "EVENTBROWSER_WEBHOOK_CHILD"

// TestReceiverChild is the receiver TestDurableUnderSIGKILL kills; run
// alone it does nothing.
func TestReceiverChild(t *testing.T) {
	path := os.Getenv(childEnv)
	if path == "" {
		t.Skip("run by TestDurableUnderSIGKILL")
	}
	st, warnings, err := OpenStore(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.Exit(3)
	}
	tmp := path + ".addr.tmp"
	os.WriteFile(tmp, []byte(ln.Addr().String()), 0o600)
	os.Rename(tmp, path+".addr")
	srv := NewServer("", "/", &Handler{Secrets: Secrets{testSecret}, Store: st})
	srv.Serve(ln) // until killed
}

// receiverProcess starts the receiver in a process of its own and returns
// it, its address and its stderr.
func receiverProcess(t *testing.T, path string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	os.Remove(path + ".addr")
	cmd := exec.Command(os.Args[0], "-test.run=^TestReceiverChild$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if addr, err := os.ReadFile(path + ".addr"); err == nil {
			return cmd, string(addr), &stderr
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the receiver did not start: %s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond) // waiting for the file, not for time to pass
	}
}

// TestDurableUnderSIGKILL sends signed deliveries from 8 senders to a
// receiver that is killed with SIGKILL at a random moment, several times
// over, and once left with a torn last line, as a crash in the middle of
// a write can leave on some file systems. Every event answered 200 must be
// in the file exactly once, and no event twice.
func TestDurableUnderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	path := filepath.Join(t.TempDir(), "w.ndjson")
	var (
		mu    sync.Mutex
		acked = map[string]bool{}
		next  int
	)
	client := &http.Client{Timeout: 5 * time.Second}
	const rounds = 5
	for round := range rounds {
		if round == rounds-1 {
			f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
			f.WriteString(`{"resource":"event","id":"event_torn","type":"pay`)
			f.Close()
		}
		cmd, addr, stderr := receiverProcess(t, path)
		stop := make(chan struct{})
		// It is killed once a random number more events are answered 200:
		// with 8 senders, some are in flight, some half-written.
		mu.Lock()
		killAt := len(acked) + 20 + rand.IntN(300)
		mu.Unlock()
		reached := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					mu.Lock()
					id := fmt.Sprintf("event_%06d", next)
					next++
					if next%10 == 0 && len(acked) > 0 { // now and then a retry of an event already stored
						id = fmt.Sprintf("event_%06d", rand.IntN(next-1))
					}
					mu.Unlock()
					body := event(id)
					req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
					req.Header.Set(SignatureHeader, Sign(body, testSecret))
					resp, err := client.Do(req)
					if err != nil {
						return // killed
					}
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						mu.Lock()
						acked[id] = true
						if len(acked) >= killAt {
							once.Do(func() { close(reached) })
						}
						mu.Unlock()
					}
				}
			})
		}
		select {
		case <-reached:
		case <-time.After(time.Minute):
			t.Errorf("round %d: the senders stopped before %d events were answered 200; receiver's stderr:\n%s", round, killAt, stderr.String())
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		close(stop)
		wg.Wait()
		if round == rounds-1 && !strings.Contains(stderr.String(), "the last line was cut off") {
			t.Errorf("the restart after a torn line did not warn; stderr:\n%s", stderr.String())
		}
	}
	count, lost := checkDelivered(t, path, acked)
	t.Logf("%d rounds: %d events answered 200, %d in the file, %d lost", rounds, len(acked), len(count), lost)
	if len(acked) < rounds {
		t.Errorf("only %d events answered 200: the test did not exercise the receiver", len(acked))
	}
}

// checkDelivered reads the file at path and checks every acked event is
// in it exactly once, no event twice, and no torn line; it returns how
// many times each event is there, and how many acked ones are not.
func checkDelivered(t *testing.T, path string, acked map[string]bool) (count map[string]int, lost int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	count = map[string]int{}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		k := Key([]byte(line))
		if strings.HasPrefix(k, "sha256:") {
			t.Errorf("line %d is not a whole event: %q", i+1, line)
		}
		count[k]++
	}
	if count["event_torn"] > 0 {
		t.Errorf("the torn line is still in the file")
	}
	for id, n := range count {
		if n > 1 {
			t.Errorf("%s is in the file %d times", id, n)
		}
	}
	for id := range acked {
		if count[id] != 1 {
			lost++
			t.Errorf("%s was answered 200 but is not in the file", id)
		}
	}
	return count, lost
}
