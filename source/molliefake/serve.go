package molliefake

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	// A request leaves the count as its answer starts: the client may send
	// the next one as soon as it has read it, before serve returns.
	leave := sync.OnceFunc(func() { s.inFlight.Add(-1) })
	defer leave()
	w = &leavingWriter{ResponseWriter: w, leave: leave}
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}

	endpoint, id := route(r.URL.Path)
	if endpoint == EndpointOther {
		s.mu.Lock()
		if _, ok := s.resources[r.URL.Path]; ok {
			endpoint, id = EndpointResource, r.URL.Path
		} else if s.isListLocked(r.URL.Path) {
			endpoint, id = EndpointList, r.URL.Path
		}
		s.mu.Unlock()
	}
	query := r.URL.Query()
	rec := Request{
		Time:       time.Now(),
		Method:     r.Method,
		Path:       r.URL.Path,
		Query:      query,
		Endpoint:   endpoint,
		Customer:   id,
		Authorized: s.authorized(r.Header.Get("Authorization")),
		Testmode:   query.Get("testmode") == "true",
		UserAgent:  r.Header.Get("User-Agent"),
		Accept:     r.Header.Get("Accept"),
		InFlight:   int(n),
	}
	// Take the fault on arrival, so concurrent requests take them in order.
	s.mu.Lock()
	if rec.Authorized && endpoint != EndpointOther && r.Method == http.MethodGet {
		target := id
		if endpoint == EndpointCustomers {
			target = ListCustomers
		}
		if q := s.faults[target]; len(q) > 0 {
			f := q[0]
			rec.Fault = &f
			s.faults[target] = q[1:]
		} else if f := s.throttled(); f != nil {
			rec.Fault = f
		}
	}
	i, gen := len(s.log), s.logGen
	s.log = append(s.log, rec)
	s.mu.Unlock()

	status, canceled := s.answer(w, r, &rec)

	s.mu.Lock()
	if gen == s.logGen {
		s.log[i].Status, s.log[i].Canceled = status, canceled
	}
	s.mu.Unlock()
}

// answer waits out the latency and writes the response; it returns the
// status sent (0 for none) and whether the client went away first.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, rec *Request) (status int, canceled bool) {
	f := rec.Fault
	delay := time.Duration(s.latency.Load())
	if f != nil {
		delay += f.Latency
	}
	if !s.sleep(r.Context(), delay) {
		// Returning would send an empty 200; close the connection instead.
		hangUp(w)
		return 0, true
	}

	res := s.normal(r, rec)
	if f == nil {
		return res.write(w), false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Drop:
		hangUp(w)
		return 0, false
	case f.HTML:
		code := cmp.Or(f.Status, http.StatusBadGateway)
		res = response{status: code, contentType: mediaHTML + "; charset=utf-8", body: []byte(htmlPage(code))}
	case f.Truncate:
		if f.Status != 0 {
			res.status = f.Status
		}
		h := w.Header()
		h.Set("Content-Type", res.contentType)
		h.Set("Content-Length", strconv.Itoa(len(res.body)))
		w.WriteHeader(res.status)
		w.Write(res.body[:len(res.body)/2])
		http.NewResponseController(w).Flush()
		// The server closes the connection, as the body is short of its
		// Content-Length.
		return res.status, false
	case f.Location != "":
		w.Header().Set("Location", f.Location)
		res = response{status: cmp.Or(f.Status, http.StatusFound), contentType: mediaHTML, body: nil}
	case f.Status != 0:
		res = response{status: f.Status, contentType: cmp.Or(f.ContentType, mediaHAL), body: []byte(f.Body)}
		if f.Body == "" {
			res = mollieError(f.Status, "")
		}
	case f.Body != "":
		res = response{status: http.StatusOK, contentType: cmp.Or(f.ContentType, mediaHAL), body: []byte(f.Body)}
	}
	return res.write(w), false
}

// hangUp closes the connection without a response.
func hangUp(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// route splits a path into its endpoint and customer ID.
func route(path string) (Endpoint, string) {
	switch {
	case path == "/v2/customers" || path == "/v2/customers/":
		return EndpointCustomers, ""
	case strings.HasPrefix(path, "/v2/customers/"):
		id := strings.TrimPrefix(path, "/v2/customers/")
		if id != "" && !strings.Contains(id, "/") {
			return EndpointCustomer, id
		}
	}
	return EndpointOther, ""
}

func (s *Server) authorized(header string) bool {
	scheme, token, ok := strings.Cut(header, " ")
	return ok && strings.EqualFold(scheme, "Bearer") && token == s.Key
}

// sleep waits for d, or until ctx is done or the server closes; it reports
// whether d passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// response is an answer not yet written.
type response struct {
	status      int
	contentType string
	body        []byte
}

func (res response) write(w http.ResponseWriter) int {
	w.Header().Set("Content-Type", res.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(res.body)))
	w.WriteHeader(res.status)
	w.Write(res.body)
	return res.status
}

