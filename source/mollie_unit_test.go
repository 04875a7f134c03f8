package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCheckBaseURL(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"https://api.mollie.com", true},
		{"https://api.example.org:8443/", true},
		{"http://127.0.0.1:8080", true},
		{"http://127.9.9.9", true},
		{"http://[::1]:8080", true},
		{"http://localhost:1234", true},
		{"http://api.mollie.com", false},
		{"http://10.0.0.1", false},
		{"http://192.168.1.10:8080", false},
		{"http://localhost.example.com", false},
		{"http://127.0.0.1.nip.io", false},
		{"ftp://api.mollie.com", false},
		{"api.mollie.com", false},
		{"", false},
		{"http://127.0.0.1:8080?x=1", false},
		{"https://api.mollie.com/?", false},
		{"https://api.mollie.com#top", false},
		{"https://api.mollie.com/#", false},
		{"https://user:pw@api.mollie.com", false},
		{"https://api.mollie.com/proxy/", true},
	} {
		err := CheckBaseURL(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
	if err := CheckBaseURL("http://api.mollie.com"); err == nil || !strings.Contains(err.Error(), "clear text") {
		t.Errorf("the refusal should say why: %v", err)
	}
}

// TestTokenParams: profileId goes with access_ tokens only, testmode
// wherever it is asked for.
func TestTokenParams(t *testing.T) {
	for _, tt := range []struct {
		m    *Mollie
		want string
	}{
		{&Mollie{Key: "access_abcdefghijkl", ProfileID: "pfl_abc", Testmode: true}, "profileId=pfl_abc&testmode=true"},
		{&Mollie{Key: "access_abcdefghijkl", ProfileID: "pfl_abc"}, "profileId=pfl_abc"},
		{&Mollie{Key: "live_abcdefghijkl", ProfileID: "pfl_abc"}, ""},
		{&Mollie{Key: "test_abcdefghijkl", Testmode: true}, "testmode=true"},
		{&Mollie{Key: "test_abcdefghijkl"}, ""},
	} {
		q := url.Values{}
		added := tt.m.tokenParams(q)
		if got := q.Encode(); got != tt.want || added != (tt.want != "") {
			t.Errorf("%s %q testmode %v: %q (added %v), want %q", KeyPrefix(tt.m.Key), tt.m.ProfileID, tt.m.Testmode, got, added, tt.want)
		}
	}
	if err := CheckKey("test_x", "key_command of profile shop"); err == nil || !strings.HasPrefix(err.Error(), "key_command of profile shop is malformed") {
		t.Errorf("CheckKey names where the key came from: %v", err)
	}
}

func TestCheckKey(t *testing.T) {
	const secret = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"
	for _, tt := range []struct {
		key, want string
	}{
		{secret, ""},
		{"live_abcdefghijkl", ""},
		{"access_abcDEF123ghi_45", ""},
		{"live_abc", "malformed"},
		{"test_", "malformed"},
		{"access_", "malformed"},
		{"test_abcdefghijk!", "malformed"},
		{"", "set MOLLIE_API_KEY"},
		{"sk_test_abc", "should start with live_, test_ or access_"},
		{"test_abc\n", "white space"},
	} {
		err := CheckKey(tt.key, KeyEnv)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckKey(%q) = %v, want %q", tt.key, err, tt.want)
		}
		if err != nil && tt.key != "" && strings.Contains(err.Error(), tt.key) {
			t.Errorf("CheckKey repeats the key: %v", err)
		}
	}
}

func TestCheckCustomerID(t *testing.T) {
	for id, ok := range map[string]bool{"cst_8wmqcHMN4U": true, "cst_a": true, "8wmqcHMN4U": false, "cst_": false, "cst_a/../b": false, "cst_a?x=1": false, "": false} {
		if err := CheckCustomerID(id); (err == nil) != ok {
			t.Errorf("CheckCustomerID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		header string
		min    time.Duration
		max    time.Duration
	}{
		{"", 0, 0},
		{"3", 3 * time.Second, 3 * time.Second},
		{" 0 ", 0, 0},
		{"-1", 0, 0},
		{"soon", 0, 0},
		{time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat), 8 * time.Second, 10 * time.Second},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0, 0},
	} {
		if got := retryAfter(tt.header); got < tt.min || got > tt.max {
			t.Errorf("retryAfter(%q) = %v, want between %v and %v", tt.header, got, tt.min, tt.max)
		}
	}
}

