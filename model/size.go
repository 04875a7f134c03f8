package model

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxEventSize is the largest single JSON value read unless
// DecodeOptions.MaxEventSize says otherwise.
const DefaultMaxEventSize = 64 << 20

// TooBigError is a JSON value over DecodeOptions.MaxEventSize: Size
// bytes, or when it does not end within the limit, 0 (more than Limit).
// Skipped says SkipInvalid left it out; else it ended the read.
type TooBigError struct {
	Size, Limit int64
	Skipped     bool
}

func (e *TooBigError) Error() string {
	if e.Size == 0 {
		return fmt.Sprintf("a JSON value of more than %s, over the size limit", FormatSize(e.Limit))
	}
	return fmt.Sprintf("a JSON value of %s, over the size limit of %s", FormatSize(e.Size), FormatSize(e.Limit))
}

// ParseSize reads a size as --max-event-size takes it: a whole number of
// bytes with an optional unit, KB, MB or GB (powers of 1024), e.g. 64MB.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q: want a positive size like 64MB (units KB, MB, GB)", s)
	}
	return n * mult, nil
}

// FormatSize writes n bytes for people: "64 MB", "1.5 GB", "812 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return trimZero(float64(n)/(1<<30)) + " GB"
	case n >= 1<<20:
		return trimZero(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return trimZero(float64(n)/(1<<10)) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

func trimZero(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}
