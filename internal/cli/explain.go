package cli

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// The errors of the layers below describe the input and the API: a value
// of so many bytes over a limit, JSON that breaks at a line, a request not
// answered in time. What the user can change about them is a flag, which
// only the command knows: explain says which.

// skipHint follows an error of broken JSON read with --skip-invalid.
const skipHint = " (--skip-invalid cannot help: past broken JSON there is no telling where the next event starts)"

// explain is err, which ended a load or a fetch, in the user's words.
func (o *options) explain(err error) string {
	text := err.Error()
	var de *model.DecodeError
	if o.skipInvalid && errors.As(err, &de) && de.Broken {
		text = strings.Replace(text, de.Error(), de.Error()+skipHint, 1)
	}
	return nameFlags(err, text)
}

// explainSkipped is the reason an event was skipped, err, in the user's
// words, for the note that says so.
func explainSkipped(err error) string { return nameFlags(err, err.Error()) }

// nameFlags is text, err's, with the flag named that governs each part of
// err that a flag governs.
func nameFlags(err error, text string) string {
	reword := func(part error, with string) { text = strings.Replace(text, part.Error(), with, 1) }
	var big *model.TooBigError
	if errors.As(err, &big) {
		reword(big, tooBigText(big))
	}
	var timeout *source.TimeoutError
	if errors.As(err, &timeout) {
		reword(timeout, timeout.Error()+" (--timeout)")
	}
	if errors.Is(err, source.ErrNoStatuses) {
		text = strings.Replace(text, source.ErrNoStatuses.Error(), "status: needs --expand: the statuses are those of the resources events link to", 1)
	}
	var api *source.APIError
	if errors.As(err, &api) {
		switch api.Status {
		case http.StatusForbidden:
			reword(api, api.Error()+", or use --testmode with an access token")
		case http.StatusTooManyRequests:
			reword(api, api.Error()+"; try a lower --concurrency")
		}
	}
	return text
}

// tooBigText says a value over --max-event-size, and when it ended the
// read, what to do.
func tooBigText(e *model.TooBigError) string {
	s := fmt.Sprintf("a JSON value of %s, over the --max-event-size limit of %s", model.FormatSize(e.Size), model.FormatSize(e.Limit))
	if e.Size == 0 {
		s = fmt.Sprintf("a JSON value of more than %s, over the --max-event-size limit", model.FormatSize(e.Limit))
	}
	if !e.Skipped {
		s += "; raise it to read this input"
	}
	return s
}
