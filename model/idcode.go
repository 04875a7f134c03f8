package model

import (
	"encoding/binary"
	"slices"
)

// A webhook event's own ID is held as a code (webhookIDs): an ID of
// Mollie's shape, a known prefix and letters and digits
// ("event_GvJ8WHrp5isUdRub9CJyH", "tr_WDqYK6vllg"), as the prefix's
// number and six bits a character (18 and 10 bytes for those two, against
// 27 and 13); any other as it is, after its length. The same ID always
// has the same code, so codes compare as the IDs do.
//
//	0x00–0x7e          an ID of that many bytes follows, as it is
//	0x7f, uvarint n    an ID of n bytes follows, as it is
//	0x80|p, n          idPrefixes[p] and n characters, six bits each, low bits first
var idPrefixes = [...]string{"event_", "tr_", "re_", "chb_", "cpt_", "mdt_", "sub_", "pl_", "cst_", "ord_", "odl_",
	"shp_", "stl_", "pfl_", "org_", "app_", "inv_", "trm_", "cl_", "bal_", "baltr_", "po_", "whsub_", "ref_"}

const (
	idRawLong = 0x7f // a raw ID's length as a uvarint
	idPacked  = 0x80 // a prefix's number and packed characters
	idMaxPack = 255  // the most characters packed
)

// idDigit is the six-bit value of each letter and digit, -1 for others;
// idChar maps it back.
var idDigit, idChar = func() (d [256]int8, c [64]byte) {
	for i := range d {
		d[i] = -1
	}
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for i := range len(chars) {
		d[chars[i]], c[i] = int8(i), chars[i]
	}
	return d, c
}()

// appendIDCode appends the code of id to b.
func appendIDCode[T string | []byte](b []byte, id T) []byte {
	if p, cut := idPrefix(id); p >= 0 {
		if packed, ok := appendPacked(b, p, id[cut:]); ok {
			return packed
		}
	}
	if len(id) < idRawLong {
		b = append(b, byte(len(id)))
	} else {
		b = binary.AppendUvarint(append(b, idRawLong), uint64(len(id)))
	}
	return append(b, id...)
}

// idPrefix returns the number of id's prefix and its length, or -1 when
// id does not start with one of idPrefixes followed by 1 to idMaxPack
// more bytes.
func idPrefix[T string | []byte](id T) (p, cut int) {
	for cut < len(id) && id[cut] != '_' {
		cut++
	}
	if cut++; cut > len(id) || len(id)-cut < 1 || len(id)-cut > idMaxPack {
		return -1, 0
	}
	for p, prefix := range idPrefixes {
		if len(prefix) == cut && string(id[:cut]) == prefix {
			return p, cut
		}
	}
	return -1, 0
}

// appendPacked appends the code of the ID of prefix p whose characters
// after it are chars, or returns b unchanged and false when they are not
// all letters and digits. Four characters make three bytes.
func appendPacked[T string | []byte](b []byte, p int, chars T) ([]byte, bool) {
	start := len(b)
	b = slices.Grow(b, 2+(len(chars)*6+7)/8)
	b = append(b, idPacked|byte(p), byte(len(chars)))
	bad, i := int8(0), 0 // bad: -1, not a letter or digit, has the sign bit
	for ; i+4 <= len(chars); i += 4 {
		d0, d1, d2, d3 := idDigit[chars[i]], idDigit[chars[i+1]], idDigit[chars[i+2]], idDigit[chars[i+3]]
		bad |= d0 | d1 | d2 | d3
		v := uint32(d0&63) | uint32(d1&63)<<6 | uint32(d2&63)<<12 | uint32(d3&63)<<18
		b = append(b, byte(v), byte(v>>8), byte(v>>16))
	}
	var acc uint32
	bits := 0
	for ; i < len(chars); i++ {
		d := idDigit[chars[i]]
		bad |= d
		acc |= uint32(d&63) << bits
		bits += 6
	}
	if bad < 0 {
		return b[:start], false
	}
	for ; bits > 0; bits -= 8 {
		b = append(b, byte(acc))
		acc >>= 8
	}
	return b, true
}

// idCodeLen is the length of the code that starts code.
func idCodeLen(code []byte) int {
	switch h := code[0]; {
	case h >= idPacked:
		return 2 + (int(code[1])*6+7)/8
	case h == idRawLong:
		n, k := binary.Uvarint(code[1:])
		return 1 + k + int(n)
	default:
		return 1 + int(h)
	}
}

// appendID appends to b the ID whose code starts code.
func appendID(b, code []byte) []byte {
	switch h := code[0]; {
	case h >= idPacked:
		b = append(b, idPrefixes[h&^idPacked]...)
		n := int(code[1])
		var acc uint32
		bits := 0
		for _, x := range code[2 : 2+(n*6+7)/8] {
			acc |= uint32(x) << bits
			for bits += 8; bits >= 6 && n > 0; bits -= 6 {
				b = append(b, idChar[acc&63])
				acc >>= 6
				n--
			}
		}
		return b
	case h == idRawLong:
		n, k := binary.Uvarint(code[1:])
		return append(b, code[1+k:1+k+int(n)]...)
	default:
		return append(b, code[1:1+int(h)]...)
	}
}
