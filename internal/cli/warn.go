package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// warnf writes a message to w, stderr, line by line cleaned as the screen's
// text is: it may name a file, a URL or a server's words, and none of them
// may send escape sequences to the terminal.
func warnf(w io.Writer, format string, args ...any) {
	lines := strings.Split(strings.TrimSuffix(fmt.Sprintf(format, args...), "\n"), "\n")
	for i, l := range lines {
		lines[i] = cells.SanitizeLine(l)
	}
	io.WriteString(w, strings.Join(lines, "\n")+"\n")
}
