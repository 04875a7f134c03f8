package query

// IsTypeName reports whether s is the name of an event type, as webhook
// events and rebuilt histories have ("payment.failed"): an ASCII letter,
// then ASCII letters, digits, '.', '_' and '-'. A name so never reads as
// a number or a range (type:220..229), and needs no sanitizing.
func IsTypeName[T string | []byte](s T) bool {
	if len(s) == 0 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
