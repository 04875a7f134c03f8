package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/model"
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
	m := New(testConfig(fakeSource{}, &opener{}, &bytes.Buffer{}))
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(batchMsg{batch: source.Batch{Events: events}})
	m.Update(loadDoneMsg{})
	return m
}

// hugeEvent is an event whose message is msg.
func hugeEvent(msg string) model.Event {
	created := fixedNow.Add(-time.Hour)
	return model.Event{Resource: "event", Type: 300, Created: created, CreatedRaw: created.Format(time.RFC3339),
		Message: msg, Line: model.SanitizeLine(msg), Source: "huge.json",
		Links: []model.Link{{Name: "url", Href: "https://example.com/x", Type: "text/html"}}}
}

func benchKeys(b *testing.B, m *Model, keys ...string) {
	for _, k := range keys {
		m.Update(keyMsg(k))
		m.View()
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
					m.detail.json = nil // not computed yet, as for a new event
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
func BenchmarkMoveAndView(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
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
			m := New(testConfig(fakeSource{}, &opener{}, &bytes.Buffer{}))
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			m.Update(batchMsg{batch: source.Batch{Chunks: chunks}})
			m.Update(loadDoneMsg{})
			if m.List().Total() != n {
				b.Fatalf("%d events", m.List().Total())
			}
			m.List().SetCursor(n / 2)
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			}
		})
	}
}
