package model

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFilterJobViewIsSetQuerys: a query worked out aside (Prepare, Run,
// Apply) shows what SetQuery shows, after any query before it, and with
// events that arrived while it ran.
func TestFilterJobViewIsSetQuerys(t *testing.T) {
	tests := []struct{ before, q string }{
		{"", "payment"},
		{"pay", "payment"}, // a word typed further: narrowed by the shorter one's matches
		{"", "/pa[iy]/"},
		{"payment", "payment /ai/"},
		{"", "!customer"},
		{"", `"zahlung" type:400`},
		{"payment", ""},
	}
	for _, tt := range tests {
		t.Run(tt.before+"→"+tt.q, func(t *testing.T) {
			want, got := sampleList(t), sampleList(t)
			for _, l := range []*List{want, got} {
				l.SetQuery(mustQuery(t, tt.before))
			}
			job := got.Prepare(mustQuery(t, tt.q))
			late := event(t, 300, "2024-01-04T10:00:00Z", "Payment paid late", "cst_d")
			got.Append(late) // arrives while the job runs
			want.Append(late)
			r, err := job.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got.Apply(r)
			want.SetQuery(mustQuery(t, tt.q))
			if !reflect.DeepEqual(ids(got), ids(want)) {
				t.Errorf("view worked out aside = %v, SetQuery's = %v", ids(got), ids(want))
			}
			if got.Query().Text() != tt.q {
				t.Errorf("query in force = %q, want %q", got.Query().Text(), tt.q)
			}
		})
	}
}

// TestFilterJobStopsWhenCancelled: a cancelled job ends with the
// context's error and the list keeps its view.
func TestFilterJobStopsWhenCancelled(t *testing.T) {
	l := hugeList(t, 4, 1<<20)
	job := l.Prepare(mustQuery(t, `/(\w+\s?){19}x/`))
	if job.Cost() == 0 {
		t.Fatal("the job has no work to do")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := job.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: err = %v, want context.Canceled", err)
	}
	if l.Len() != 4 || !l.Query().IsZero() {
		t.Errorf("the list changed: %d events, query %q", l.Len(), l.Query().Text())
	}
}

// TestMatchReadsABoundedPrefix: text terms and regexps read the first
// MatchPrefix bytes of a message, so a regexp over megabytes stays quick.
func TestMatchReadsABoundedPrefix(t *testing.T) {
	pad := strings.Repeat("ü", MatchPrefix/2-4) // two bytes a character
	tests := []struct {
		name, msg, q string
		want         int
	}{
		{"word within the prefix", pad + "needle" + strings.Repeat(" ", 1<<20), "needle", 1},
		{"word past the prefix", pad + strings.Repeat(" ", 64) + "needle", "needle", 0},
		{"regexp within the prefix", pad + "needle", "/needle/", 1},
		{"regexp past the prefix", pad + strings.Repeat(" ", 64) + "needle", "/needle$/", 0},
		{"the prefix is cut at a character", pad + "xüüüüü", "/^ü+xü+$/", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewList()
			l.Append(event(t, 300, "2024-01-01T10:00:00Z", tt.msg, "big.json"))
			l.SetQuery(mustQuery(t, tt.q))
			if l.Len() != tt.want {
				t.Errorf("%q shows %d events, want %d", tt.q, l.Len(), tt.want)
			}
		})
	}
}

// hugeList is a list of n distinct messages of size bytes of words.
func hugeList(tb testing.TB, n, size int) *List {
	tb.Helper()
	words := strings.Repeat("word ", size/5)
	l := NewList()
	for i := range n {
		l.Append(event(tb, 300, "2024-01-01T10:00:00Z", string(rune('a'+i))+words, "big.json"))
	}
	return l
}

// probe is a context that says when the job first looks at it: the job
// is then matching, part way through.
type probe struct {
	context.Context
	once    sync.Once
	looking chan struct{}
}

func (p *probe) Err() error {
	p.once.Do(func() { close(p.looking) })
	return p.Context.Err()
}

