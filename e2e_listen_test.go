package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freeAddr is a loopback address no one listens on, for a receiver.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// webhookEvent is a next-gen webhook event with a message.
func webhookEvent(id, message string) []byte {
	return []byte(fmt.Sprintf(`{"resource":"event","id":%q,"type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00","message":%q}`, id, message))
}

// deliver POSTs body to addr signed with secret, as Mollie does, and
// returns the status; it tries again while the receiver is starting.
func deliver(t *testing.T, addr string, body []byte, secret string) int {
	t.Helper()
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	deadline := time.Now().Add(waitTimeout)
	for {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Mollie-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return resp.StatusCode
		}
		if time.Now().After(deadline) {
			t.Fatalf("the receiver at %s never answered: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond) // waiting for it to listen
	}
}

// TestEndToEndListen: listen on a terminal shows each signed delivery as a
// new row as it arrives, and a delivery with a bad signature as refused,
// never as a row; q ends it, and the file holds the accepted event alone.
func TestEndToEndListen(t *testing.T) {
	bin := buildBinary(t)
	addr, out := freeAddr(t), filepath.Join(t.TempDir(), "w.ndjson")
	forwarded := make(chan string, 10)
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded <- r.Header.Get("X-Mollie-Signature")
	}))
	defer handler.Close()
	term := startTerminal(t, fmt.Sprintf("MOLLIE_WEBHOOK_SECRET=whsec_e2e TZ=UTC %s listen --addr %s --out %s --forward-to %s", bin, addr, out, handler.URL))
	term.waitFor("0 events")
	if got := deliver(t, addr, webhookEvent("event_one", "Payment paid e2e-first"), "whsec_e2e"); got != 200 {
		t.Fatalf("a signed delivery answered %d, want 200", got)
	}
	term.waitFor("e2e-first")
	term.waitFor("1 new")
	if sig := <-forwarded; !strings.HasPrefix(sig, "sha256=") {
		t.Errorf("the forward carried the signature %q, want Mollie's", sig)
	}
	term.waitFor(" ms")
	term.keys("r")
	term.waitFor("re-sending to " + handler.URL)
	<-forwarded
	if got := deliver(t, addr, webhookEvent("event_two", "Payment paid e2e-forged"), "whsec_wrong"); got != 401 {
		t.Fatalf("a badly signed delivery answered %d, want 401", got)
	}
	screen := term.waitFor("1 refused")
	if strings.Contains(screen, "e2e-forged") {
		t.Errorf("the refused delivery shows as a row:\n%s", screen)
	}
	if got := deliver(t, addr, webhookEvent("event_three", "Payment paid e2e-second"), "whsec_e2e"); got != 200 {
		t.Fatalf("a signed delivery answered %d, want 200", got)
	}
	term.waitFor("e2e-second")
	term.keys("E")
	term.waitFor("bad signature")
	term.keys("Escape")
	term.waitFor("CREATED")
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s, want 0", status)
	}
	data, _ := os.ReadFile(out)
	if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 2 || strings.Contains(string(data), "e2e-forged") {
		t.Errorf("the file holds:\n%s\nwant the two signed events", data)
	}
}

// TestEndToEndListenPrints: with its output not a terminal, listen prints
// each event as it is stored, and SIGINT ends it with 130.
func TestEndToEndListenPrints(t *testing.T) {
	bin := buildBinary(t)
	addr, out := freeAddr(t), filepath.Join(t.TempDir(), "w.ndjson")
	cmd := exec.Command(bin, "listen", "--addr", addr, "--out", out, "-o", "ndjson")
	cmd.Env = append(os.Environ(), "MOLLIE_WEBHOOK_SECRET=old,whsec_e2e")
	stdout, stderr := startPiped(t, cmd)
	for i, msg := range []string{"Payment paid one", "Payment paid two"} {
		if got := deliver(t, addr, webhookEvent(fmt.Sprintf("event_%d", i), msg), "whsec_e2e"); got != 200 {
			t.Fatalf("answered %d, want 200", got)
		}
		if line, _ := stdout.ReadString('\n'); !strings.Contains(line, msg) {
			t.Fatalf("printed %q, want the event with %q; stderr: %s", line, msg, stderr.String())
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	waitExit(t, cmd)
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d after SIGINT, want 130; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "keeping events in "+out) {
		t.Errorf("stderr does not say where events are kept: %s", stderr.String())
	}
}

// TestEndToEndListenDemo: listen --demo on a terminal shows the sample's
// deliveries arriving as new rows, with no secret and no network, and
// the forged one as refused; q ends it.
func TestEndToEndListenDemo(t *testing.T) {
	bin := buildBinary(t)
	term := startTerminal(t, fmt.Sprintf("TZ=UTC %s listen --demo", bin))
	term.waitFor("Order #6101")
	term.waitFor("1 refused")
	screen := term.waitFor("Payment link paid")
	if !strings.Contains(screen, "new") || strings.Contains(screen, "NOT VERIFYING") {
		t.Errorf("want the rows marked new, and verified:\n%s", screen)
	}
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s, want 0", status)
	}
}
