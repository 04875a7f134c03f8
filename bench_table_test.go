package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/model"
)

// BenchmarkTablePeakRSS is the interactive table on 1M generated events
// of NDJSON (eventgen, seed 1: 214 MB), in tmux, as issue 25 measured it
// beside lnav: the seconds until the first rows show (s-first) and until
// all rows are in (s-all, "1,000,000 events" with nothing loading), the
// program's peak RSS by then (peak-MB, VmHWM), the CPU time it used by
// then (cpu-s) and its RSS a second later (rss-MB), medians of
// -benchtime's runs. With BEFORE=path/to/binary, that
// binary takes a turn after each run of this tree's, so that a machine's
// changing load weighs on both, and the figures come for it too
// (before-…) and as ratios of this tree's to its (…/before). N=… for
// another number of events.
func BenchmarkTablePeakRSS(b *testing.B) {
	n := benchN(b)
	file := generated(b, "events.ndjson", n, eventgen.WriteNDJSON)
	bins := []string{buildBinary(b)}
	if before := os.Getenv("BEFORE"); before != "" {
		bins = append(bins, before)
	}
	all := model.Thousands(n) + " events"
	runs := make([][]tableFigures, len(bins))
	for b.Loop() {
		for i, bin := range bins {
			runs[i] = append(runs[i], tableRun(b, bin, file, all))
		}
	}
	for i, prefix := range []string{"", "before-"}[:len(bins)] {
		for _, fig := range tableFigureNames {
			b.ReportMetric(medianOf(runs[i], fig.get), prefix+fig.name)
		}
	}
	if len(bins) == 2 {
		for _, fig := range tableFigureNames {
			b.ReportMetric(medianOf(runs[0], fig.get)/medianOf(runs[1], fig.get), fig.name+"/before")
		}
	}
}

// BenchmarkTableCaptured is issue 22's "a 24-hour file of 1M captured
// events opens in the table as fast as any 1M-event NDJSON file": the
// table on 1M webhook events as listen keeps them (eventgen's webhook
// shape: the entity embedded, 1.4 KB each, 1.4 GB) and on 1M customer
// events (214 MB), in turns, measured as BenchmarkTablePeakRSS measures
// (captured-…, customer-…), and as ratios, captured over customer, of the
// seconds to all rows and the peak RSS, which with N events is also the
// ratio of bytes per event (…/customer). Customer events are a fifth of
// the bytes of captured ones, so the table also opens, in the same turns,
// a file of as many events and about as many bytes (1.2 GB): the customer
// events, each with a webhook entity as a member nothing reads
// (eventgen.WriteCarried), against which the seconds and the CPU are
// ratios too (…/carried). With BEFORE=path/to/binary, that binary's
// captured figures too (before-captured-…).
func BenchmarkTableCaptured(b *testing.B) {
	n := benchN(b)
	captured := generated(b, "captured.ndjson", n, eventgen.WriteWebhooks)
	customer := generated(b, "customer.ndjson", n, eventgen.WriteNDJSON)
	carried := generated(b, "carried.ndjson", n, eventgen.WriteCarried)
	bin := buildBinary(b)
	all := model.Thousands(n) + " events"
	var caps, custs, carrieds, befores []tableFigures
	for b.Loop() {
		caps = append(caps, tableRun(b, bin, captured, all))
		custs = append(custs, tableRun(b, bin, customer, all))
		carrieds = append(carrieds, tableRun(b, bin, carried, all))
		if before := os.Getenv("BEFORE"); before != "" {
			befores = append(befores, tableRun(b, before, captured, all))
		}
	}
	for _, fig := range tableFigureNames {
		b.ReportMetric(medianOf(caps, fig.get), "captured-"+fig.name)
		b.ReportMetric(medianOf(custs, fig.get), "customer-"+fig.name)
		b.ReportMetric(medianOf(carrieds, fig.get), "carried-"+fig.name)
		if len(befores) > 0 {
			b.ReportMetric(medianOf(befores, fig.get), "before-captured-"+fig.name)
		}
	}
	for _, fig := range tableFigureNames[1:3] { // s-all, peak-MB
		b.ReportMetric(medianOf(caps, fig.get)/medianOf(custs, fig.get), fig.name+"/customer")
	}
	for _, fig := range []tableFigure{tableFigureNames[1], tableFigureNames[4]} { // s-all, cpu-s
		b.ReportMetric(medianOf(caps, fig.get)/medianOf(carrieds, fig.get), fig.name+"/carried")
	}
	b.ReportMetric(medianOf(caps, tableFigureNames[2].get)*(1<<20)/float64(n), "captured-peak-B/event")
}

