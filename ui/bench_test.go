package ui

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/colorprofile"
	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// hugeMessage is about n bytes of words, a few of them not ASCII, with a
// newline now and then when lines is set.
func hugeMessage(n int, lines bool) string {
	words := []string{"payment", "tr_7UhSN1zuXS", "refunded", "€25.00", "naïve", "漢字", "to", "the", "customer"}
	var b strings.Builder
	b.Grow(n + 64)
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[i%len(words)])
		if lines && i%97 == 96 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// loadedModel is a model of w×h cells holding events, loaded by feeding its
// messages to Update directly.
func loadedModel(tb testing.TB, w, h int, events ...model.Event) *Model {
	tb.Helper()
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(events...)}})
	m.Update(loadDoneMsg{})
	return m
}

// hugeEvent is an event whose message is msg.
func hugeEvent(msg string) model.Event {
	created := fixedNow.Add(-time.Hour)
	return model.Event{Resource: "event", Type: 300, Created: created, CreatedRaw: created.Format(time.RFC3339),
		Message: msg, Line: cells.Line(cells.SanitizeLine(msg)), Source: "huge.json",
		Links: []model.Link{{Name: "url", Href: "https://example.com/x", Type: "text/html"}}}
}

func benchKeys(b *testing.B, m *Model, keys ...string) {
	for _, k := range keys {
		m.Update(keyMsg(k))
		screen(m)
	}
}

// BenchmarkTable5MB renders the table with a 5 MB message under the cursor
// and moves the cursor, a frame per key.
func BenchmarkTable5MB(b *testing.B) {
	m := loadedModel(b, 100, 30, hugeEvent(hugeMessage(5<<20, false)), hugeEvent("short"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchKeys(b, m, "j", "k")
	}
}

// BenchmarkDetail5MB opens the detail view of a 5 MB message (enter),
// scrolls it a line (j), and shows its raw JSON (J), a frame per key. The
// message is words, some of them not ASCII, on one line or with a newline
// every 97 words, or ASCII words on one line.
func BenchmarkDetail5MB(b *testing.B) {
	for _, msg := range []struct{ name, text string }{
		{"one line", hugeMessage(5<<20, false)},
		{"lines", hugeMessage(5<<20, true)},
		{"ascii", strings.Repeat("payment tr_7UhSN1zuXS refunded EUR 25.00 to the customer ", 5<<20/58)},
	} {
		b.Run(msg.name, func(b *testing.B) {
			m := loadedModel(b, 100, 30, hugeEvent(msg.text))
			b.Run("open", func(b *testing.B) {
				for b.Loop() {
					benchKeys(b, m, "enter")
					b.StopTimer()
					m.Update(keyMsg("esc"))
					b.StartTimer()
				}
			})
			benchKeys(b, m, "enter")
			b.Run("scroll", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					benchKeys(b, m, "j")
					if i%1000 == 999 {
						benchKeys(b, m, "g")
					}
				}
			})
			b.Run("raw", func(b *testing.B) {
				for b.Loop() {
					benchKeys(b, m, "J")
					b.StopTimer()
					m.Update(keyMsg("J"))
					viewIn[*detailView](m, stateDetail).json = nil // not computed yet, as for a new event
					b.StartTimer()
				}
			})
			benchKeys(b, m, "J")
			b.Run("raw scroll", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					benchKeys(b, m, "j")
					if i%1000 == 999 {
						benchKeys(b, m, "g")
					}
				}
			})
		})
	}
}

// BenchmarkMoveAndView is one cursor move and the frame after it, at 10k
// and 1M events; its allocations must not grow with the number of events.
// At 100 columns the table is alone; at 200 the preview follows the cursor
// beside it (-200cols), or is hidden with p (-200cols-nopreview).
func BenchmarkMoveAndView(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		var data bytes.Buffer
		if err := eventgen.WriteArray(&data, eventgen.Options{N: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		var chunks []*model.Chunk
		_, err := model.DecodeFile("gen.json", bytes.NewReader(data.Bytes()), int64(data.Len()), model.DecodeOptions{}, func(c *model.Chunk) {
			chunks = append(chunks, c)
		})
		if err != nil {
			b.Fatal(err)
		}
		m := New(testConfig(fakeSource{}, &opener{}))
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		m.Update(batchMsg{batch: source.Batch{Chunks: chunks}})
		m.Update(loadDoneMsg{})
		if m.List().Total() != n {
			b.Fatalf("%d events", m.List().Total())
		}
		for _, size := range []struct {
			name    string
			width   int
			preview bool
		}{{"", 100, false}, {"-200cols", 200, true}, {"-200cols-nopreview", 200, false}} {
			b.Run(fmt.Sprintf("%dk%s", n/1000, size.name), func(b *testing.B) {
				m.table().preview.mode = previewOff
				if size.preview {
					m.table().preview.mode = previewAuto
				}
				m.Update(tea.WindowSizeMsg{Width: size.width, Height: 30})
				if m.table().preview.shown != size.preview {
					b.Fatalf("preview shown %v, want %v", m.table().preview.shown, size.preview)
				}
				m.List().SetCursor(n / 2)
				keys := []tea.KeyPressMsg{keyMsg("down"), keyMsg("up")}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					m.Update(keys[i%2])
					_ = screen(m)
					i++
				}
			})
		}
	}
}

// BenchmarkTerminalBytesPerKey counts what the program writes to a 100×30
// terminal for one ↓ in the table, after the first frame: the cell
// renderer writes only the cells that change. Reported as bytes/key, with
// colours (truecolor) and without (ascii); -200cols in a 200×30 terminal,
// where the preview beside the table changes with the cursor, or is hidden
// (-200cols-nopreview).
func BenchmarkTerminalBytesPerKey(b *testing.B) {
	for _, size := range []struct {
		name    string
		width   int
		preview bool
	}{{"", 100, false}, {"-200cols", 200, true}, {"-200cols-nopreview", 200, false}} {
		for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.Ascii} {
			b.Run(profile.String()+size.name, func(b *testing.B) { terminalBytesPerKey(b, size.width, size.preview, profile) })
		}
	}
}

