// Package gcpolicy sets the garbage collector of the provider process for the work Terraform gives it.
//
// A plan or apply sends the provider a few small RPCs per resource. Each allocates a few hundred
// kilobytes in terraform-plugin-go and terraform-plugin-framework (value conversions, per-call logger
// contexts) and keeps almost nothing: the live heap of a plan of 1000 contacts stays at 6 to 8 MiB
// (GODEBUG=gctrace=1). With Go's default GOGC=100 the collector then runs about 80 times in that plan,
// and collection (marking, write barriers and allocation assists) takes a fifth to a quarter of the
// provider's CPU, on the two cores the provider shares with Terraform. A higher GC percent with a soft
// memory limit spends a little more memory, bounded by the limit, for far fewer collections.
//
// A user who sets GOGC or GOMEMLIMIT (Terraform passes its environment to providers) keeps exactly
// what they set: the runtime reads those variables itself, and this package then changes nothing.
package gcpolicy

import (
	"runtime/debug"
	"strings"
)

const (
	// Percent is the GC percent (as GOGC) the provider runs with when the environment sets neither
	// GOGC nor GOMEMLIMIT: the heap may grow to (1 + Percent/100) times the live heap between
	// collections.
	Percent = 200

	// MemoryLimit is the soft memory limit, in bytes (as GOMEMLIMIT), the provider runs with when the
	// environment sets neither GOGC nor GOMEMLIMIT. It bounds what Percent may cost: as the Go
	// runtime's memory nears it, the collector runs sooner than Percent alone would make it (and never
	// takes more than about half the CPU for that). Measured live heaps stay far below it.
	MemoryLimit int64 = 40 << 20
)

// userVariables are the variables by which a user sets the collector; either one leaves both alone.
var userVariables = []string{"GOGC", "GOMEMLIMIT"}

// Settings returns the GC percent and memory limit (bytes) the provider should run with, given the
// process environment in os.Environ's NAME=value form. ok is false when the environment sets GOGC or
// GOMEMLIMIT to any non-empty value: the runtime already follows it and nothing should change.
func Settings(environ []string) (percent int, limit int64, ok bool) {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		for _, v := range userVariables {
			if name == v && strings.TrimSpace(value) != "" {
				return 0, 0, false
			}
		}
	}
	return Percent, MemoryLimit, true
}

// Apply sets the collector from Settings(environ) and reports whether it changed anything. Call it
// once, when the process starts and before it serves.
func Apply(environ []string) bool {
	percent, limit, ok := Settings(environ)
	if !ok {
		return false
	}
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
	return true
}
