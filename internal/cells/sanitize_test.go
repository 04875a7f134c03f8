package cells

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/cells/cellstest"
)

// bidiControls are all of Unicode's Bidi_Control characters.
var bidiControls = []rune{
	0x061c,
	0x200e, 0x200f,
	0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
	0x2066, 0x2067, 0x2068, 0x2069,
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain ASCII", "Customer created (200) ~!@#$%^&*()_+{}|:<>?", "Customer created (200) ~!@#$%^&*()_+{}|:<>?"},
		{"non-ASCII text kept", "Ärger mit Zahlung – 日本語 🎉 \ufffd", "Ärger mit Zahlung – 日本語 🎉 \ufffd"},

		// CSI, removed whole.
		{"clear screen", "a\x1b[2Jb", "ab"},
		{"colour", "\x1b[31mred\x1b[0m", "red"},
		{"256 colour", "\x1b[38;5;196mX\x1b[m", "X"},
		{"private mode", "\x1b[?25lhidden cursor\x1b[?1049h", "hidden cursor"},
		{"cursor movement", "a\x1b[10;20Hb\x1b[Kc", "abc"},
		{"CSI with intermediate", "a\x1b[1 qb", "ab"},
		{"malformed CSI ends at a control, which is then handled", "a\x1b[12\nb", "a b"},
		{"malformed CSI ends at non-ASCII, which is kept", "a\x1b[1Äb", "aÄb"},
		{"CSI cut off at the end", "abc\x1b[31", "abc"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"8-bit CSI colour", "\u009b31mred\u009b0m", "red"},

		// OSC, DCS, SOS, PM, APC, removed whole.
		{"OSC 52 clipboard, BEL", "a\x1b]52;c;aGVsbG8=\x07b", "ab"},
		{"OSC 52 clipboard, ESC \\", "a\x1b]52;c;aGVsbG8=\x1b\\b", "ab"},
		{"OSC 52 clipboard, 8-bit ST", "a\x1b]52;c;aGVsbG8=\u009cb", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC title with non-ASCII", "a\x1b]0;Tïtel 日本\x07b", "ab"},
		{"OSC ended by the next escape", "a\x1b]0;title\x1b[31mb", "ab"},
		{"unterminated OSC runs to the end", "a\x1b]0;title and more", "a"},
		{"8-bit OSC", "a\u009d52;c;eA==\u0007b", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0#0~~@@\x1b\\b", "ab"},
		{"8-bit DCS", "a\u0090q\u009cb", "ab"},
		{"APC (kitty graphics)", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"8-bit APC", "a\u009fx\u009cb", "ab"},
		{"PM", "a\x1b^private\x1b\\b", "ab"},
		{"SOS", "a\x1bXstring\x07b", "ab"},
		{"8-bit PM and SOS", "a\u009ex\u009cb\u0098y\u009cc", "abc"},

		// Other escapes.
		{"reset (RIS)", "a\x1bcb", "ab"},
		{"save and restore cursor", "\x1b7x\x1b8", "x"},
		{"charset designation", "a\x1b(Bb\x1b)0c", "abc"},
		{"ESC ESC", "\x1b\x1b[2Jx", "x"},
		{"lone ESC at the end", "abc\x1b", "abc"},
		{"ESC before non-ASCII", "a\x1béb", "aéb"},
		{"ESC before a control", "a\x1b\x07b", "ab"},

		// Controls.
		{"C0 controls dropped", "a\x00b\x07c\x08d\re\x0bf\x0cg\x1fh", "abcdefgh"},
		{"DEL dropped", "a\x7fb", "ab"},
		{"C1 controls dropped", "a\u0080b\u0085c\u008dd\u009ce", "abcde"},
		{"tab becomes a space", "a\tb", "a b"},
		{"newline becomes a space", "a\nb", "a b"},
		{"CRLF becomes one space", "a\r\nb", "a b"},
		{"lines", "line 1\nline 2\n", "line 1 line 2 "},

		// Bidi controls.
		{"RLO", "abc\u202edcba", "abcdcba"},
		{"all embeddings and overrides", "\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"},
		{"all isolates", "\u2066a\u2067b\u2068c\u2069d", "abcd"},
		{"marks", "\u200ea\u200fb\u061cc", "abc"},
		{"zero-width joiner is not a bidi control", "👩\u200d💻", "👩\u200d💻"},

		// Invalid UTF-8.
		{"invalid byte", "a\xffb", "a\ufffdb"},
		{"lone continuation byte", "a\x80b", "a\ufffdb"},
		{"raw 8-bit CSI byte is invalid UTF-8, not a CSI", "a\x9b2Jb", "a\ufffd2Jb"},
		{"truncated sequence at the end", "a\xc3", "a\ufffd"},
		{"truncated three-byte sequence", "\xe2\x80", "\ufffd\ufffd"},
		{"overlong encoding", "\xc0\xafx", "\ufffd\ufffdx"},
		{"surrogate", "\xed\xa0\x80", "\ufffd\ufffd\ufffd"},

		{"everything at once", "\x1b[1m\u202eBold\x1b[0m\t\x1b]52;c;x\x07\u009b2J\x00Ä\xff\n", "Bold Ä\ufffd "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeLine(tt.in); got != tt.want {
				t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
			// SanitizeText differs only in keeping newlines.
			if got := SanitizeText(tt.in); !strings.Contains(tt.in, "\n") && got != tt.want {
				t.Errorf("SanitizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLineEveryBidiControl(t *testing.T) {
	for _, r := range bidiControls {
		in := "a" + string(r) + "b"
		if got := SanitizeLine(in); got != "ab" {
			t.Errorf("SanitizeLine(%q) = %q, want \"ab\"", in, got)
		}
		if got := SanitizeText(in); got != "ab" {
			t.Errorf("SanitizeText(%q) = %q, want \"ab\"", in, got)
		}
	}
}

// Every C0 and C1 control and DEL is removed, with the escape sequence it
// may start: the BEL after it ends (and is removed with) any sequence.
func TestSanitizeLineEveryControl(t *testing.T) {
	for c := rune(0); c < 0xa0; c++ {
		if c >= 0x20 && c < 0x7f {
			continue
		}
		in := "a" + string(c) + "\x07b"
		want := "ab"
		if c == '\t' || c == '\n' {
			want = "a b"
		}
		if got := SanitizeLine(in); got != want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello", "hello"},
		{"newlines kept", "line 1\nline 2\n", "line 1\nline 2\n"},
		{"CRLF becomes LF", "a\r\nb\r\n", "a\nb\n"},
		{"lone CR dropped", "a\rb", "ab"},
		{"tab becomes a space", "a\tb\n\tc", "a b\n c"},
		{"escapes removed across lines", "line 1\n\x1b[2J\x1b[Hline 2\x1b]52;c;eA==\x07\n", "line 1\nline 2\n"},
		{"newline inside an OSC is swallowed with it", "a\x1b]0;x\ny\x07b", "ab"},
		{"malformed CSI ends at a newline, which is kept", "a\x1b[1\nb", "a\nb"},
		{"bidi and C1 removed", "\u202ex\u0085y\n", "xy\n"},
		{"invalid UTF-8", "\xff\n\xfe", "\ufffd\n\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeText(tt.in); got != tt.want {
				t.Errorf("SanitizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReveal(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Customer created", "Customer created"},
		{"empty", "", ""},
		{"non-ASCII kept", "Ärger 日本 🎉", "Ärger 日本 🎉"},
		{"ESC", "a\x1b[2Jb", "a␛[2Jb"},
		{"BEL", "\x1b]52;c;eA==\x07", "␛]52;c;eA==␇"},
		{"NUL and US", "\x00\x1f", "␀␟"},
		{"tab and CR", "a\tb\r", "a␉b␍"},
		{"newline kept", "a\nb\n", "a\nb\n"},
		{"DEL", "a\x7f", "a␡"},
		{"RLO", "abc\u202edcba", `abc\u202edcba`},
		{"every bidi control", "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
			`\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069`},
		{"C1", "\u009b2J\u0085\u0080", `\u009b2J\u0085\u0080`},
		{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
		{"U+FFFD itself kept", "\ufffd", "\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reveal(tt.in); got != tt.want {
				t.Errorf("Reveal(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Printable ASCII, the common case, comes back as it is, without copying.
func TestSanitizePlainDoesNotAllocate(t *testing.T) {
	s := strings.Repeat("Customer created ", 10)
	for name, f := range map[string]func(string) string{"SanitizeLine": SanitizeLine, "SanitizeText": SanitizeText, "Reveal": Reveal} {
		var got string
		if n := testing.AllocsPerRun(100, func() { got = f(s) }); n != 0 {
			t.Errorf("%s allocates %v times for plain ASCII, want 0", name, n)
		}
		if got != s {
			t.Errorf("%s(%q) = %q, want it unchanged", name, s, got)
		}
	}
}

func TestSanitizeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		s := cellstest.HostileBytes(rng)
		line := SanitizeLine(s)
		if why := cellstest.Unsafe(line, false); why != "" {
			t.Fatalf("SanitizeLine(%q) = %q: %s", s, line, why)
		}
		if again := SanitizeLine(line); again != line {
			t.Fatalf("SanitizeLine is not idempotent on %q: %q, then %q", s, line, again)
		}
		text := SanitizeText(s)
		if why := cellstest.Unsafe(text, true); why != "" {
			t.Fatalf("SanitizeText(%q) = %q: %s", s, text, why)
		}
		if strings.ReplaceAll(text, "\n", " ") != line {
			t.Fatalf("SanitizeText(%q) = %q and SanitizeLine = %q differ in more than newlines", s, text, line)
		}
		if r := Reveal(s); cellstest.Unsafe(r, true) != "" {
			t.Fatalf("Reveal(%q) = %q: %s", s, r, cellstest.Unsafe(r, true))
		}
	}
}

func TestIsLine(t *testing.T) {
	for s, want := range map[string]bool{
		"":                     true,
		"Payment paid · €9.50": true,
		"日本語 ok":               true,
		"\uFFFD":               true, // a replacement character written as one
		"a\tb":                 false,
		"a\x7fb":               false,
		"\x1b[2J":              false,
		"\u009b2J":             false,
		"\u202eevil":           false,
		"a\u2028b":             false,
		"\xff":                 false,
		"\xe2\x82":             false, // cut short
	} {
		if got := IsLine(s); got != want {
			t.Errorf("IsLine(%q) = %v, want %v", s, got, want)
		}
		if got := SanitizeLine(s) == s; got != want {
			t.Errorf("SanitizeLine(%q) == itself is %v, want %v", s, got, want)
		}
	}
}

// FuzzSanitizeLine checks that SanitizeLine, SanitizeText and Reveal never
// let a control, an escape or a bidi control through, always give valid
// UTF-8, and agree with each other and with IsLine. Seeds: testdata/fuzz/FuzzSanitizeLine.
func FuzzSanitizeLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "\x1b]52;c;x\x07", "\u009b2J", "\u202e", "\xff", "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := SanitizeLine(s)
		if cellstest.Unsafe(line, false) != "" {
			t.Fatalf("SanitizeLine(%q) = %q: %s", s, line, cellstest.Unsafe(line, false))
		}
		if again := SanitizeLine(line); again != line {
			t.Fatalf("SanitizeLine is not idempotent on %q: %q, then %q", s, line, again)
		}
		if PrintableASCII(s) && line != s {
			t.Fatalf("SanitizeLine(%q) = %q changes printable ASCII", s, line)
		}
		if IsLine(s) != (line == s) {
			t.Fatalf("IsLine(%q) = %v, but SanitizeLine gives %q", s, IsLine(s), line)
		}
		text := SanitizeText(s)
		if cellstest.Unsafe(text, true) != "" {
			t.Fatalf("SanitizeText(%q) = %q: %s", s, text, cellstest.Unsafe(text, true))
		}
		if strings.ReplaceAll(text, "\n", " ") != line {
			t.Fatalf("SanitizeText(%q) = %q and SanitizeLine = %q differ in more than newlines", s, text, line)
		}
		if out := Reveal(s); cellstest.Unsafe(out, true) != "" {
			t.Fatalf("Reveal(%q) = %q: %s", s, out, cellstest.Unsafe(out, true))
		}
	})
}
