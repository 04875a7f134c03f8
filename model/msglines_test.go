package model

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestMsgLines: lines added every way (copied, kept whole, taken on from
// another's blocks or copied from a few) read back as they went in, across
// pages and blocks, and however far a page's lines lie from its first
// block.
func TestMsgLines(t *testing.T) {
	long := strings.Repeat("é", textBlock/8) // kept whole
	mid := strings.Repeat("x", 200)          // two bytes of length
	odd := func(i int) string { return fmt.Sprintf("Payment %d paid", i) }
	for _, tt := range []struct {
		name string
		line func(i int) string
		n    int
	}{
		{"short", odd, 5000},
		{"empty", func(int) string { return "" }, 2000},
		{"mid", func(i int) string { return mid + odd(i) }, 3000},
		{"long", func(i int) string { return long + odd(i) }, 50},
		{"mixed", func(i int) string {
			switch i % 7 {
			case 0:
				return long + odd(i)
			case 3:
				return mid
			}
			return odd(i)
		}, 6000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var src msgLines
			for i := range tt.n {
				if i%2 == 0 {
					src.add(tt.line(i))
				} else {
					src.addBytes([]byte(tt.line(i)))
				}
			}
			check(t, &src, tt.line, 0, tt.n)
			for _, taken := range []bool{true, false} {
				var dst msgLines
				dst.add("before")
				moved := make([]uint32, len(src.blocks))
				for i := range uint32(src.len()) {
					if taken {
						dst.take(&src, i, moved)
					} else {
						dst.add(src.line(i))
					}
					if i%1000 == 0 {
						dst.add("own " + odd(int(i)))
					}
				}
				if got := dst.line(0); got != "before" {
					t.Errorf("taken %v: line 0 %q", taken, got)
				}
				id := uint32(1)
				for i := range tt.n {
					if got := dst.line(id); got != tt.line(i) {
						t.Fatalf("taken %v: line %d is %.40q, want %.40q", taken, id, got, tt.line(i))
					}
					id++
					if i%1000 == 0 {
						if got, want := dst.line(id), "own "+odd(i); got != want {
							t.Fatalf("taken %v: line %d is %q, want %q", taken, id, got, want)
						}
						id++
					}
				}
			}
		})
	}
}

func check(t *testing.T, m *msgLines, line func(int) string, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if got := m.line(uint32(i)); got != line(i) {
			t.Fatalf("line %d is %.40q, want %.40q", i, got, line(i))
		}
	}
}

// TestMsgLinesFar: a block written into (the one lines are copied into)
// that lies far before the last block, past farBlocks of long lines, is
// listed again, so that every line's place fits its uint32.
func TestMsgLinesFar(t *testing.T) {
	var m msgLines
	long := []byte(strings.Repeat("l", textBlock/8+1))
	line := func(i int) string {
		if i%(farBlocks/4) == 0 {
			return fmt.Sprint("short ", i)
		}
		return string(long)
	}
	n := 2*farBlocks + 10
	for i := range n {
		if i%(farBlocks/4) == 0 {
			m.add(line(i))
		} else {
			m.addWhole(long) // no copy: the same bytes each time
		}
	}
	check(t, &m, line, 0, n)
}

// TestMsgLinesSnapshot: a snapshot reads the lines it was taken with while
// the lines grow on another goroutine, in the block being written too
// (run under -race).
func TestMsgLinesSnapshot(t *testing.T) {
	line := func(i int) string { return fmt.Sprintf("Payment tr_%d paid · €%d.00", i, i%97) }
	var m msgLines
	for i := range 3000 {
		m.add(line(i))
	}
	snap := m.snapshot()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 3000; i < 20000; i++ {
			m.add(line(i))
		}
	})
	for range 5 {
		check(t, &snap, line, 0, snap.len())
	}
	wg.Wait()
	if snap.len() != 3000 {
		t.Errorf("the snapshot holds %d lines, want 3000", snap.len())
	}
	check(t, &m, line, 0, 20000)
}
