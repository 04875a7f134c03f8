//go:build !unix

package measure

import "time"

// CPUTime is not measured here: the ratios of CPU time are left out.
func CPUTime() time.Duration { return 0 }
