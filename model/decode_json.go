package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// span is one JSON value inside the input: its bytes and where they start.
type span struct {
	raw   []byte
	start int
}

func (s span) isNull() bool { return string(s.raw) == "null" }

func stringField(fields map[string]span, key string) string {
	var s string
	if f, ok := fields[key]; ok {
		_ = json.Unmarshal(f.raw, &s) // a non-string is as good as absent here
	}
	return s
}

// objectFields splits the object in raw (at offset base) into its fields. It
// also returns the offset just past the object, relative to base's input.
// field names the object in errors; "" for the top level.
func (d *decoder) objectFields(raw []byte, base int, field string) (map[string]span, int, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	start := skipSpace(raw, 0)
	if err := d.expectDelim(dec, '{', raw, base, field); err != nil {
		return nil, 0, err
	}
	fields := map[string]span{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, 0, d.jsonErr(err, base+start, raw[start:])
		}
		key, _ := tok.(string)
		vstart := valueStart(raw, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, 0, d.jsonErr(err, base+start, raw[start:])
		}
		fields[key] = span{raw: v, start: base + vstart}
	}
	if _, err := dec.Token(); err != nil {
		return nil, 0, d.jsonErr(err, base+start, raw[start:])
	}
	return fields, base + int(dec.InputOffset()), nil
}

// arrayElems splits the array in raw (at offset base) into its elements.
func (d *decoder) arrayElems(raw []byte, base int, field string) ([]span, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	start := skipSpace(raw, 0)
	if err := d.expectDelim(dec, '[', raw, base, field); err != nil {
		return nil, err
	}
	var elems []span
	for dec.More() {
		vstart := valueStart(raw, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, d.jsonErr(err, base+start, raw[start:])
		}
		elems = append(elems, span{raw: v, start: base + vstart})
	}
	if _, err := dec.Token(); err != nil {
		return nil, d.jsonErr(err, base+start, raw[start:])
	}
	if rest := skipSpace(raw, int(dec.InputOffset())); base == 0 && rest < len(raw) {
		return nil, &DecodeError{File: d.name, Line: d.lineAt(rest), Msg: "unexpected data after the JSON array: " + excerpt(raw[rest:]), Broken: true}
	}
	return elems, nil
}

func (d *decoder) expectDelim(dec *json.Decoder, want json.Delim, raw []byte, base int, field string) error {
	start := skipSpace(raw, 0)
	tok, err := dec.Token()
	if err != nil {
		return d.jsonErr(err, base+start, raw[start:])
	}
	if got, ok := tok.(json.Delim); !ok || got != want {
		what := "an array"
		if want == '{' {
			what = "an object"
		}
		msg := fmt.Sprintf("want %s, got %s", what, kindOf(raw[start:]))
		if field != "" {
			msg = fmt.Sprintf("field %q: %s", field, msg)
		}
		return d.errAt(base+start, field, msg)
	}
	return nil
}

// jsonErr turns an encoding/json error met while reading raw, which starts at
// offset start of the input, into a DecodeError with the line of the fault.
//
// A json.Decoder's SyntaxError.Offset is no position in its input: it leaves
// out the bytes that Token and More consumed, and counts the bad byte in some
// errors but not in others. So the fault is found again with json.Unmarshal,
// whose Offset is always just past the bad byte in raw.
func (d *decoder) jsonErr(err error, start int, raw []byte) error {
	var syn *json.SyntaxError
	end := start + len(raw)
	off, msg := start, "invalid JSON: "+err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		off, msg = end, "unexpected end of input: the JSON is cut off"
	case errors.As(err, &syn):
		if rescan := json.Unmarshal(raw, new(json.RawMessage)); rescan != nil && errors.As(rescan, &syn) {
			off = start + max(int(syn.Offset)-1, 0)
		}
		off, msg = min(off, len(d.data)), "invalid JSON: "+syn.Error()
		if bomAt(d.data, off) {
			msg = midBOM
		}
		if syn.Error() == "unexpected end of JSON input" {
			off, msg = end, "unexpected end of input: the JSON is cut off"
		}
	}
	return &DecodeError{File: d.name, Line: d.lineAt(off), Msg: msg, Broken: true}
}

// midBOM says what is wrong with a byte-order mark past a file's start,
// which encoding/json calls an invalid character 'ï'.
const midBOM = "a byte-order mark (U+FEFF) in the middle of the file, where JSON cannot have one: a file joined from others? Remove it (only the very start may hold one)"

// bomAt reports whether data holds a UTF-8 byte-order mark at off.
func bomAt(data []byte, off int) bool {
	return off >= 0 && off+len(bom) <= len(data) && bytes.Equal(data[off:off+len(bom)], bom)
}

func (d *decoder) errAt(off int, field, msg string) error {
	return &DecodeError{File: d.name, Line: d.lineAt(off), Field: field, Msg: msg}
}

// lineAt returns the 1-based line of byte offset off in d.data.
func (d *decoder) lineAt(off int) int {
	off = min(off, len(d.data))
	if off < d.lineOff {
		d.lineOff, d.line = 0, 1
	}
	d.line += bytes.Count(d.data[d.lineOff:off], []byte{'\n'})
	d.lineOff = off
	return d.line
}
