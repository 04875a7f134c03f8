package model

import (
	"strings"
	"unicode/utf8"
)

// containsFold reports whether s contains lowerSub, ignoring case. lowerSub
// must already be lower case. ASCII text, the common case, is compared
// without allocating.
func containsFold(s, lowerSub string) bool {
	if !isASCII(s) || !isASCII(lowerSub) {
		return strings.Contains(strings.ToLower(s), lowerSub)
	}
	n := len(lowerSub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == lowerSub[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