func TestAPIErrorMessages(t *testing.T) {
	mollie := func(status int, title, detail string) []byte {
		return []byte(`{"status":` + strconv.Itoa(status) + `,"title":"` + title + `","detail":"` + detail + `","_links":{"documentation":{"href":"https://docs.mollie.com/","type":"text/html"}}}`)
	}
	for _, tt := range []struct {
		status int
		what   string
		body   []byte
		want   string
	}{
		{401, "customer cst_1", mollie(401, "Unauthorized Request", "Missing authentication, or failed to authenticate"),
			"customer cst_1: the API key (test_…) was rejected (HTTP 401 Unauthorized Request: Missing authentication, or failed to authenticate); check MOLLIE_API_KEY"},
		{403, "customer cst_1", mollie(403, "Forbidden", "Access denied"),
			"customer cst_1: the API key (test_…) lacks permission (HTTP 403 Forbidden: Access denied); check MOLLIE_API_KEY"},
		{404, "customer cst_1", mollie(404, "Not Found", "No customer exists with token cst_1."),
			"customer cst_1 not found (HTTP 404 Not Found: No customer exists with token cst_1.)"},
		{422, "customer cst_1", []byte(`{"status":422,"title":"Unprocessable Entity","detail":"The include is invalid","field":"include"}`),
			"customer cst_1: HTTP 422 Unprocessable Entity: The include is invalid (field include)"},
		{429, "customer cst_1", mollie(429, "Too Many Requests", "You have exceeded the rate limit. Please slow down your requests."),
			"customer cst_1: HTTP 429 Too Many Requests: You have exceeded the rate limit. Please slow down your requests."},
		{502, "customer cst_1", []byte("<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>"),
			`customer cst_1: HTTP 502 Bad Gateway from api.test, not Mollie's JSON: "<html><head><title>502 Bad Gateway</title></head> <body>nginx</body></html>"; Mollie or a proxy had a problem, try again later`},
		{500, "customer cst_1", []byte(`{"title":"Oops\u001b[2J","detail":"bad\u0007"}`),
			"customer cst_1: HTTP 500 Oops: bad; Mollie or a proxy had a problem, try again later"},
	} {
		e := &APIError{Status: tt.status, What: tt.what, Host: "api.test", KeyPrefix: "test_…"}
		e.parse(tt.body)
		if got := e.Error(); got != tt.want {
			t.Errorf("HTTP %d:\n got %s\nwant %s", tt.status, got, tt.want)
		}
	}
}

func TestRedactAndKeyPrefix(t *testing.T) {
	const key = "live_SuperSecretValue123"
	m := &Mollie{Key: key}
	err := m.redact(errors.New("GET https://x/?k=" + key + " failed"))
	if strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "live_…") {
		t.Errorf("redact: %v", err)
	}
	for k, want := range map[string]string{key: "live_…", "test_x": "test_…", "access_x": "access_…", "weird": "…", "": "…"} {
		if got := KeyPrefix(k); got != want {
			t.Errorf("KeyPrefix(%q) = %q, want %q", k, got, want)
		}
	}
}

// TestTransportError checks which failures below HTTP count as the API
// gone (so a load stops after a few in a row) and which are retried.
func TestTransportError(t *testing.T) {
	m := &Mollie{Timeout: time.Second}
	req, _ := http.NewRequest("GET", "http://127.0.0.1:9/v2/customers/cst_1", nil)
	for _, tt := range []struct {
		name                 string
		err                  error
		unreachable, retried bool
		says                 string
	}{
		{"refused", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true, false, "refused the connection"},
		{"reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, true, true, "dropped the connection"},
		{"EOF", fmt.Errorf("Get %q: %w", req.URL, io.EOF), true, true, "dropped the connection"},
		{"idle connection closed", fmt.Errorf("Get %q: %w", req.URL, errors.New("http: server closed idle connection")), true, true, "dropped the connection"},
		{"no such host", &net.DNSError{Err: "no such host", Name: "api.example"}, true, false, "cannot find the host"},
		{"timeout", context.DeadlineExceeded, false, false, "did not answer within 1s"},
		{"anything else", errors.New("tls: bad certificate"), false, false, "tls: bad certificate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := m.transportError(context.Background(), req, "customer cst_1", tt.err)
			var r *retryable
			if isUnreachable(err) != tt.unreachable || errors.As(err, &r) != tt.retried || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("%v: unreachable %v, retried %v; want %v, %v, saying %q", err, isUnreachable(err), errors.As(err, &r), tt.unreachable, tt.retried, tt.says)
			}
			// A timeout carries what the command needs to name --timeout.
			var te *TimeoutError
			if want := tt.name == "timeout"; errors.As(err, &te) != want || want && *te != (TimeoutError{"customer cst_1", "127.0.0.1:9", time.Second}) {
				t.Errorf("%#v: a *TimeoutError %v, want %v", err, te, want)
			}
		})
	}
}
