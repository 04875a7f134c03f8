package molliefake

import (
	"encoding/json"
	"net/http"
	"strings"
)

// AddWebhookEvent serves a webhook event, as Mollie POSTs it and
// GET /v2/events/{id} returns it, about the object at entityPath
// (/v2/payments/tr_…), which must have been added (AddObject): it is
// embedded whole unless simple is set, as in a "simple" payload. It
// returns the event.
func (s *Server) AddWebhookEvent(id, typ, entityPath, createdAt string, simple bool) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(entityPath, "/")
	ev := map[string]any{"resource": "event", "id": id, "type": typ, "entityId": parts[len(parts)-1], "createdAt": createdAt,
		"_embedded": nil,
		"_links": map[string]any{
			"self":          link{Href: s.URL + "/v2/events/" + id, Type: mediaHAL},
			"entity":        link{Href: s.URL + entityPath, Type: mediaHAL},
			"documentation": link{Href: "https://docs.mollie.com/reference/get-event", Type: mediaHTML},
		}}
	if !simple {
		ev["_embedded"] = map[string]json.RawMessage{"entity": s.resources[entityPath]}
	}
	body, _ := marshal(ev)
	s.resources["/v2/events/"+id] = body
	return body
}

// events answers GET /v2/events/{id}, which Mollie serves only to
// organization access tokens and OAuth: it refuses API keys with 401.
func (s *Server) events(rec *Request) (response, bool) {
	if !strings.HasPrefix(rec.Path, "/v2/events/") {
		return response{}, false
	}
	if !strings.HasPrefix(s.Key, "access_") {
		return mollieError(http.StatusUnauthorized, "This endpoint requires an organization access token or an OAuth access token."), true
	}
	s.mu.Lock()
	body, ok := s.resources[rec.Path]
	s.mu.Unlock()
	if !ok {
		return mollieError(http.StatusNotFound, "No event exists with token "+strings.TrimPrefix(rec.Path, "/v2/events/")+"."), true
	}
	return response{status: http.StatusOK, contentType: mediaHAL, body: body}, true
}