// benchN is the number of events a benchmark of the table generates:
// N=…, or 1M.
func benchN(b *testing.B) int {
	n := 1_000_000
	if s := os.Getenv("N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("N=%s: %v", s, err)
		}
	}
	return n
}

// generated is a file of the benchmark's named name, of n events that
// write wrote (eventgen, seed 1).
func generated(b *testing.B, name string, n int, write func(io.Writer, eventgen.Options) error) string {
	file := filepath.Join(b.TempDir(), name)
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := write(f, eventgen.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return file
}

// tableFigureNames are the figures BenchmarkTablePeakRSS reports.
var tableFigureNames = []tableFigure{
	{"s-first", func(m tableFigures) float64 { return m.first.Seconds() }},
	{"s-all", func(m tableFigures) float64 { return m.all.Seconds() }},
	{"peak-MB", func(m tableFigures) float64 { return float64(m.peakKB) / 1024 }},
	{"rss-MB", func(m tableFigures) float64 { return float64(m.rssKB) / 1024 }},
	{"cpu-s", func(m tableFigures) float64 { return m.cpu.Seconds() }},
}

type tableFigure struct {
	name string
	get  func(tableFigures) float64
}

// medianOf is the median of a figure over runs.
func medianOf(runs []tableFigures, get func(tableFigures) float64) float64 {
	v := make([]float64, len(runs))
	for i, m := range runs {
		v[i] = get(m)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

type tableFigures struct {
	first, all    time.Duration
	peakKB, rssKB int
	cpu           time.Duration // user and system, by then: steadier than the wall clock on a shared machine
}

// loadedCount is a status line's count of events while they load, or once
// they are in.
var loadedCount = regexp.MustCompile(`[1-9][0-9,]* events`)

// tableRun opens file in bin's table and measures it once all is shown.
func tableRun(b *testing.B, bin, file, all string) tableFigures {
	// One command: the pane's shell execs it, so the pane's process is
	// the program.
	return commandRun(b, fmt.Sprintf("exec %q %q", bin, file), all)
}

// commandRun runs command, a table, and measures it once all is shown:
// the status line says all, with nothing loading.
func commandRun(b *testing.B, command, all string) tableFigures {
	start := time.Now()
	term := startTerminal(b, command)
	var m tableFigures
	for deadline := start.Add(5 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		s := term.screen()
		if m.first == 0 && loadedCount.MatchString(s) {
			m.first = time.Since(start)
		}
		if strings.Contains(s, all) && !strings.Contains(s, "loading") {
			m.all = time.Since(start)
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("the events never all came:\n%s", s)
		}
	}
	pid := term.childPID()
	m.peakKB = procStatusKB(b, pid, "VmHWM:")
	m.cpu = procCPU(b, pid)
	time.Sleep(time.Second)
	m.rssKB = procStatusKB(b, pid, "VmRSS:")
	term.keys("q")
	term.waitForExit()
	return m
}

// procCPU is the CPU time, user and system, process pid has used
// (/proc/PID/stat, in clock ticks of 1/100 s).
func procCPU(b *testing.B, pid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The fields after the command, which is in parentheses and may hold
	// spaces: utime and stime are the 12th and 13th.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", pid, stat)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// procStatusKB is a field of /proc/PID/status in KB, such as VmHWM (the
// most memory the process has had resident).
func procStatusKB(b *testing.B, pid int, field string) int {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err == nil {
				return kb
			}
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
