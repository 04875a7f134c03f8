package cells

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

func TestCheckURL(t *testing.T) {
	tests := []struct {
		href string
		want string // the reason, "" when the link may be opened
	}{
		{"https://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U", ""},
		{"http://localhost:8080/x?y=1#z", ""},
		{"HTTPS://EXAMPLE.ORG", ""},
		{"http://[::1]:8080/", ""},
		{"https://user:pass@host/", "the URL puts user@ before its host host, which hides where it goes"},
		{"https://api.mollie.com@evil.example/", "the URL puts api.mollie.com@ before its host evil.example, which hides where it goes"},
		{"https://@evil.example/", "the URL puts @ before its host evil.example, which hides where it goes"},
		{"https://example.org/a\u200bb", "the URL holds a space or an invisible character (U+200B)"},
		{"https://example.org/a\u00a0b", "the URL holds a space or an invisible character (U+00A0)"},
		{"https://exa\u00admple.org/", "the URL holds a space or an invisible character (U+00AD)"},
		{"https://example.org/a b", "the URL holds a space or an invisible character (U+0020)"},
		{"https://example.org/\u3000", "the URL holds a space or an invisible character (U+3000)"},
		{"https://example.org/é", "the URL holds a space or an invisible character (U+0301)"},
		{"https://example.org/️", "the URL holds a space or an invisible character (U+FE0F)"},
		{"https://bücher.example/straße", ""},
		{"javascript:alert(1)", "javascript: links are not opened, only http and https"},
		{"JaVaScRiPt:alert(1)", "javascript: links are not opened, only http and https"},
		{"java\tscript:alert(1)", "not a valid URL"},
		{"file:///etc/passwd", "file: links are not opened, only http and https"},
		{"data:text/html,<script>alert(1)</script>", "data: links are not opened, only http and https"},
		{"vbscript:msgbox", "vbscript: links are not opened, only http and https"},
		{"mailto:a@b", "mailto: links are not opened, only http and https"},
		{"//evil.example/", "not an absolute URL (no http:// or https://)"},
		{"/relative", "not an absolute URL (no http:// or https://)"},
		{"", "not an absolute URL (no http:// or https://)"},
		{"https://", "the URL has no host"},
		{"https:///path", "the URL has no host"},
		{"https:example.org", "the URL has no host"},
		{"http://:80/", "the URL has no host"},
		{" https://example.org", "not a valid URL"},
		{"-https://x", "not a valid URL"},
		{"https://example.org/\x1b[2J", "not a valid URL"},
		{"https://exa\u202emple.org/", "the URL holds invisible control or bidi characters"},
		{"https://example.org/\u2066x", "the URL holds invisible control or bidi characters"},
		{"https://example.org/\u0085", "the URL holds invisible control or bidi characters"},
		{"https://example.org/\xff", "the URL holds invisible control or bidi characters"},
	}
	for _, tt := range tests {
		err := CheckURL(tt.href)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("CheckURL(%q) = %q, want %q", tt.href, got, tt.want)
		}
	}
}

// FuzzCheckURL checks that whatever CheckURL lets through is an http or
// https URL with a host and nothing a terminal or a shell could take for
// more than text, and that its reasons are safe to show.
func FuzzCheckURL(f *testing.F) {
	f.Add("https://example.org/")
	f.Add("https://api.mollie.com@evil.example/")
	f.Add("https://example.org/\u200b")
	f.Fuzz(func(t *testing.T, href string) {
		err := CheckURL(href)
		if err != nil {
			if msg := err.Error(); SanitizeLine(msg) != msg {
				t.Fatalf("CheckURL(%q) reason %q holds controls", href, msg)
			}
			return
		}
		lower := strings.ToLower(href)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			t.Fatalf("CheckURL(%q) lets through a URL that is not http(s)://", href)
		}
		if u, err := url.Parse(href); err != nil || u.Hostname() == "" {
			t.Fatalf("CheckURL(%q) lets through a URL without a host: %v", href, err)
		}
		if SanitizeLine(href) != href {
			t.Fatalf("CheckURL(%q) lets through a URL with controls", href)
		}
		if u, _ := url.Parse(href); u.User != nil {
			t.Fatalf("CheckURL(%q) lets through a URL with a user before its host", href)
		}
		for _, r := range href {
			if r == ' ' || unicode.In(r, unicode.Cf, unicode.Zs, unicode.Mn) {
				t.Fatalf("CheckURL(%q) lets through an invisible %U", href, r)
			}
		}
	})
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"": "''", "a b": "'a b'", "it's": `'it'\''s'`, `$x "y"`: `'$x "y"'`} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