func terminalBytesPerKey(b *testing.B, width int, preview bool, profile colorprofile.Profile) {
	w := &countingWriter{}
	m := New(testConfig(fakeSource{batches: fixtureBatches(b)}, &opener{}))
	defer m.Close()
	if !preview {
		m.table().preview.mode = previewOff
	}
	p := tea.NewProgram(m, tea.WithOutput(w), tea.WithInput(nil), tea.WithWindowSize(width, 30),
		tea.WithColorProfile(profile), tea.WithoutSignals())
	go p.Run()
	defer p.Kill()
	w.waitFor(b, func(s string) bool { return strings.Contains(s, "10 events · sort") })
	total := 0
	for i := 0; b.Loop(); i++ {
		before, _ := w.snapshot()
		// Down to the second row and back: the cells of both rows and
		// of the glyphs change.
		key := map[bool]string{true: "down", false: "up"}[i%2 == 0]
		p.Send(keyMsg(key))
		w.waitFor(b, func(s string) bool { return strings.Contains(s[before:], "▸") })
		// A frame is written at once; give the renderer two more
		// frames to show that nothing follows it.
		time.Sleep(40 * time.Millisecond)
		after, _ := w.snapshot()
		total += after - before
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/key")
}

// countingWriter keeps what the program writes.
type countingWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *countingWriter) snapshot() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Len(), c.buf.String()
}

func (c *countingWriter) waitFor(b *testing.B, ok func(string) bool) {
	for deadline := time.Now().Add(waitFor); ; time.Sleep(2 * time.Millisecond) {
		if _, s := c.snapshot(); ok(s) {
			return
		}
		if time.Now().After(deadline) {
			b.Fatal("the terminal never showed what was waited for")
		}
	}
}

// BenchmarkOpenSourcePanel is c at 1M events from 10,000 customers, under
// a query: the counts, the rows, and the frame after.
func BenchmarkOpenSourcePanel(b *testing.B) {
	var data bytes.Buffer
	if err := eventgen.WriteCustomerList(&data, eventgen.Options{N: 1_000_000, Seed: 1, Customers: 10_000}); err != nil {
		b.Fatal(err)
	}
	dec, err := model.Decode("customers.json", data.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(dec.Events...)}})
	m.Update(loadDoneMsg{})
	q, err := m.common.parse("pay type:220..229")
	if err != nil {
		b.Fatal(err)
	}
	m.List().SetQuery(q)
	for b.Loop() {
		m.Update(keyMsg("c"))
		_ = m.View()
		if len(viewIn[*panel](m, stateSources).items) < 10_000 {
			b.Fatalf("%d sources", len(viewIn[*panel](m, stateSources).items))
		}
		m.Update(keyMsg("esc"))
	}
}

// millionModel is a 100×30 model holding 1M generated events.
func millionModel(b *testing.B) *Model {
	b.Helper()
	var data bytes.Buffer
	if err := eventgen.WriteArray(&data, eventgen.Options{N: 1_000_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var chunks []*model.Chunk
	if _, err := model.DecodeFile("gen.json", bytes.NewReader(data.Bytes()), int64(data.Len()), model.DecodeOptions{}, func(c *model.Chunk) {
		chunks = append(chunks, c)
	}); err != nil {
		b.Fatal(err)
	}
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks}})
	m.Update(loadDoneMsg{})
	if m.List().Total() != 1_000_000 || !m.table().tline.shown {
		b.Fatalf("%d events, timeline %v", m.List().Total(), m.table().tline.shown)
	}
	return m
}

// BenchmarkTimelineRecount is what a query change costs the timeline at
// 1M events: the view's instants read and counted into buckets again (the
// query itself is applied before the timer runs).
func BenchmarkTimelineRecount(b *testing.B) {
	m := millionModel(b)
	queries := make([]query.Query, 2)
	for i, s := range []string{"type:220..229", "pay"} {
		q, err := m.common.parse(s)
		if err != nil {
			b.Fatal(err)
		}
		queries[i] = q
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		m.List().SetQuery(queries[i%2])
		b.StartTimer()
		m.table().tline.count(m.List(), m.width, m.cfg.Location)
		i++
	}
}

// BenchmarkTimeKeys is [, ] and @ at 1M events, each with its frame.
func BenchmarkTimeKeys(b *testing.B) {
	m := millionModel(b)
	m.List().SetCursor(m.List().Len() / 2)
	for _, keys := range [][]string{{"["}, {"]"}, {"@", "2", "0", "2", "4", "-", "0", "6", "-", "0", "1", "enter"}} {
		b.Run(keys[0], func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				for _, k := range keys[:len(keys)-1] {
					m.Update(keyMsg(k))
				}
				b.StartTimer()
				m.Update(keyMsg(keys[len(keys)-1]))
				_ = m.View()
			}
		})
	}
}

// BenchmarkDetailZWJ opens the detail view on a 100,000-character message
// of joined emoji (👨‍👩‍👧 ×), which terminals cannot agree on: it is
// drawn as its members, in linear time.
func BenchmarkDetailZWJ(b *testing.B) {
	msg := strings.Repeat("👨\u200d👩\u200d👧\u200d", 100_000/7)
	m := loadedModel(b, 100, 30, hugeEvent(msg))
	for b.Loop() {
		m.Update(keyMsg("enter"))
		_ = m.View()
		m.Update(keyMsg("esc"))
	}
}
