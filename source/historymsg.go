package source

import (
	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/eventmsg"
)

// detail is the details every event of r says after its verb (see
// eventmsg.Describe), with a warning when its amount cannot be shown.
func (h *History) detail(kind string, r *wireResource) eventmsg.Details {
	d, badAmount := eventmsg.Describe(kind, &r.Parts)
	if badAmount {
		h.warn(kind, "%s %s has an amount that is not a decimal string (%q): messages leave it out",
			kind, safeID(r.ID), cells.ClipWidth(cells.SanitizeLine(r.Amount.Value), 40))
	}
	return d
}
