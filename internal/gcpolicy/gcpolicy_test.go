package gcpolicy

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		environ []string
		want    bool
	}{
		{"nothing set", nil, true},
		{"unrelated variables", []string{"PATH=/usr/bin", "TF_LOG=trace", "GOGCX=1", "XGOGC=5"}, true},
		{"empty GOGC counts as unset", []string{"GOGC="}, true},
		{"blank GOMEMLIMIT counts as unset", []string{"GOMEMLIMIT= "}, true},
		{"GOGC set", []string{"GOGC=50"}, false},
		{"GOGC off", []string{"GOGC=off"}, false},
		{"GOMEMLIMIT set", []string{"HOME=/root", "GOMEMLIMIT=1GiB"}, false},
		{"both set", []string{"GOGC=200", "GOMEMLIMIT=100MiB"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			percent, limit, ok := Settings(tc.environ)
			if ok != tc.want {
				t.Fatalf("Settings(%q) ok = %v, want %v", tc.environ, ok, tc.want)
			}
			if ok && (percent != Percent || limit != MemoryLimit) {
				t.Fatalf("Settings(%q) = %d, %d; want %d, %d", tc.environ, percent, limit, Percent, MemoryLimit)
			}
			if !ok && (percent != 0 || limit != 0) {
				t.Fatalf("Settings(%q) = %d, %d with ok false; want zeros", tc.environ, percent, limit)
			}
		})
	}
}

// TestApply checks what the runtime runs with after Apply, and that a user's setting is left alone.
func TestApply(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	})

	if Apply([]string{"GOGC=100"}) {
		t.Fatal("Apply changed the collector although GOGC is set")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent after Apply with GOGC set = %d, want 100 (unchanged)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("memory limit after Apply with GOGC set = %d, want no limit (unchanged)", got)
	}

	if !Apply(nil) {
		t.Fatal("Apply changed nothing with neither GOGC nor GOMEMLIMIT set")
	}
	if got := debug.SetGCPercent(Percent); got != Percent {
		t.Fatalf("GC percent after Apply = %d, want %d", got, Percent)
	}
	if got := debug.SetMemoryLimit(-1); got != MemoryLimit {
		t.Fatalf("memory limit after Apply = %d, want %d", got, MemoryLimit)
	}
}
