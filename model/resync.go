package model

import (
	"bytes"
	"encoding/json"
	"errors"
)

// What an invalid event costs the block decoder: the reference decoder
// reads that one event (an NDJSON line, an array element) on its own, with
// Decode's words and line numbers, and the block decoder goes on at the
// next event.

// brokenFirstLine reports whether data, which starts with '{', is NDJSON
// whose first line is broken: the first line is not valid JSON on its own,
// the next line that is not blank is, and the value that starts on the
// first line is no valid JSON either (else it is a customer or a list
// response over several lines).
func brokenFirstLine(data []byte) bool {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 || json.Valid(data[:nl]) {
		return false
	}
	next := skipSpace(data, nl)
	if next == len(data) || data[next] != '{' || !json.Valid(nextLine(data[next:])) {
		return false
	}
	end, _ := scanValue(data, 0)
	return !json.Valid(data[:end])
}

// nextLine is b up to its first newline.
func nextLine(b []byte) []byte {
	if nl := bytes.IndexByte(b, '\n'); nl >= 0 {
		return b[:nl]
	}
	return b
}

// lineEvent reads one NDJSON line, the lineNo-th of input name, as Decode
// does: the event, or why it is invalid.
func lineEvent(name string, line []byte, lineNo int) (Event, error) {
	d := &decoder{name: name, data: line, line: 1}
	trimmed := bytes.TrimSpace(line)
	err := d.ndjsonLine(trimmed, skipSpace(line, 0))
	var de *DecodeError
	if errors.As(err, &de) {
		de.Line += lineNo - 1
	}
	if err != nil {
		return Event{}, err
	}
	return d.out.Events[0], nil
}

// elemEvent reads one array element, whose bytes are valid JSON, as Decode
// does; lineAt gives the line of an offset in elem.
func elemEvent(name string, elem []byte, lineAt func(off int) int) (Event, error) {
	e, ferr := decodeEvent(elem)
	if ferr != nil {
		return e, &DecodeError{File: name, Line: lineAt(ferr.off), Field: ferr.field, Msg: ferr.msg}
	}
	e.sourceOr(name)
	e.Finish()
	return e, nil
}
