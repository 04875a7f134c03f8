package model

import "github.com/eventbrowser/eventbrowser/internal/cells"

// A dictionary holds each message by its display line (dict.lines, in
// blocks of text: msglines.go), which is what filters, sorting and counts
// read, and a message that sanitizing changed, as sent, apart (dict.raws),
// which is seldom: a message costs its place, 4 bytes, besides its bytes.
// Messages are looked up in dict.msgIDs, all but long ones (longString)
// and webhook events' written ones (msgLoose), which get an ID each.

// message returns message id as it was sent.
func (d *dict) message(id uint32) string {
	if len(d.raws) > 0 {
		if m, ok := d.raws[id]; ok {
			return m
		}
	}
	return d.lines.line(id)
}

// msgID interns a message, computing its display line the first time.
func (d *dict) msgID(m string) uint32 { return d.msgIDLine(m, "") }

// msgIDLine is msgID given the display line, SanitizeLine(m), when the
// caller has it ("" if not): a copied event need not be sanitized again.
func (d *dict) msgIDLine(m, line string) uint32 {
	if len(m) >= longString {
		return d.newMsg(m, line) // not looked up: hashing it costs more than a repeat would save
	}
	if id, ok := d.msgIDs[m]; ok {
		return id
	}
	return d.looked(d.newMsg(m, line))
}

// looked enters message id, just added, in msgIDs, keyed by the text the
// dictionary holds (its line's copy, when sanitizing left it as it was).
func (d *dict) looked(id uint32) uint32 {
	if d.msgIDs == nil {
		d.msgIDs = map[string]uint32{}
	}
	d.msgIDs[d.message(id)] = id
	return id
}

// msgIDBytes is msgID for a message still in a buffer; it allocates only
// for a message not seen before.
func (d *dict) msgIDBytes(b []byte) uint32 {
	if len(b) < longString {
		if id, ok := d.msgIDs[string(b)]; ok {
			return id
		}
	}
	return d.msgIDLine(string(b), "")
}

// msgLoose adds a message of its own, line its display line, without
// looking it up (line is copied, or kept as given when long; m is kept
// when it is not line): a webhook event's message, written from its
// entity, is almost never another's, and a map of a million of them would
// cost more than the few repeats it finds. absorb adds it to another
// dictionary the same way. Equal messages under two IDs are as good as
// one: what reads messages compares their text (filter tables, sort ranks,
// counts, identity).
//
// A loose line is held as a template and its digits where that pays
// (msgLines.addLoose).
func (d *dict) msgLoose(m, line string) uint32 {
	if line == "" {
		line = cells.SanitizeLine(m)
	}
	var id uint32
	if len(line) > textBlock/8 {
		id = d.lines.add(line) // kept as it is, not copied
	} else {
		id = d.lines.addLoose(bytesOf(line))
	}
	if line != m {
		d.keepRaw(id, m)
	}
	d.loose.set(id)
	return id
}

// msgLooseBytes is msgLoose for a message in a buffer that will be
// written over, which sanitizing would leave as it is.
func (d *dict) msgLooseBytes(b []byte) uint32 {
	id := d.lines.addLoose(b)
	d.loose.set(id)
	return id
}

// messageIn is message id, made again in *buf when its line is held as a
// template (msgLines.lineIn).
func (d *dict) messageIn(id uint32, buf *[]byte) string {
	if len(d.raws) > 0 {
		if m, ok := d.raws[id]; ok {
			return m
		}
	}
	return d.lines.lineIn(id, buf)
}

// newMsg gives message m the next ID; line is its display line, or "" to
// work it out.
func (d *dict) newMsg(m, line string) uint32 {
	if line == "" {
		line = cells.SanitizeLine(m)
	}
	id := d.lines.add(line)
	if line != m {
		d.keepRaw(id, m)
	}
	return id
}

// keepRaw keeps message id as sent, which sanitizing changed.
func (d *dict) keepRaw(id uint32, m string) {
	if d.raws == nil {
		d.raws = map[uint32]string{}
	}
	d.raws[id] = m
}
