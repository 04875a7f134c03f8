package molliefake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EndpointList is a list other than the customers': /v2/payments,
// /v2/customers/{id}/payments, /v2/payments/{id}/captures…
const EndpointList Endpoint = "list"

// item is one resource on a list, newest first.
type item struct {
	id      string
	created time.Time
	raw     json.RawMessage
}

// listNames are the names lists embed their resources under.
var listNames = map[string]string{
	"payments": "payments", "refunds": "refunds", "chargebacks": "chargebacks", "captures": "captures",
	"mandates": "mandates", "subscriptions": "subscriptions", "payment-links": "payment_links",
}

// AddToList puts a resource on the list at path (/v2/payments,
// /v2/customers/{id}/mandates…), which the server then serves, newest
// first as Mollie does, paged with from and limit. created orders it.
func (s *Server) AddToList(path, id string, created time.Time, raw json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addToListLocked(path, id, created, raw)
}

func (s *Server) addToListLocked(path, id string, created time.Time, raw json.RawMessage) {
	if s.lists == nil {
		s.lists = map[string][]item{}
	}
	l := s.lists[path]
	// Newest first; most additions come in time order, at the front.
	i, _ := slices.BinarySearchFunc(l, created, func(it item, t time.Time) int { return t.Compare(it.created) })
	for i < len(l) && l[i].created.Equal(created) {
		i++
	}
	s.lists[path] = slices.Insert(l, i, item{id, created, raw})
}

// ListLen is how many resources the list at path holds.
func (s *Server) ListLen(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lists[path])
}

// Pages is how many pages of limit a client reads to list everything at
// path (an empty list is one page).
func (s *Server) Pages(path string, limit int) int {
	n := s.ListLen(path)
	return max(1, (n+limit-1)/limit)
}

// isListLocked tells whether path is a list the server serves, perhaps
// empty: an account-wide one, or one of a known customer or payment;
// s.mu is held.
func (s *Server) isListLocked(path string) bool {
	if _, ok := s.lists[path]; ok {
		return true
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "v2" && slices.Contains([]string{"payments", "refunds", "chargebacks", "subscriptions", "payment-links"}, parts[1]):
		return true
	case len(parts) == 4 && parts[1] == "customers" && slices.Contains([]string{"payments", "mandates", "subscriptions"}, parts[3]):
		_, ok := s.customers[parts[2]]
		return ok
	case len(parts) == 4 && parts[1] == "payments" && slices.Contains([]string{"refunds", "chargebacks", "captures"}, parts[3]):
		_, ok := s.resources["/v2/payments/"+parts[2]]
		return ok
	}
	return false
}

// serveList answers a list other than the customers'.
func (s *Server) serveList(rec *Request) response {
	limit, bad := listLimit(rec)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lists[rec.Path]
	start := 0
	if from := rec.Query.Get("from"); from != "" {
		start = slices.IndexFunc(l, func(it item) bool { return it.id == from })
		if start < 0 {
			return withField(mollieError(http.StatusBadRequest, "Invalid 'from' parameter: no object exists with token "+from+"."), "from")
		}
	}
	end := min(start+limit, len(l))
	name := listNames[rec.Path[strings.LastIndexByte(rec.Path, '/')+1:]]
	raws := make([]json.RawMessage, 0, end-start)
	for _, it := range l[start:end] {
		raws = append(raws, it.raw)
	}
	var page struct {
		Count    int                          `json:"count"`
		Embedded map[string][]json.RawMessage `json:"_embedded"`
		Links    struct {
			Self          link  `json:"self"`
			Previous      *link `json:"previous"`
			Next          *link `json:"next"`
			Documentation link  `json:"documentation"`
		} `json:"_links"`
	}
	page.Count = end - start
	page.Embedded = map[string][]json.RawMessage{name: raws}
	href := func(from string) link {
		q := url.Values{"limit": {strconv.Itoa(limit)}}
		if from != "" {
			q.Set("from", from)
		}
		if rec.Testmode {
			q.Set("testmode", "true")
		}
		return link{Href: s.URL + rec.Path + "?" + q.Encode(), Type: mediaHAL}
	}
	page.Links.Self = href(rec.Query.Get("from"))
	if start > 0 {
		l := href(l[max(0, start-limit)].id)
		page.Links.Previous = &l
	}
	if end < len(l) {
		l := href(l[end].id)
		page.Links.Next = &l
	}
	page.Links.Documentation = link{Href: "https://docs.mollie.com/reference/list-" + strings.ReplaceAll(name, "_", "-"), Type: mediaHTML}
	return jsonResponse(http.StatusOK, page)
}

// payment answers Get payment, with what embed= asks for.
func (s *Server) payment(rec *Request) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	body := s.resources[rec.Path]
	var embeds []string
	for _, v := range rec.Query["embed"] {
		for e := range strings.SplitSeq(v, ",") {
			if e = strings.TrimSpace(e); e == "refunds" || e == "chargebacks" || e == "captures" {
				embeds = append(embeds, e)
			}
		}
	}
	if len(embeds) == 0 {
		return response{status: http.StatusOK, contentType: mediaHAL, body: body}
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return response{status: http.StatusOK, contentType: mediaHAL, body: body}
	}
	emb := map[string][]json.RawMessage{}
	for _, e := range embeds {
		emb[e] = []json.RawMessage{}
		for _, it := range s.lists[rec.Path+"/"+e] {
			emb[e] = append(emb[e], it.raw)
		}
	}
	obj["_embedded"], _ = marshal(emb)
	return jsonResponse(http.StatusOK, obj)
}

// throttle answers every Nth request with 429.
type throttle struct {
	every      int
	left       int // 429s still to give; -1 for no end
	retryAfter string
	n          int
}

// Throttle answers every nth authorized request (n > 0; 0 stops it) with
// 429 Too Many Requests, with Retry-After: retryAfter when not "", as
// Mollie's rate limit does; times such answers in all, or for ever when
// times is 0. Queued faults come first.
func (s *Server) Throttle(n, times int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle = throttle{every: n, left: times, retryAfter: retryAfter}
	if times == 0 {
		s.throttle.left = -1
	}
}

// throttled is the 429 this request gets, or nil; s.mu is held.
func (s *Server) throttled() *Fault {
	t := &s.throttle
	if t.every <= 0 || t.left == 0 {
		return nil
	}
	t.n++
	if t.n%t.every != 0 {
		return nil
	}
	if t.left > 0 {
		t.left--
	}
	return &Fault{Status: http.StatusTooManyRequests, RetryAfter: t.retryAfter}
}

// Throttled is how many requests got Throttle's 429 so far.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if r.Fault != nil && r.Fault.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// Update sets fields of the object at path (/v2/payments/tr_…), where
// Get serves it and on every list it is on, as a change of state at
// Mollie would: a payment that fails, a subscription canceled. A nil
// value removes the field.
func (s *Server) Update(path string, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var obj map[string]any
	if json.Unmarshal(s.resources[path], &obj) != nil {
		panic("molliefake: Update of " + path + ", which is no object served")
	}
	for k, v := range fields {
		if v == nil {
			delete(obj, k)
		} else {
			obj[k] = v
		}
	}
	b, _ := marshal(obj)
	s.resources[path] = b
	id, _ := obj["id"].(string)
	for _, l := range s.lists {
		for i := range l {
			if l[i].id == id {
				l[i].raw = b
			}
		}
	}
}