// normal is the answer Mollie would give, without faults.
func (s *Server) normal(r *http.Request, rec *Request) response {
	switch {
	case !rec.Authorized:
		return mollieError(http.StatusUnauthorized, "")
	}
	if res, ok := s.events(rec); ok && r.Method == http.MethodGet {
		return res
	}
	switch {
	case rec.Endpoint == EndpointOther:
		return mollieError(http.StatusNotFound, "The requested resource does not exist.")
	case r.Method != http.MethodGet:
		return mollieError(http.StatusMethodNotAllowed, "The requested method is not allowed for this resource.")
	case rec.Endpoint == EndpointCustomer:
		return s.customer(rec)
	case rec.Endpoint == EndpointList:
		return s.serveList(rec)
	case rec.Endpoint == EndpointResource && strings.Count(rec.Path, "/") == 3 && strings.HasPrefix(rec.Path, "/v2/payments/"):
		return s.payment(rec)
	case rec.Endpoint == EndpointResource:
		s.mu.Lock()
		defer s.mu.Unlock()
		return response{status: http.StatusOK, contentType: mediaHAL, body: s.resources[rec.Customer]}
	default:
		return s.list(rec)
	}
}

func (s *Server) customer(rec *Request) response {
	withEvents := false
	for _, v := range rec.Query["include"] {
		for inc := range strings.SplitSeq(v, ",") {
			withEvents = withEvents || strings.TrimSpace(inc) == "events"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[rec.Customer]
	if !ok {
		return mollieError(http.StatusNotFound, "No customer exists with token "+rec.Customer)
	}
	return jsonResponse(http.StatusOK, s.wireCustomer(c, withEvents && s.includeEvents))
}

// listLimit is a list request's limit, DefaultLimit when it gives none,
// or Mollie's answer to one out of range.
func listLimit(rec *Request) (int, *response) {
	v := rec.Query.Get("limit")
	if v == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		r := withField(mollieError(http.StatusBadRequest,
			fmt.Sprintf("Invalid 'limit' parameter. The limit must be between 1 and %d.", MaxLimit)), "limit")
		return 0, &r
	}
	return n, nil
}

func (s *Server) list(rec *Request) response {
	limit, bad := listLimit(rec)
	if bad != nil {
		return *bad
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	start := 0
	from := rec.Query.Get("from")
	switch {
	case from == "":
	case from == endOfList && s.emptyLastPage:
		start = len(s.order)
	default:
		start = -1
		for i, id := range s.order {
			if id == from {
				start = i
				break
			}
		}
		if start < 0 {
			return withField(mollieError(http.StatusBadRequest,
				"Invalid 'from' parameter: no customer exists with token "+from+"."), "from")
		}
	}
	end := min(start+limit, len(s.order))

	page := listPage{Count: end - start}
	page.Embedded.Customers = make([]wireCustomer, 0, end-start)
	for _, id := range s.order[start:end] {
		page.Embedded.Customers = append(page.Embedded.Customers, s.wireCustomer(s.customers[id], false))
	}
	page.Links.Self = s.listLink(from, limit, rec.Testmode)
	if start > 0 && start < len(s.order) {
		l := s.listLink(s.order[max(0, start-limit)], limit, rec.Testmode)
		page.Links.Previous = &l
	}
	switch {
	case end < len(s.order):
		l := s.listLink(s.order[end], limit, rec.Testmode)
		page.Links.Next = &l
	case s.emptyLastPage && start < len(s.order):
		l := s.listLink(endOfList, limit, rec.Testmode)
		page.Links.Next = &l
	}
	page.Links.Documentation = link{Href: "https://docs.mollie.com/reference/list-customers", Type: mediaHTML}
	return jsonResponse(http.StatusOK, page)
}

func (s *Server) listLink(from string, limit int, testmode bool) link {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if from != "" {
		q.Set("from", from)
	}
	if testmode {
		q.Set("testmode", "true")
	}
	return link{Href: s.URL + "/v2/customers?" + q.Encode(), Type: mediaHAL}
}

// leavingWriter calls leave before the answer is written.
type leavingWriter struct {
	http.ResponseWriter
	leave func()
}

func (w *leavingWriter) WriteHeader(status int) {
	w.leave()
	w.ResponseWriter.WriteHeader(status)
}

func (w *leavingWriter) Write(b []byte) (int, error) {
	w.leave()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (Hijack).
func (w *leavingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
