package model

import (
	"strings"
	"sync"
	"time"
)

// How a record keeps an event's createdAt: the instant in nanoseconds, the
// UTC offset and the form of the text, from which the text is rebuilt
// exactly; parsed without allocating, as every event has one.

// The store holds instants from 1900 to 2099 (UTC): any two of them are
// less than 292 years apart, so every difference between them (and from
// now) is a time.Duration, and every instant is a Unix nanosecond count.
// The decoder refuses an event created outside, naming file and line,
// rather than keeping a date it could not compare, subtract or chart.
var (
	HeldFrom  = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	HeldUntil = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) // excluded
)

// Their years, for parseStrictTime to compare with each event's.
var heldFromYear, heldUntilYear = HeldFrom.Year(), HeldUntil.Year()

// Held reports whether the store holds instant t.
func Held(t time.Time) bool { return !t.Before(HeldFrom) && t.Before(HeldUntil) }

// heldNanos is t in Unix nanoseconds, brought into the held range: the
// instant of the held events nearest to it, for measuring distances to
// them without overflow.
func heldNanos(t time.Time) int64 {
	switch {
	case t.Before(HeldFrom):
		return HeldFrom.UnixNano()
	case !t.Before(HeldUntil):
		return HeldUntil.UnixNano() - 1
	}
	return t.UnixNano()
}

// clampNanos is t in Unix nanoseconds, clamped to what an int64 holds, for
// comparing query bounds far outside 1678–2262 with held instants.
func clampNanos(t time.Time) int64 {
	switch {
	case t.Year() < 1678:
		return -1 << 63
	case t.Year() > 2261:
		return 1<<63 - 1
	}
	return t.UnixNano()
}

// created rebuilds the instant and the text of event id's createdAt.
func (s *segment) created(id int32) (time.Time, string) {
	r := &s.recs[id]
	if r.tform&formOdd != 0 {
		o := s.odd[id]
		return o.created, o.raw
	}
	t := time.Unix(0, r.nanos)
	if r.tform&formZulu != 0 {
		t = t.UTC()
	} else {
		t = t.In(fixedZone(r.offMin))
	}
	return t, t.Format(timeLayouts[r.tform&(formDigits|formZulu)])
}

// timeLayouts rebuild createdAt texts: index is fraction digits | formZulu.
var timeLayouts = func() [32]string {
	var l [32]string
	for d := range 10 {
		frac := ""
		if d > 0 {
			frac = "." + strings.Repeat("0", d)
		}
		l[d] = "2006-01-02T15:04:05" + frac + "-07:00"
		l[d|formZulu] = "2006-01-02T15:04:05" + frac + "Z07:00"
	}
	return l
}()

var zones sync.Map // int16 → *time.Location

// fixedZone returns the zone of an offset: the same *Location each time, so
// rebuilding an event does not allocate one.
func fixedZone(offMin int16) *time.Location {
	if z, ok := zones.Load(offMin); ok {
		return z.(*time.Location)
	}
	z, _ := zones.LoadOrStore(offMin, time.FixedZone("", int(offMin)*60))
	return z.(*time.Location)
}

// parseStrictTime reads a createdAt in the strict form
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), the form every Mollie timestamp
// has, without allocating. ok is false for anything else (which ParseTime
// then reads) and for texts that the record could not rebuild exactly, such
// as "-00:00", nor for the first and last held years, which the slow way
// checks to the instant.
func parseStrictTime[T string | []byte](s T) (nanos int64, offMin int16, form uint8, ok bool) {
	n := len(s)
	if n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return 0, 0, 0, false
	}
	century, yy := twoDigits(s, 0), twoDigits(s, 2)
	year := century*100 + yy
	if century < 0 || yy < 0 {
		year = -1
	}
	month, day := twoDigits(s, 5), twoDigits(s, 8)
	hour, minute, sec := twoDigits(s, 11), twoDigits(s, 14), twoDigits(s, 17)
	if year <= heldFromYear || year >= heldUntilYear-1 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return 0, 0, 0, false
	}
	i, frac, digits := 19, 0, 0
	if s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			if digits == 9 {
				return 0, 0, 0, false // more than nanoseconds: let ParseTime round it
			}
			frac = frac*10 + int(s[i]-'0')
			digits++
			i++
		}
		if digits == 0 {
			return 0, 0, 0, false
		}
		for d := digits; d < 9; d++ {
			frac *= 10
		}
	}
	off := 0
	switch {
	case i == n-1 && s[i] == 'Z':
		form = formZulu
	case i == n-6 && (s[i] == '+' || s[i] == '-') && s[i+3] == ':':
		oh, om := twoDigits(s, i+1), twoDigits(s, i+4)
		if oh < 0 || oh > 23 || om < 0 || om > 59 || (oh == 0 && om == 0 && s[i] == '-') {
			return 0, 0, 0, false
		}
		off = oh*60 + om
		if s[i] == '-' {
			off = -off
		}
	default:
		return 0, 0, 0, false
	}
	secs := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(off*60)
	return secs*1e9 + int64(frac), int16(off), form | uint8(digits), true
}

// twoDigits is the number the two decimal digits at s[i] make, or -1 when
// they are not digits.
func twoDigits[T string | []byte](s T, i int) int {
	hi, lo := int(s[i])-'0', int(s[i+1])-'0'
	if uint(hi) > 9 || uint(lo) > 9 {
		return -1
	}
	return hi*10 + lo
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to the date
// (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}
