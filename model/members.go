package model

import (
	"bytes"
	"encoding/json"
	"errors"
)

// member is one key of a JSON object and its value, as a slice of the
// object's bytes (not a copy).
type member struct {
	key   string
	value []byte
}

// errNotObject says a JSON value is valid but not an object.
var errNotObject = errors.New("not an object")

// objectMembers lists the members of the JSON object raw, in order, each
// value a slice of raw: reading a 60 MB object copies nothing of it. raw
// that is not valid JSON gets the syntax error encoding/json gives.
func objectMembers(raw []byte) ([]member, error) {
	if !json.Valid(raw) {
		return nil, json.Unmarshal(raw, new(json.RawMessage))
	}
	raw = bytes.TrimSpace(raw)
	if raw[0] != '{' {
		return nil, errNotObject
	}
	var members []member
	i := skipSpace(raw, 1)
	for raw[i] != '}' {
		end := valueEnd(raw, i)
		var key string
		if json.Unmarshal(raw[i:end], &key) != nil {
			return nil, errNotObject // cannot happen: raw is valid
		}
		i = skipSpace(raw, end)
		i = skipSpace(raw, i+1) // the colon
		end = valueEnd(raw, i)
		members = append(members, member{key, raw[i:end:end]})
		i = skipSpace(raw, end)
		if raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
	return members, nil
}

// valueEnd is the index just past the valid JSON value that starts at
// b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return endOfString(b, i+1) + 1
	case '{', '[':
		end, _ := scanValue(b, i)
		return end
	}
	for i < len(b) && !bytes.ContainsRune([]byte(",}] \t\r\n"), rune(b[i])) {
		i++
	}
	return i
}
