// Package keytest is what tests use to check that no output shows a
// Mollie API key, whole or in part: random keys, the disguises an echoing
// server might give one, and the reference check for a piece of one.
package keytest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
)

// PieceLen is the shortest run of a key's secret that counts as a piece
// of it (source's pieceLen, which its tests hold to this).
const PieceLen = 6

// Random is a random key of a random kind: live_, test_ or access_.
func Random(r *rand.Rand) string {
	var key strings.Builder
	key.WriteString([]string{"live_", "test_", "access_"}[r.IntN(3)])
	for range 12 + r.IntN(30) {
		key.WriteByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(62)])
	}
	return key.String()
}

// LeakedPiece is the reference check: a run of PieceLen characters of the
// secret in s, as it is or with everything but letters and digits taken
// out, or a piece of base64 that only the key's secret could make; "" if
// there is none.
func LeakedPiece(s, key string) string {
	_, secret, _ := strings.Cut(key, "_")
	var squeezed strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			squeezed.WriteRune(r)
		}
	}
	for i := 0; i+PieceLen <= len(secret); i++ {
		p := secret[i : i+PieceLen]
		if strings.Contains(s, p) || strings.Contains(squeezed.String(), strings.ReplaceAll(p, "_", "")) && !strings.Contains(p, "_") {
			return p
		}
	}
	prefix, _, _ := strings.Cut(key, "_")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			// Only the characters whose bits all come from the secret's
			// bytes: base64 of the prefix is no secret.
			b := enc.EncodeToString([]byte(strings.Repeat("x", pad) + key))
			lo, hi := 8*(pad+len(prefix)+1), 8*(pad+len(key)) // in bits
			first, last := (lo+5)/6, hi/6
			if last-first < PieceLen {
				continue
			}
			mid := b[first:last]
			for i := 0; i+PieceLen <= len(mid); i++ {
				if strings.Contains(s, mid[i:i+PieceLen]) {
					return mid[i : i+PieceLen]
				}
			}
		}
	}
	return ""
}

// Disguise hides key in a text the way an echoing server might.
func Disguise(r *rand.Rand, key string) string {
	_, secret, _ := strings.Cut(key, "_")
	cut := 1 + r.IntN(len(key)-1)
	switch r.IntN(7) {
	case 0:
		return "your key " + key + " is not valid"
	case 1:
		return "key " + key[:cut] + " ... " + key[cut:]
	case 2:
		return strings.Join(strings.Split(secret, ""), " ")
	case 3:
		return strings.Join(strings.Split(secret, ""), "-")
	case 4:
		return "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("u", r.IntN(3))+key+":"))
	case 5:
		return "token=" + base64.URLEncoding.EncodeToString([]byte(strings.Repeat("v", r.IntN(3))+"Bearer "+key))
	}
	return fmt.Sprintf(`{"echo":%q}`, key[cut:])
}
