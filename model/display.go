package model

import (
	"strconv"
	"strings"
)

// Thousands writes n with comma separators, 12,345.
func Thousands(n int) string {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	sign := 0
	if n < 0 {
		sign = 1
	}
	var b strings.Builder
	b.Grow(len(d) + (len(d)-sign-1)/3)
	for i, c := range d {
		if i > sign && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(c)
	}
	return b.String()
}
