package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
)

func TestExportWritesTheView(t *testing.T) {
	hs := newFixture(t)
	dir := t.TempDir()
	hs.m.cfg.ExportDir = dir
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "S") // filtered, and oldest first

	want := make([]string, 0)
	for e := range hs.m.List().All() {
		want = append(want, e.CreatedRaw+" "+e.Message)
	}
	if len(want) == 0 || len(want) == hs.m.List().Total() {
		t.Fatalf("the filter should select some events, selected %d", len(want))
	}

	for i, name := range []string{"events-20240610-120000.json", "events-20240610-120000-1.json"} {
		cmd := hs.press("e")
		if cmd == nil {
			t.Fatal("e returned no command")
		}
		msg, ok := cmd().(exportedMsg)
		if !ok || msg.err != nil {
			t.Fatalf("export %d: %#v", i, msg)
		}
		hs.m.Update(msg)
		path := filepath.Join(dir, name)
		if got := hs.m.message; got != "wrote "+itoa(len(want))+" events to "+path {
			t.Errorf("message = %q, want it to say where %d events went", got, len(want))
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("export %d: %v (a second export in the same second must not overwrite the first)", i, err)
		}
		dec, err := model.Decode(name, data)
		if err != nil {
			t.Fatalf("the export does not load back: %v", err)
		}
		var got []string
		for _, e := range dec.Events {
			got = append(got, e.CreatedRaw+" "+e.Message)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("exported\n%s\nwant the view, in order:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Two sources: each event says where it came from.
		if !strings.Contains(string(data), `"source":"cst_`) {
			t.Errorf("the export lacks the events' sources:\n%s", data)
		}
	}
}

func TestExportFailureSaysWhyAndKeepsEverything(t *testing.T) {
	hs := newFixture(t)
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, nil, 0o644)
	hs.m.cfg.ExportDir = notADir
	before := hs.m.List().Len()

	msg := hs.press("e")()
	hs.m.Update(msg)
	if got, want := hs.m.message, "export failed, nothing written: cannot create a file in "+notADir+": not a directory"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if hs.m.List().Len() != before || hs.m.state != stateTable {
		t.Error("a failed export changed the view")
	}
}

func itoa(n int) string { return model.Thousands(n) }

// e with no event shown writes no file and says why (issue 23, item 15).
func TestExportNothingShownWritesNothing(t *testing.T) {
	hs := newFixture(t)
	dir := t.TempDir()
	hs.m.cfg.ExportDir = dir
	hs.press("/")
	hs.typeText("no-such-message-anywhere")
	hs.press("enter")
	if cmd := hs.press("e"); cmd != nil {
		if msg, ok := cmd().(exportedMsg); ok {
			t.Fatalf("e exported %#v with nothing shown", msg)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("e wrote %d file(s) with nothing shown", len(entries))
	}
	if !strings.Contains(hs.m.message, "nothing to export") {
		t.Errorf("message %q, want it to say there is nothing to export", hs.m.message)
	}
}
