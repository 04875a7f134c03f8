package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/webhook"
)

func TestListenUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no secret", nil, []string{"listen"}, "set MOLLIE_WEBHOOK_SECRET to your webhook's signing secret"},
		{"only commas", map[string]string{"MOLLIE_WEBHOOK_SECRET": " , "}, []string{"listen"}, "set MOLLIE_WEBHOOK_SECRET"},
		{"bad address", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "--addr", "8787"}, `--addr: "8787": want HOST:PORT`},
		{"bad path", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "--path", "hooks"}, "--path"},
		{"bad forward URL", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "--forward-to", "javascript:alert(1)"}, "--forward-to"},
		{"bad output", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "-o", "xml"}, "-o:"},
		{"bad query", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "-q", "type:2abc"}, "-q:"},
		{"a file", map[string]string{"MOLLIE_WEBHOOK_SECRET": "s"}, []string{"listen", "events.json"}, "unknown command"},
		{"secret as a flag", nil, []string{"listen", "--secret", "s"}, "unknown flag --secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Run(tt.args, Env{stdin: cliStdin(t, ""), stdout: &out, stderr: &errOut, now: cliNow, build: testBuild,
				getenv: func(k string) string { return tt.env[k] }})
			if code != 2 || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut.String(), tt.want)
			}
		})
	}
}

func TestListenHelp(t *testing.T) {
	out, errOut, code := cliRun(t, cliStdin(t, ""), "listen", "--help")
	if code != 0 || errOut != "" || !strings.Contains(out, "MOLLIE_WEBHOOK_SECRET") || !strings.Contains(out, "--forward-to") {
		t.Errorf("exit %d, stderr %q, help:\n%s", code, errOut, out)
	}
}

func TestReplay(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := (webhook.Secrets{[]byte("whsec_a")}).Verify(body, r.Header.Values(webhook.SignatureHeader)); err != nil {
			t.Errorf("a replayed event does not verify: %v", err)
		}
		mu.Lock()
		got = append(got, webhook.Key(body))
		mu.Unlock()
		if strings.Contains(string(body), "event_late") {
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(file, []byte(`{"id":"event_late","type":"payment.paid","createdAt":"2024-03-22T10:00:00Z","message":"late"}
{"id":"event_early","type":"payment.paid","createdAt":"2024-03-21T10:00:00Z","message":"early"}
{"id":"event_old","type":"payment.paid","createdAt":"2024-01-01T10:00:00Z","message":"old"}
`), 0o600)
	env := func(k string) string { return map[string]string{"MOLLIE_WEBHOOK_SECRET": "whsec_a,whsec_b"}[k] }
	var out, errOut bytes.Buffer
	code := Run([]string{"replay", file, "--forward-to", srv.URL, "--since", "2024-03-01"}, Env{stdin: cliStdin(t, ""), stdout: &out, stderr: &errOut,
		now: cliNow, build: testBuild, getenv: env})
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, " ") != "event_early event_late" {
		t.Errorf("replayed %q, want the events since March, oldest first", got)
	}
	if code != 1 || !strings.Contains(errOut.String(), "replayed 2 events to "+srv.URL+": 1 × 200, 1 × 500") {
		t.Errorf("exit %d, stderr %q; want 1 and the summary", code, errOut.String())
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "event_late\t500") {
		t.Errorf("stdout %q", out.String())
	}
	code = Run([]string{"replay", file, "--forward-to", srv.URL}, Env{stdin: cliStdin(t, ""), stdout: &out, stderr: &errOut,
		now: cliNow, build: testBuild, getenv: func(string) string { return "" }})
	if code != 2 {
		t.Errorf("replay without a secret: exit %d, want 2", code)
	}
}
