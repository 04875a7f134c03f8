package model

import (
	"encoding/csv"
	"io"
	"iter"
	"strconv"
	"strings"
)

// printCSV writes events as RFC 4180 CSV under a header row: created,
// type, message, link, source, and status with --expand. Text is
// sanitized as in tsv. A field a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or a carriage return) gets a leading
// ' so that opening the export runs nothing (OWASP, "CSV injection").
func printCSV(w io.Writer, events iter.Seq[*Event], o PrintOptions) error {
	cw := csv.NewWriter(w)
	head := []string{"created", "type", "message", "link", "source"}
	if o.Resource != nil {
		head = append(head, "status")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := make([]string, len(head))
	for e := range events {
		row[0], row[1], row[2], row[3], row[4] = e.UTCTime(), strconv.Itoa(e.Type), e.Line, SanitizeLine(e.URL()), SanitizeLine(e.Source)
		if o.Resource != nil {
			_, status := o.Resource(e)
			row[5] = SanitizeLine(status)
		}
		for i := 2; i < len(row); i++ { // the texts; created and type are ours
			row[i] = defuseFormula(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuseFormula prefixes a field a spreadsheet would read as a formula with
// a quote, which makes it text.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
