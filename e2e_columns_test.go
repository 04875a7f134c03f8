package main

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestEndToEndColumns: --columns id,amount,method,failure -o csv reads
// back through encoding/csv under the chosen header; the same columns show
// in the table, with the same values, at 100×30 and at 80×24; C adds one
// (issue 23, item 17).
func TestEndToEndColumns(t *testing.T) {
	bin := buildBinary(t)
	out, errOut, code := sh(t, fmt.Sprintf("TZ=UTC %q --demo --type 222 --columns id,amount,method,failure -o csv", bin))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if !slices.Equal(records[0], []string{"id", "amount", "method", "failure"}) || len(records) < 20 {
		t.Fatalf("header %q, %d rows", records[0], len(records)-1)
	}
	first := records[1]
	if !strings.HasPrefix(first[0], "tr_") || !strings.HasPrefix(first[1], "EUR ") || first[2] == "" || first[3] == "" {
		t.Fatalf("first row %q: want a failed payment's ID, amount, method and failure", first)
	}

	term := startTerminal(t, fmt.Sprintf("env NO_COLOR=1 TZ=UTC %q --demo --type 222 --columns id,amount,method,failure", bin))
	for _, size := range []struct{ w, h int }{{100, 30}, {80, 24}} {
		if size.w != 100 {
			term.tmux("resize-window", "-t", "main", "-x", fmt.Sprint(size.w), "-y", fmt.Sprint(size.h))
		}
		term.waitUntil(func(screen []string) string {
			if len(screen) != size.h {
				return fmt.Sprintf("%d lines, not %d", len(screen), size.h)
			}
			if f := strings.Fields(screen[0]); !slices.Equal(f, []string{"ID", "AMOUNT", "METHOD", "FAILURE"}) {
				return fmt.Sprintf("header %q", screen[0])
			}
			// The cursor's row, the newest failed payment, as the CSV has it.
			if row := screen[1]; !strings.Contains(row, first[0]) || !strings.Contains(row, first[1]) || !strings.Contains(row, first[2]) {
				return fmt.Sprintf("first row %q, want %q", row, first)
			}
			for i, l := range screen {
				if w := ansiWidth(l); w > size.w {
					return fmt.Sprintf("line %d is %d wide", i, w)
				}
			}
			return ""
		})
	}
	// C, down to the message (after the four shown, then created and
	// type), space shows it, four K put it before the method, enter
	// applies.
	term.keys("C")
	term.waitFor("Columns  space shows/hides")
	term.keys("j", "j", "j", "j", "j", "j", "Space", "K", "K", "K", "K", "Enter")
	term.waitUntil(func(screen []string) string {
		if f := strings.Fields(screen[0]); !slices.Equal(f, []string{"ID", "AMOUNT", "MESSAGE", "METHOD", "FAILURE"}) {
			return fmt.Sprintf("header %q after C", screen[0])
		}
		return ""
	})
}
