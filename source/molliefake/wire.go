package molliefake

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The wire shapes, with fields in Mollie's order.
type (
	link struct {
		Href string `json:"href"`
		Type string `json:"type"`
	}
	wireCustomer struct {
		Resource  string          `json:"resource"`
		ID        string          `json:"id"`
		Mode      string          `json:"mode"`
		Name      *string         `json:"name"`
		Email     *string         `json:"email"`
		Locale    *string         `json:"locale"`
		Metadata  json.RawMessage `json:"metadata"`
		CreatedAt string          `json:"createdAt"`
		Links     struct {
			Self          link  `json:"self"`
			Dashboard     link  `json:"dashboard"`
			Payments      *link `json:"payments,omitempty"`
			Mandates      *link `json:"mandates,omitempty"`
			Subscriptions *link `json:"subscriptions,omitempty"`
		} `json:"_links"`
		Events *[]json.RawMessage `json:"events,omitempty"`
	}
	listPage struct {
		Count    int `json:"count"`
		Embedded struct {
			Customers []wireCustomer `json:"customers"`
		} `json:"_embedded"`
		Links struct {
			Self          link  `json:"self"`
			Previous      *link `json:"previous"`
			Next          *link `json:"next"`
			Documentation link  `json:"documentation"`
		} `json:"_links"`
	}
	wireError struct {
		Status int    `json:"status"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Field  string `json:"field,omitempty"`
		Links  struct {
			Documentation link `json:"documentation"`
		} `json:"_links"`
	}
)

func (s *Server) wireCustomer(c *Customer, withEvents bool) wireCustomer {
	w := wireCustomer{
		Resource:  "customer",
		ID:        c.ID,
		Mode:      c.Mode,
		Name:      nullable(c.Name),
		Email:     nullable(c.Email),
		Locale:    nullable(c.Locale),
		Metadata:  c.Metadata,
		CreatedAt: cmp.Or(c.CreatedAt, "2022-01-03T13:42:04+00:00"),
	}
	if w.Mode == "" {
		w.Mode = "test"
		if strings.HasPrefix(s.Key, "live_") {
			w.Mode = "live"
		}
	}
	if len(w.Metadata) == 0 {
		w.Metadata = json.RawMessage("null")
	}
	w.Links.Self = link{Href: s.URL + "/v2/customers/" + c.ID, Type: mediaHAL}
	w.Links.Dashboard = link{Href: "https://www.mollie.com/dashboard/org_13514547/customers/" + c.ID, Type: mediaHTML}
	// Mollie omits these links when the customer has none of them.
	for _, l := range []struct {
		dst  **link
		kind string
	}{{&w.Links.Payments, "payments"}, {&w.Links.Mandates, "mandates"}, {&w.Links.Subscriptions, "subscriptions"}} {
		if path := "/v2/customers/" + c.ID + "/" + l.kind; len(s.lists[path]) > 0 {
			*l.dst = &link{Href: s.URL + path, Type: mediaHAL}
		}
	}
	if withEvents && !c.NoEvents {
		events := append(make([]json.RawMessage, 0, len(c.Events)), c.Events...)
		w.Events = &events
	}
	return w
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// marshal is json.Marshal without escaping <, > and &, as Mollie sends
// "&limit=" in its links as it is.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func jsonResponse(status int, v any) response {
	body, err := marshal(v)
	if err != nil {
		// Only a test's malformed json.RawMessage gets here.
		return mollieError(http.StatusInternalServerError, "molliefake: cannot encode response: "+err.Error())
	}
	return response{status: status, contentType: mediaHAL, body: body}
}

// mollieError is Mollie's error object for status; an empty detail gets
// the usual one for that status.
func mollieError(status int, detail string) response {
	title, usual := errorText(status)
	e := wireError{Status: status, Title: title, Detail: cmp.Or(detail, usual)}
	e.Links.Documentation = link{Href: "https://docs.mollie.com/overview/handling-errors", Type: mediaHTML}
	if status == http.StatusUnauthorized {
		e.Links.Documentation.Href = "https://docs.mollie.com/overview/authentication"
	}
	body, _ := marshal(e)
	return response{status: status, contentType: mediaHAL, body: body}
}

func withField(res response, field string) response {
	var e wireError
	json.Unmarshal(res.body, &e)
	e.Field = field
	res.body, _ = marshal(e)
	return res
}

func errorText(status int) (title, detail string) {
	switch status {
	case http.StatusUnauthorized:
		return "Unauthorized Request", "Missing authentication, or failed to authenticate"
	case http.StatusForbidden:
		return "Forbidden", "The provided token does not have the permissions needed for this request"
	case http.StatusNotFound:
		return "Not Found", "The requested resource does not exist."
	case http.StatusUnprocessableEntity:
		return "Unprocessable Entity", "The request could not be processed."
	case http.StatusTooManyRequests:
		return "Too Many Requests", "You have exceeded the rate limit. Please slow down your requests."
	case http.StatusInternalServerError:
		return "Internal Server Error", "An internal server error occurred while processing your request."
	case http.StatusServiceUnavailable:
		return "Service Unavailable", "The service is temporarily unavailable. Please try again later."
	}
	title = http.StatusText(status)
	if title == "" {
		title = "Error"
	}
	return title, title + "."
}

func htmlPage(status int) string {
	line := strconv.Itoa(status) + " " + http.StatusText(status)
	return "<html>\r\n<head><title>" + line + "</title></head>\r\n<body>\r\n<center><h1>" + line +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}
