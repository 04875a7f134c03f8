package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// indicMessages are texts whose graphemes are narrower than the cells
// tmux gives their runes: conjuncts joined by a virama and spacing vowel
// signs, in several scripts, some cut by the message column and some
// padded; then Thai and joined emoji, and plain text.
var indicMessages = []string{
	"नमस्ते दुनिया क्षत्रिय", // Hindi
	"क्षत्रिय क्षत्रिय क्षत्रिय क्षत्रिय क्षत्रिय क्षत्रिय क्षत्रिय", // cut
	"নমস্কার বাংলা",      // Bengali
	"નમસ્તે ગુજરાતી",     // Gujarati
	"வணக்கம் உலகம் ஸ்ரீ", // Tamil
	"നമസ്കാരം ലോകം ക്ഷ",  // Malayalam
	"నమస్కారం తెలుగు",    // Telugu
	"สวัสดีครับ ที่นี่",  // Thai
	"👨\u200d👩\u200d👧 family",
	"plain ascii",
}

// TestEndToEndIndicConjunctsKeepTheColumns browses messages in Indic
// scripts: in tmux, which advances a cell for each rune
// but a mark, every row's SOURCE starts at the same x, found by tmux's own
// search in copy mode rather than by measuring the captured text.
func TestEndToEndIndicConjunctsKeepTheColumns(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	var lines []string
	for i, m := range indicMessages {
		lines = append(lines, fmt.Sprintf(`{"resource":"event","type":%d,"createdAt":"2024-06-%02dT09:00:00Z","message":%q}`, 300+i, i+1, m))
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.ndjson", strings.Join(lines, "\n")+"\n")
	write("b.ndjson", `{"resource":"event","type":1,"createdAt":"2024-07-01T09:00:00Z","message":"x"}`+"\n")
	term := startTerminal(t, fmt.Sprintf("cd %q && env TZ=UTC %q a.ndjson b.ndjson", dir, bin))
	n := len(indicMessages) + 1
	s := term.waitFor(fmt.Sprintf("%d events", n))
	if !strings.Contains(s, "SOURCE") {
		t.Fatalf("no SOURCE column:\n%s", s)
	}

	// Each source, row after row, where tmux has it.
	term.tmux("set-option", "-w", "-t", "main", "wrap-search", "off")
	term.tmux("copy-mode", "-t", "main")
	term.tmux("send-keys", "-t", "main", "-X", "top-line")
	term.tmux("send-keys", "-t", "main", "-X", "start-of-line")
	type at struct{ x, y int }
	var found []at
	for range n + 1 {
		term.tmux("send-keys", "-t", "main", "-X", "search-forward", ".ndjson")
		x, _ := strconv.Atoi(term.format("#{copy_cursor_x}"))
		y, _ := strconv.Atoi(term.format("#{copy_cursor_y}"))
		if len(found) > 0 && y <= found[len(found)-1].y {
			break // no further match
		}
		found = append(found, at{x, y})
	}
	if len(found) != n {
		t.Fatalf("tmux found %d sources, want one on each of %d rows: %v\n%s", len(found), n, found, s)
	}
	for i, f := range found {
		if f.x != found[0].x {
			t.Errorf("the source on screen line %d starts at x %d, the first row's at %d", f.y+1, f.x, found[0].x)
		}
		if i > 0 && f.y != found[i-1].y+1 {
			t.Errorf("the rows are not on consecutive lines: %v", found)
		}
	}
	if t.Failed() {
		t.Logf("the screen:\n%s", s)
	}
}
