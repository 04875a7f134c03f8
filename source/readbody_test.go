package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestReadBody: a body comes back whole, in a buffer of the announced size
// when there is one; one over MaxBodySize is seen to be; and a big body
// waits for its turn, giving up when its request is cancelled.
func TestReadBody(t *testing.T) {
	small := strings.Repeat("s", 1000)
	big := strings.Repeat("b", bigBody+10)
	tests := []struct {
		name    string
		body    string
		length  int64 // announced; -1 none
		wantLen int
		wantCap int // 0: any
	}{
		{"small, announced", small, 1000, 1000, 1001},
		{"small, not announced", small, -1, 1000, 0},
		{"big, announced", big, int64(len(big)), len(big), len(big) + 1},
		{"big, not announced", big, -1, len(big), 0},
		{"longer than announced", small, 10, 1000, 0},
		{"over the limit", "", MaxBodySize + 5, MaxBodySize + 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tt.body)
			if tt.body == "" {
				r = io.LimitReader(zeros{}, tt.length)
			}
			resp := &http.Response{Body: io.NopCloser(r), ContentLength: tt.length}
			got, err := readBody(context.Background(), resp)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantLen || tt.body != "" && string(got) != tt.body {
				t.Errorf("read %d bytes, want %d", len(got), tt.wantLen)
			}
			if tt.wantCap != 0 && cap(got) != tt.wantCap {
				t.Errorf("buffer of %d bytes, want %d", cap(got), tt.wantCap)
			}
		})
	}

	t.Run("a big body waits for its turn", func(t *testing.T) {
		bigBodies <- struct{}{} // another request reads a big body
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() {
			_, err := readBody(ctx, &http.Response{Body: io.NopCloser(strings.NewReader(big)), ContentLength: -1})
			done <- err
		}()
		small, err := readBody(context.Background(), &http.Response{Body: io.NopCloser(strings.NewReader(small)), ContentLength: -1})
		if err != nil || len(small) != 1000 {
			t.Fatalf("a small body, while a big one reads: %d bytes, %v", len(small), err)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("the waiting big body: %v, want context.Canceled", err)
		}
		<-bigBodies
		got, err := readBody(context.Background(), &http.Response{Body: io.NopCloser(bytes.NewReader([]byte(big))), ContentLength: -1})
		if err != nil || len(got) != len(big) {
			t.Errorf("once the turn is free: %d bytes, %v", len(got), err)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
