package source

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A response body over MaxBodySize is an error naming the customer, read
// no further than the limit.
func TestMollieBodyTooBig(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/hal+json")
		io.WriteString(w, `{"resource":"customer","id":"cst_Big1","events":[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"`)
		io.Copy(w, &repeatByte{'x', 2 * MaxBodySize})
	}))
	defer srv.Close()
	m := &Mollie{Key: testKey, BaseURL: srv.URL, Customers: []string{"cst_Big1"}, Timeout: time.Minute, Retry: Retry{Tries: 1}}
	var failures []Failure
	err := m.Load(context.Background(), func(b Batch) { failures = append(failures, b.Failures...) })
	if err == nil && len(failures) == 1 {
		err = failures[0].Err
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	want := "customer cst_Big1: HTTP 200 from " + host + ": the response is over 64 MB, more than eventbrowser reads from one request"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}
