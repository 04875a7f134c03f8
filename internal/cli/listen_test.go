package cli

import (
	"bytes"
	"strings"
	"testing"
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
