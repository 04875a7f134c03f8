package ui

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/pkg/browser"
)

// OpenURL opens url in the user's browser. If $BROWSER is set it is run as
// the command: split like a shell word list (quotes and backslashes, as gh
// does), with %s replaced by the URL where it appears, else the URL as the
// last argument; otherwise pkg/browser picks the platform's opener. The
// URL is always one argument, never passed through a shell, and the
// opener's output is discarded so it cannot scribble on the screen.
func OpenURL(url string) error {
	if env := os.Getenv("BROWSER"); strings.TrimSpace(env) != "" {
		args, err := browserCommand(env, url)
		if err != nil {
			return err
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
		if err := cmd.Start(); err != nil {
			return err
		}
		go cmd.Wait() // reap it; a browser may run for long
		return nil
	}
	quietBrowser.Do(func() { browser.Stdout, browser.Stderr = io.Discard, io.Discard })
	return browser.OpenURL(url)
}

var quietBrowser sync.Once

// browserCommand is the command $BROWSER (env) names for url.
func browserCommand(env, url string) ([]string, error) {
	words, err := shellWords(env)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errors.New("$BROWSER names no command")
	}
	replaced := false
	for i, w := range words[1:] {
		if strings.Contains(w, "%s") {
			words[i+1] = strings.ReplaceAll(w, "%s", url)
			replaced = true
		}
	}
	if !replaced {
		words = append(words, url)
	}
	return words, nil
}

// shellWords splits s as a POSIX shell splits a simple command's words:
// at unquoted white space, with '…' taken literally, "…" and a backslash
// outside quotes escaping the next character. Nothing is expanded.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		case c == '\\':
			if i+1 < len(s) {
				i++
				w.WriteByte(s[i])
			}
			inWord = true
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("$BROWSER has an unclosed ' quote")
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New(`$BROWSER has an unclosed " quote`)
			}
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
