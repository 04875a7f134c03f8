package cells

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// indic and the rest are texts a terminal without grapheme clustering
// (tmux, xterm) draws a cell a rune, marks aside, where Unicode's
// graphemes would make a conjunct one cell.
var widthSamples = []struct {
	name, s string
	cells   int // as wcwidth(3) counts them, rune by rune
}{
	{"ascii", "Payment paid", 12},
	{"devanagari conjunct", "क्ष", 2},      // क ् ष: the virama takes nothing
	{"devanagari spacing mark", "कि", 2},   // the vowel sign I (Mc) takes a cell
	{"devanagari word", "नमस्ते", 4},       // न म स ् त े: the vowel sign E (Mn) takes nothing
	{"tamil", "வணக்கம்", 5},                // வ ண க ் க ம ்
	{"tamil spacing mark", "கொ", 2},        // க ொ: U+0BCA is Mc
	{"malayalam", "ക്ഷ", 2},                // ക ് ഷ
	{"malayalam spacing mark", "കാ", 2},    // ക ാ
	{"thai", "สวัสดี", 4},                  // ส ว ั ส ด ี: the vowels above take nothing
	{"thai sara am", "น้ำ", 2},             // น ้ ำ: U+0E33 is Lo
	{"emoji joined", "👨\u200d👩\u200d👧", 6}, // each member, the joiners nothing
	{"emoji skin tone", "👍🏽", 4},           // the modifier is an emoji of its own
	{"combining accent", "e\u0301", 1},
	{"wide", "漢字", 4},
	{"format characters", "a\u00adb\u200b", 2}, // the soft hyphen and ZWSP take nothing
}

// TestWidthCountsRunes: a text takes the cells its runes take, one by one.
func TestWidthCountsRunes(t *testing.T) {
	for _, tt := range widthSamples {
		t.Run(tt.name, func(t *testing.T) {
			if got := Width(tt.s); got != tt.cells {
				t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.cells)
			}
		})
	}
}

// TestWidthIsTheRenderers: bubbletea's renderer, without the terminal's
// grapheme mode (2027), places cells by ansi's rune-by-rune measure; a
// table padded by another measure would have its columns shift.
func TestWidthIsTheRenderers(t *testing.T) {
	for _, tt := range widthSamples {
		if got, want := Width(tt.s), ansi.StringWidthWc(tt.s); got != want {
			t.Errorf("%s: Width(%q) = %d, the renderer counts %d", tt.name, tt.s, got, want)
		}
	}
	for r := rune(0x20); r < 1<<16; r++ {
		if r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0xd800 && r < 0xe000 {
			continue // controls, which are sanitized away, and surrogates
		}
		if got, want := runeWidth(r), ansi.StringWidthWc(string(r)); got != want {
			t.Errorf("U+%04X: %d cells, the renderer counts %d", r, got, want)
		}
	}
}

func TestTruncateAndPad(t *testing.T) {
	tests := []struct {
		s     string
		width int
		cut   string // Truncate(s, width, "…")
	}{
		{"Payment paid", 20, "Payment paid"},
		{"Payment paid", 8, "Payment…"},
		{"क्षत्रिय", 6, "क्षत्रिय"},      // fits: six cells
		{"क्षत्रिय", 5, "क्षत्र…"},       // क ् ष त ् र: four cells, then the …
		{"क्षत्रिय", 3, "क्ष…"},          // the virama goes with its consonant
		{"வணக்கம் உலகம்", 6, "வணக்கம்…"}, // வ ண க ் க ம ்: five cells
		{"നമസ്കാരം", 4, "നമസ്…"},         // ന മ സ ്: three cells
		{"สวัสดีครับ", 4, "สวัส…"},       // the vowel above goes with its consonant
		{"👨\u200d👩\u200d👧 family", 5, "👨\u200d👩\u200d…"},
		{"漢字漢字", 4, "漢…"}, // a wide rune that does not fit leaves its cells empty
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := Truncate(tt.s, tt.width, "…")
		if got != tt.cut {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.cut)
		}
		if Width(got) > tt.width {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tt.s, tt.width, Width(got))
		}
		if p := Pad(got, tt.width); Width(p) != tt.width && tt.width > 0 {
			t.Errorf("Pad(%q, %d) is %d cells wide", got, tt.width, Width(p))
		}
	}
}
