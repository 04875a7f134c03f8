// Package measure is what the benchmarks of several packages measure
// with: the heap a value keeps, and the CPU time the process has used.
package measure

import "runtime"

// Retained is the heap that what build returns keeps after a GC.
func Retained(build func() any) float64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}
