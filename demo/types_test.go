package demo

import (
	"maps"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// TestTypeNames: the names are those of the generator that made the sample.
func TestTypeNames(t *testing.T) {
	if want := eventgen.TypeNames(); !maps.Equal(TypeNames, want) {
		t.Errorf("TypeNames = %v, want the generator's %v", TypeNames, want)
	}
}
