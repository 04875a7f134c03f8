package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/source"
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

const hookProfiles = `default_profile = "shop"

[profiles.shop]
key_env = "SHOP_KEY"
api_url = "API_URL"
webhook_secret_env = "SHOP_HOOKS"

[profiles.other]
key_env = "OTHER_KEY"
webhook_secret_env = "OTHER_HOOKS"

[profiles.hooks]
webhook_secret_env = "OTHER_HOOKS"
`

// listenOptionsOf parses and validates listen's args in w, as Run would,
// and returns the options listen would run with.
func listenOptionsOf(w *world, args ...string) (*listenOptions, error) {
	var got *listenOptions
	e := Env{stdin: cliStdin(w.t, ""), stdout: io.Discard, stderr: io.Discard, now: cliNow, build: testBuild,
		getenv: func(k string) string { return w.env[k] }, keyring: w.ring}
	cmd := listenCommand(e, append([]string{"listen"}, args...), func(lo *listenOptions) error { got = lo; return nil })
	cmd.SetArgs(args)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return got, cmd.Execute()
}

// TestListenProfile: listen takes its key, API URL and signing secrets
// from the profile (--profile, else default_profile), the environment's
// MOLLIE_API_KEY and MOLLIE_WEBHOOK_SECRET winning; a profile --profile
// names must give its key, the default one need not.
func TestListenProfile(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		key, apiURL string // "API_URL": the fake's
		secrets     string
		note, err   string
	}{
		{"default profile", map[string]string{"SHOP_KEY": "KEY", "SHOP_HOOKS": "whsec_a, whsec_b"}, nil, "KEY", "API_URL", "whsec_a whsec_b", "", ""},
		{"the environment wins", map[string]string{"SHOP_KEY": "KEY", "SHOP_HOOKS": "whsec_a", "MOLLIE_WEBHOOK_SECRET": "whsec_env",
			"MOLLIE_API_KEY": "test_envenvenvenvenvenv"}, nil, "test_envenvenvenvenvenv", "API_URL", "whsec_env", "", ""},
		{"--profile", map[string]string{"OTHER_KEY": "live_otherotherotherother", "OTHER_HOOKS": "whsec_o"}, []string{"--profile", "other"},
			"live_otherotherotherother", source.DefaultAPIURL, "whsec_o", "", ""},
		{"the default profile's key missing", map[string]string{"SHOP_HOOKS": "whsec_a"}, nil, "", "", "whsec_a",
			"no key, so classic webhooks are only acknowledged: profile shop: key_env names SHOP_KEY, which is not set", ""},
		{"--profile's key missing", map[string]string{"OTHER_HOOKS": "whsec_o"}, []string{"--profile", "other"}, "", "", "", "",
			"--profile: profile other: key_env names OTHER_KEY, which is not set"},
		{"the profile's secrets missing", map[string]string{"SHOP_KEY": "KEY"}, nil, "", "", "", "",
			"profile shop: webhook_secret_env names SHOP_HOOKS, which is not set (nor is MOLLIE_WEBHOOK_SECRET)"},
		{"a profile without a key", map[string]string{"OTHER_HOOKS": "whsec_o"}, []string{"--profile", "hooks"}, "", "", "whsec_o", "", ""},
		{"an unknown profile", nil, []string{"--profile", "nope"}, "", "", "", "", `--profile: no profile "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, hookProfiles)
			for k, v := range tt.env {
				w.env[k] = strings.ReplaceAll(v, "KEY", w.srv.Key)
			}
			lo, err := listenOptionsOf(w, tt.args...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var secrets []string
			for _, s := range lo.secrets {
				secrets = append(secrets, string(s))
			}
			if strings.Join(secrets, " ") != tt.secrets {
				t.Errorf("secrets %q, want %q", secrets, tt.secrets)
			}
			wantKey, wantURL := strings.ReplaceAll(tt.key, "KEY", w.srv.Key), strings.ReplaceAll(tt.apiURL, "API_URL", w.srv.URL)
			switch {
			case wantKey == "" && lo.api != nil:
				t.Errorf("a key from %s, want none", lo.api.BaseURL)
			case wantKey != "" && (lo.api == nil || lo.api.Key != wantKey || lo.api.BaseURL != wantURL):
				t.Errorf("api %+v, want key %.5s… at %s", lo.api, wantKey, wantURL)
			}
			if strings.Join(lo.notes, "\n") != tt.note {
				t.Errorf("notes %q, want %q", lo.notes, tt.note)
			}
		})
	}
}

// TestListenClassicWithProfile: a classic webhook's payment is fetched
// with the default profile's key from its API and kept as an event.
func TestListenClassicWithProfile(t *testing.T) {
	w := newWorld(t, hookProfiles)
	w.env["SHOP_KEY"], w.env["SHOP_HOOKS"] = w.srv.Key, "whsec_a"
	w.srv.AddObject("/v2/payments/tr_7UhSN1zuXS", map[string]any{"status": "paid", "method": "ideal", "createdAt": "2024-03-20T09:13:37+00:00",
		"amount": map[string]string{"currency": "EUR", "value": "10.00"}, "description": "Order #123"})
	out := filepath.Join(t.TempDir(), "w.ndjson")
	lo, err := listenOptionsOf(w, "--addr", "127.0.0.1:0", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lo.start(true)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(r.url("/"), "application/x-www-form-urlencoded", strings.NewReader("id=tr_7UhSN1zuXS"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	if resp.StatusCode != 200 || !strings.Contains(string(data), "tr_7UhSN1zuXS") || !strings.Contains(string(data), "Order #123") {
		t.Errorf("answered %d; the file holds %q, want the payment's event", resp.StatusCode, data)
	}
}

// TestReplayProfile: replay signs with the first secret of the profile's
// webhook_secret_env.
func TestReplayProfile(t *testing.T) {
	w := newWorld(t, hookProfiles)
	w.env["OTHER_HOOKS"] = "whsec_o,whsec_old"
	verified := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verified <- (webhook.Secrets{[]byte("whsec_o")}).Verify(body, r.Header.Values(webhook.SignatureHeader))
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(file, []byte(`{"id":"event_1","type":"payment.paid","createdAt":"2024-03-22T10:00:00Z","message":"m"}`+"\n"), 0o600)
	if _, errOut, code := w.run("", "replay", "--profile", "other", file, "--forward-to", srv.URL); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if err := <-verified; err != nil {
		t.Errorf("the replayed event does not verify with the profile's first secret: %v", err)
	}
	if _, errOut, code := w.run("", "replay", file, "--forward-to", srv.URL); code != 2 || !strings.Contains(errOut, "webhook_secret_env names SHOP_HOOKS") {
		t.Errorf("the default profile without its variable: exit %d, stderr %q", code, errOut)
	}
}

// listenDemo runs listen --demo, printing in format, and returns its
// options and what it wrote.
func listenDemo(t *testing.T, w *world, format string) (lo *listenOptions, out, errOut *bytes.Buffer) {
	t.Helper()
	lo, err := listenOptionsOf(w, "--demo", "-o", format)
	if err != nil {
		t.Fatal(err)
	}
	lo.demoEvery = time.Microsecond
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	if err := lo.listenRun(Env{stdin: cliStdin(t, ""), stdout: out, stderr: errOut, now: cliNow, build: testBuild,
		getenv: func(string) string { return "" }}); err != nil {
		t.Fatalf("%v; stderr %s", err, errOut.String())
	}
	return lo, out, errOut
}

// TestListenDemo: listen --demo receives the sample through the handler,
// signed and verified, and in print mode prints each event once and ends;
// the forged delivery is refused, and its file is gone at the end.
func TestListenDemo(t *testing.T) {
	w := newWorld(t, "")
	lo, out, errOut := listenDemo(t, w, "tsv")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(demo.Webhooks()) || !strings.Contains(out.String(), "Payment paid · ideal · €249.00 · Order #6101") {
		t.Errorf("printed %d lines, want the sample's %d events once each:\n%s", len(lines), len(demo.Webhooks()), out.String())
	}
	if !strings.Contains(errOut.String(), "refused a request (401 Unauthorized): bad signature") {
		t.Errorf("stderr %q: want the forged delivery refused", errOut.String())
	}
	if _, err := os.Stat(lo.out); !os.IsNotExist(err) {
		t.Errorf("the demo's file %s is still there: %v", lo.out, err)
	}
	for _, flag := range [][]string{{"--addr", "127.0.0.1:9"}, {"--forward-to", "http://localhost:3000"}, {"--no-verify"}, {"--out", "x.ndjson"}} {
		if _, err := listenOptionsOf(w, append([]string{"--demo"}, flag...)...); err == nil || !strings.Contains(err.Error(), "--demo takes no "+flag[0]) {
			t.Errorf("--demo %v: %v", flag, err)
		}
	}
}

// TestListenPrintsAsStored: listen -o ndjson prints each event as it
// stored it, a line of the delivery's JSON: the members it was sent with
// and no other (the message the table shows is written from the entity),
// the entity embedded. (The demo moves the sample's times to now.)
func TestListenPrintsAsStored(t *testing.T) {
	_, out, _ := listenDemo(t, newWorld(t, ""), "ndjson")
	sample := demo.Webhooks()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(sample) {
		t.Fatalf("printed %d lines, want %d", len(lines), len(sample))
	}
	type wire struct {
		Embedded struct {
			Entity map[string]json.RawMessage `json:"entity"`
		} `json:"_embedded"`
	}
	for i, line := range lines {
		var got, sent map[string]json.RawMessage
		var gotEntity, sentEntity wire
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		json.Unmarshal([]byte(line), &gotEntity)
		json.Unmarshal(sample[i], &sent)
		json.Unmarshal(sample[i], &sentEntity)
		if g, s := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(sent)); !slices.Equal(g, s) {
			t.Errorf("line %d has %q, want the members sent: %q", i+1, g, s)
		}
		g, s := gotEntity.Embedded.Entity, sentEntity.Embedded.Entity
		if !slices.Equal(slices.Sorted(maps.Keys(g)), slices.Sorted(maps.Keys(s))) || string(g["id"]) != string(s["id"]) {
			t.Errorf("line %d: entity %q, want %q", i+1, slices.Sorted(maps.Keys(g)), slices.Sorted(maps.Keys(s)))
		}
	}
}