// BenchmarkFilterJobCancel: the worst regexp of issue 24 over 10 messages
// of 5 MB, cancelled part way through: how long the job goes on after the
// cancel (ms-to-stop), which must stay under 100 ms.
func BenchmarkFilterJobCancel(b *testing.B) {
	l := hugeList(b, 10, 5<<20)
	q := mustQuery(b, `/(\w+\s?){19}x/`)
	var worst time.Duration
	for b.Loop() {
		job := l.Prepare(q)
		ctx, cancel := context.WithCancel(context.Background())
		p := &probe{Context: ctx, looking: make(chan struct{})}
		done := make(chan error)
		go func() { _, err := job.Run(p); done <- err }()
		<-p.looking
		start := time.Now()
		cancel()
		if err := <-done; err == nil {
			b.Fatal("the job finished before the cancel")
		}
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-to-stop")
}

// TestFilterJobRunsBesideTheList: a job runs on its own goroutine while
// the list takes events and filters with the same terms (go test -race
// checks that they share nothing they write), and its result, applied
// after, shows what SetQuery would.
func TestFilterJobRunsBesideTheList(t *testing.T) {
	l, want := NewList(), NewList()
	add := func(from, n int) {
		for i := from; i < from+n; i++ {
			e := event(t, 300+i%7, "2024-01-01T10:00:00Z", "payment "+string(rune('a'+i%26))+" "+strings.Repeat("x", i%13), "f.json")
			l.Append(e)
			want.Append(e)
		}
	}
	add(0, 500)
	l.SetQuery(mustQuery(t, "pay /x{3}/"))
	q := mustQuery(t, "payment /x{3}/ !/b/")
	job := l.Prepare(q)
	done := runJob(t, job)
	for i := range 20 {
		add(500+i*50, 50)
		l.SetQuery(mustQuery(t, []string{"pay /x{3}/", "payment /x{3}/"}[i%2]))
	}
	l.Apply(<-done)
	want.SetQuery(q)
	if !reflect.DeepEqual(ids(l), ids(want)) || l.Len() == 0 {
		t.Errorf("view worked out beside the list: %d events, SetQuery's: %d", l.Len(), want.Len())
	}
}

// TestMatchAsideLeavesNewMessagesToAJob: with MatchAside, events added
// under a text query pass no text term, negated or not, until a job for
// the query in force has matched their messages.
func TestMatchAsideLeavesNewMessagesToAJob(t *testing.T) {
	for _, text := range []string{"payment", "!payment", "/paid$/"} {
		l := sampleList(t)
		l.MatchAside(true)
		q := mustQuery(t, text)
		r, err := l.Prepare(q).Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		l.Apply(r)
		before := ids(l)
		l.Append(event(t, 300, "2024-01-05T10:00:00Z", "Payment paid again", "cst_d"),
			event(t, 300, "2024-01-06T10:00:00Z", "Refund created", "cst_d"))
		if got := ids(l); !reflect.DeepEqual(got, before) {
			t.Errorf("%s: the new events passed before being matched: %v, want %v", text, got, before)
		}
		job := l.Prepare(l.Query())
		if job.Cost() == 0 {
			t.Fatalf("%s: no work left for the new messages", text)
		}
		r, err = job.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		l.Apply(r)
		want := sampleList(t)
		want.Append(event(t, 300, "2024-01-05T10:00:00Z", "Payment paid again", "cst_d"),
			event(t, 300, "2024-01-06T10:00:00Z", "Refund created", "cst_d"))
		want.SetQuery(q)
		if !reflect.DeepEqual(ids(l), ids(want)) || l.Prepare(l.Query()).Cost() != 0 {
			t.Errorf("%s: after the job %v, want %v", text, ids(l), ids(want))
		}
	}
}

// TestFilterJobBesideWebhookChunks is TestFilterJobRunsBesideTheList for
// chunks of webhook events, whose written messages the list takes on in
// their chunks' blocks (msgLines.take) while the job reads the lines it
// was prepared with (go test -race).
func TestFilterJobBesideWebhookChunks(t *testing.T) {
	chunk := func(k int) *Chunk {
		var b strings.Builder
		for i := range 10000 {
			fmt.Fprintln(&b, paidEvent(i%60, fmt.Sprint(k*10000+i), ""))
		}
		c, _, err := DecodeChunk("captured.ndjson", []byte(b.String()), DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(c.st.lines.blocks); n < takeBlocks {
			t.Fatalf("a chunk of %d blocks of lines, want %d or more to be taken on", n, takeBlocks)
		}
		return c
	}
	l, want := NewList(), NewList()
	l.AppendChunks(chunk(0))
	want.AppendChunks(chunk(0))
	q := mustQuery(t, `"Order #1" !/#1.*5$/`)
	job := l.Prepare(q)
	done := runJob(t, job)
	for k := 1; k < 5; k++ {
		l.AppendChunks(chunk(k))
		want.AppendChunks(chunk(k))
		l.SetQuery(mustQuery(t, []string{`"Order #2"`, `"Order #1"`}[k%2]))
	}
	l.Apply(<-done)
	want.SetQuery(q)
	if !reflect.DeepEqual(ids(l), ids(want)) || l.Total() != 50000 {
		t.Errorf("view worked out beside the list: %d events of %d, SetQuery's: %d", l.Len(), l.Total(), want.Len())
	}
	pass := 0 // the orders from 1, less those ending in 5
	for n := range 50000 {
		if s := fmt.Sprint(n); s[0] == '1' && !(len(s) > 1 && s[len(s)-1] == '5') {
			pass++
		}
	}
	if l.Len() != pass {
		t.Errorf("%d events pass, want %d", l.Len(), pass)
	}
}

// runJob runs job on a goroutine of its own; its result comes on the
// channel.
func runJob(t *testing.T, job *FilterJob) <-chan *Filtered {
	done := make(chan *Filtered, 1)
	go func() {
		r, err := job.Run(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	return done
}
