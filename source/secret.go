package source

import (
	"encoding/base64"
	"strings"
	"unicode"
)

// The key must never reach an error or a note, not even in pieces: an
// error body may echo it split in two, spaced out, or base64-encoded. A
// piece is any run of pieceLen characters of its secret part (after live_,
// test_ or access_), or of a base64 encoding of the secret's bytes. The
// prefix is no secret: it is shown ("test_…"), and so is base64 that only
// the prefix's bytes make. Data is never masked: a 200 body reaches the
// decoder as it came, pieces of the key and all.
const pieceLen = 6

// withheld stands in for a text that held a piece of the key.
const withheld = "(withheld: it repeats part of your API key)"

// keyPieces returns every run of pieceLen characters that must not be
// shown: of the secret, and of the key's base64 encodings at each
// alignment (standard and URL alphabets), only the characters whose six
// bits all come from the secret's bytes.
func keyPieces(key string) []string {
	prefix, secret, ok := strings.Cut(key, "_")
	if !ok || secret == "" {
		return nil
	}
	seen := map[string]bool{}
	var pieces []string
	add := func(s string) {
		for i := 0; i+pieceLen <= len(s); i++ {
			if p := s[i : i+pieceLen]; !seen[p] {
				seen[p] = true
				pieces = append(pieces, p)
			}
		}
	}
	add(secret)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			b := enc.EncodeToString([]byte(strings.Repeat("\x00", pad) + key))
			add(secretChars(b, pad+len(prefix)+1, pad+len(key)))
		}
	}
	return pieces
}

// secretChars is the run of base64 text b whose characters encode bytes
// lo to hi (exclusive) of the input alone: character k holds bits 6k to
// 6k+5, of bytes 6k/8 to (6k+5)/8.
func secretChars(b string, lo, hi int) string {
	first := (8*lo + 5) / 6 // the first character starting at or after byte lo
	last := 8 * hi / 6      // characters before it end by byte hi
	if first >= last || last > len(b) {
		return ""
	}
	return b[first:last]
}

// pieces is the set of the key's pieces, made once.
func (m *Mollie) pieces() *pieceSet {
	m.secretOnce.Do(func() { m.secret = newPieceSet(m.Key) })
	return m.secret
}

// pieceSet finds the pieces of a key in long texts: a table of the
// pieces' first two bytes rejects most positions at once.
type pieceSet struct {
	secret string // the key after its prefix
	first  [1 << 16]bool
	pieces map[string]struct{}
	list   []string
}

func newPieceSet(key string) *pieceSet {
	ps := &pieceSet{pieces: map[string]struct{}{}, list: keyPieces(key)}
	if _, secret, ok := strings.Cut(key, "_"); ok {
		ps.secret = secret
	}
	for _, p := range ps.list {
		ps.first[int(p[0])<<8|int(p[1])] = true
		ps.pieces[p] = struct{}{}
	}
	return ps
}

// mask overwrites every piece of the key in b with asterisks, in place, so
// that a body stays the same length and, pieces being letters, digits and
// base64's + and /, still JSON.
func (ps *pieceSet) mask(b []byte) {
	if len(ps.list) == 0 {
		return
	}
	for i := 0; i+pieceLen <= len(b); i++ {
		if !ps.first[int(b[i])<<8|int(b[i+1])] {
			continue
		}
		if _, ok := ps.pieces[string(b[i:i+pieceLen])]; ok {
			for j := i; j < i+pieceLen; j++ {
				b[j] = '*'
			}
		}
	}
}

// text is s with the key's pieces masked, or withheld whole if a piece
// still shows once separators are taken out (a key spaced out).
func (ps *pieceSet) text(s string) string {
	if len(ps.list) == 0 || len(s) < pieceLen {
		return s
	}
	b := []byte(s)
	ps.mask(b)
	s = string(b)
	if leaks(s, ps.list) {
		return withheld
	}
	return s
}

// leaks reports whether s holds a piece of the key, as it is or with the
// spaces, dashes and other separators between its characters taken out.
func leaks(s string, pieces []string) bool {
	if len(pieces) == 0 || len(s) < pieceLen {
		return false
	}
	squeezed := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '+' || r == '/' {
			return r
		}
		return -1
	}, s)
	for _, p := range pieces {
		if strings.Contains(s, p) || strings.Contains(squeezed, p) {
			return true
		}
	}
	return false
}

// KeyPrefix is all of a key that may ever be shown: "test_…".
func KeyPrefix(key string) string {
	if i := strings.IndexByte(key, '_'); i > 0 && i < 8 {
		return key[:i+1] + "…"
	}
	return "…"
}
