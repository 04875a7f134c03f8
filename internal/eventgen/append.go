package eventgen

import (
	"strconv"
	"time"
)

// Indentation of the event objects inside a customer list.
const eventIndent = "          "

// appendEvent appends the current event as compact JSON.
func (g *generator) appendEvent(b []byte) []byte {
	ev := &g.ev
	b = append(b, `{"resource":"event","type":`...)
	b = strconv.AppendInt(b, int64(ev.typ.code), 10)
	b = append(b, `,"createdAt":"`...)
	b = appendTime(b, ev.sec, ev.millis, ev.form)
	b = append(b, `","message":`...)
	b = append(b, ev.msg...)
	if ev.hasLinks {
		b = append(b, `,"_links":{`...)
		for i, l := range ev.links[:ev.nlinks] {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, l.name...)
			b = append(b, `":{"href":"`...)
			b = append(b, ev.hrefs[l.start:l.end]...)
			b = append(b, `","type":"`...)
			b = append(b, l.media...)
			b = append(b, `"}`...)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendEventIndented appends the current event as json.Indent would with
// two-space indentation, at its depth in a customer list.
func (g *generator) appendEventIndented(b []byte) []byte {
	const ind = eventIndent
	ev := &g.ev
	b = append(b, ind...)
	b = append(b, "{\n"...)
	b = append(b, ind...)
	b = append(b, "  \"resource\": \"event\",\n"...)
	b = append(b, ind...)
	b = append(b, "  \"type\": "...)
	b = strconv.AppendInt(b, int64(ev.typ.code), 10)
	b = append(b, ",\n"...)
	b = append(b, ind...)
	b = append(b, "  \"createdAt\": \""...)
	b = appendTime(b, ev.sec, ev.millis, ev.form)
	b = append(b, "\",\n"...)
	b = append(b, ind...)
	b = append(b, "  \"message\": "...)
	b = append(b, ev.msg...)
	if ev.hasLinks {
		b = append(b, ",\n"...)
		b = append(b, ind...)
		b = append(b, "  \"_links\": {"...)
		for i, l := range ev.links[:ev.nlinks] {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendIndentedLink(b, ind+"    ", l.name, ev.hrefs[l.start:l.end], l.media)
		}
		if ev.nlinks > 0 {
			b = append(b, '\n')
			b = append(b, ind...)
			b = append(b, "  "...)
		}
		b = append(b, '}')
	}
	b = append(b, '\n')
	b = append(b, ind...)
	return append(b, '}')
}

// appendIndentedLink appends a newline and `"name": {"href": …, "type": …}`
// spread over four lines indented by ind.
func appendIndentedLink[H string | []byte](b []byte, ind, name string, href H, media string) []byte {
	b = append(b, '\n')
	b = append(b, ind...)
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, "\": {\n"...)
	b = append(b, ind...)
	b = append(b, "  \"href\": \""...)
	b = append(b, href...)
	b = append(b, "\",\n"...)
	b = append(b, ind...)
	b = append(b, "  \"type\": \""...)
	b = append(b, media...)
	b = append(b, "\"\n"...)
	b = append(b, ind...)
	return append(b, '}')
}

// appendCustomerHead appends the current customer's fields, indented as in a
// customer list, up to and including `"events": `.
func (g *generator) appendCustomerHead(b []byte) []byte {
	c := &g.c
	const ind = "        "
	b = append(b, "      {\n"+ind+"\"resource\": \"customer\",\n"+ind+"\"id\": \"cst_"...)
	b = append(b, c.id[:]...)
	b = append(b, "\",\n"+ind+"\"mode\": \"test\",\n"+ind+"\"name\": "...)
	b = appendString(b, c.name.name)
	b = append(b, ",\n"+ind+"\"email\": "...)
	b = appendString(b, string(c.email))
	b = append(b, ",\n"+ind+"\"locale\": \""...)
	b = append(b, c.locale...)
	b = append(b, "\",\n"+ind+"\"metadata\": "...)
	if c.crmID == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, "{\n"+ind+"  \"crmId\": \"C-"...)
		b = strconv.AppendInt(b, int64(c.crmID), 10)
		b = append(b, "\"\n"+ind+"}"...)
	}
	b = append(b, ",\n"+ind+"\"createdAt\": \""...)
	b = appendTime(b, c.created, 0, formUTCOffset)
	b = append(b, "\",\n"+ind+"\"_links\": {"...)
	href := appendPath(append(g.scratch[:0], "https://api.mollie.com/v2/customers/cst_"...), "", c.id[:], "", nil)
	b = appendIndentedLink(b, ind+"  ", "self", href, mediaHAL)
	b = append(b, ',')
	href = append(append(href[:0], "https://www.mollie.com/dashboard/"...), g.org...)
	href = appendPath(href, "/customers/cst_", c.id[:], "", nil)
	b = appendIndentedLink(b, ind+"  ", "dashboard", href, mediaHTML)
	g.scratch = href
	return append(b, "\n"+ind+"},\n"+ind+"\"events\": "...)
}

// appendTime appends a timestamp in the given form. formLocal is Amsterdam
// time, with summer time approximated as April to October.
func appendTime(b []byte, sec int64, millis int, form TimeForm) []byte {
	t := time.Unix(sec, 0).UTC()
	offset := 0
	if form == formLocal {
		offset = 1
		if m := t.Month(); m >= time.April && m <= time.October {
			offset = 2
		}
		t = t.Add(time.Duration(offset) * time.Hour)
	}
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, second, 2)
	switch form {
	case formZeroFraction:
		return append(b, ".0Z"...)
	case formMillis:
		b = append(b, '.')
		b = appendDigits(b, millis, 3)
		return append(b, 'Z')
	case formZ:
		return append(b, 'Z')
	case formUTCOffset:
		return append(b, "+00:00"...)
	default:
		b = append(b, "+0"...)
		b = appendDigits(b, offset, 1)
		return append(b, ":00"...)
	}
}

// appendDigits appends v zero-padded to width digits.
func appendDigits(b []byte, v, width int) []byte {
	var buf [8]byte
	i := len(buf)
	for ; width > 0 || v > 0; width-- {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[i:]...)
}

// appendString appends s as a JSON string literal. Unlike encoding/json it
// leaves <, > and & alone, as Mollie does.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
