package model

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzObjectMembers holds objectMembers to encoding/json: the same members
// (the last of a repeated key winning, as in a map), the same values, and
// an error exactly where encoding/json finds no object.
func FuzzObjectMembers(f *testing.F) {
	for _, s := range []string{`{}`, ` { "a" : 1 , "b":[1,{"c":"}"}], "d":"x\"y\\", "e":null } `, `{"a":1,"a":2}`,
		`[1]`, `null`, `"x"`, `{"a":`, `{"\u0061":{"b":{}}}`, `{"a":-1.5e3,"b":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(raw, &want) != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
		members, err := objectMembers(raw)
		if (err != nil) != wantErr {
			t.Fatalf("objectMembers(%q) error %v, encoding/json %v", raw, err, wantErr)
		}
		got := map[string]json.RawMessage{}
		for _, m := range members {
			got[m.key] = m.value
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("objectMembers(%q): %d keys, encoding/json %d", raw, len(got), len(want))
		}
		for k, v := range want {
			if !bytes.Equal(got[k], v) {
				t.Fatalf("objectMembers(%q)[%q] = %q, encoding/json %q", raw, k, got[k], v)
			}
		}
	})
}

// TestScalarCutsLongValues: a value over maxShownValue is shown cut, with
// "…", never inside an escape or a character; shorter ones whole.
func TestScalarCutsLongValues(t *testing.T) {
	long := strings.Repeat("a", maxShownValue-1)
	tests := []struct {
		name, raw, want string
	}{
		{"whole at the bound", `"` + strings.Repeat("a", maxShownValue) + `"`, strings.Repeat("a", maxShownValue)},
		{"cut past it", `"` + long + "ab" + `c"`, long + "a…"},
		{"an escape at the cut stays whole or goes", `"` + long + `\n\u00e9x"`, long + "…"},
		{"a character at the cut is not split", `"` + long + "é" + `x"`, long + "…"},
		{"a number", strings.Repeat("1", maxShownValue+5), strings.Repeat("1", maxShownValue) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scalar([]byte(tt.raw))
			if got != tt.want {
				t.Errorf("scalar: %d bytes ending %q, want %d ending %q", len(got), tail(got), len(tt.want), tail(tt.want))
			}
			if !utf8.ValidString(got) {
				t.Error("scalar made invalid UTF-8")
			}
		})
	}
}

func tail(s string) string { return s[max(0, len(s)-8):] }

// TestParseResourceHugeBody: a 60 MB description is shown cut, and the
// status and the fields after it are read as from a small body.
func TestParseResourceHugeBody(t *testing.T) {
	raw := []byte(`{"resource":"payment","id":"tr_1","description":"` + strings.Repeat("x", 60<<20) +
		`","status":"paid","method":"ideal","amount":{"currency":"EUR","value":"1.00"}}`)
	r, err := ParseResource(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "paid" {
		t.Errorf("status %q, want paid", r.Status)
	}
	var desc string
	for _, f := range r.Fields {
		if f.Label == "Description" {
			desc = f.Value
		}
	}
	if len(desc) != maxShownValue+len("…") || !strings.HasSuffix(desc, "…") {
		t.Errorf("description of %d bytes, want %d and a …", len(desc), maxShownValue+len("…"))
	}
}
