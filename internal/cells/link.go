package cells

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// CheckURL reports why href must not be opened, or nil if it may: only http
// and https URLs with a host are ever handed to a browser. A javascript:,
// file: or data: href in an event is someone else's text, not a link we
// trust.
func CheckURL(href string) error {
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Errorf("not a valid URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return fmt.Errorf("not an absolute URL (no http:// or https://)")
	default:
		return fmt.Errorf("%s: links are not opened, only http and https", SanitizeLine(strings.ToLower(u.Scheme)))
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("the URL has no host")
	}
	// url.Parse refuses ASCII controls but not C1 controls, bidi controls
	// or invalid UTF-8, which would make the URL shown differ from the
	// one opened.
	if SanitizeLine(href) != href {
		return fmt.Errorf("the URL holds invisible control or bidi characters")
	}
	// Nor does it refuse characters that show as nothing, or as a plain
	// space: a zero-width space or a no-break space makes two URLs look
	// alike.
	for _, r := range href {
		if r == ' ' || r > 0x7f && (unicode.In(r, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp, unicode.Mn, unicode.Me) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)) {
			return fmt.Errorf("the URL holds a space or an invisible character (%U)", r)
		}
	}
	// https://api.mollie.com@evil.example/ goes to evil.example: a user
	// name before the host only serves to hide where a link goes.
	if u.User != nil {
		return fmt.Errorf("the URL puts %s before its host %s, which hides where it goes",
			SanitizeLine(u.User.Username()+"@"), SanitizeLine(u.Hostname()))
	}
	return nil
}

// ShellQuote quotes s for a POSIX shell: in single quotes, which are
// closed around each single quote of s, which is escaped with a backslash.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
