package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// faults are the mock's fault switches for one scenario, passed as contacts-mockapi flags so they are
// in force from its first request.
type faults struct {
	ErrorRate        float64
	DropResponseRate float64
	LatencyMS        int
}

func (f faults) String() string {
	var parts []string
	if f.ErrorRate > 0 {
		parts = append(parts, fmt.Sprintf("error_rate %g", f.ErrorRate))
	}
	if f.DropResponseRate > 0 {
		parts = append(parts, fmt.Sprintf("drop_response_rate %g", f.DropResponseRate))
	}
	if f.LatencyMS > 0 {
		parts = append(parts, fmt.Sprintf("latency_ms %d", f.LatencyMS))
	}
	if len(parts) == 0 {
		return "no faults"
	}
	return strings.Join(parts, ", ")
}

// flags are the contacts-mockapi flags of f, with Corporate Merch's documented limit enforced.
func (f faults) flags() []string {
	return []string{
		"--rate-limit", fmt.Sprintf("corporatemerch=%d", corporateMerchLimit),
		"--error-rate", strconv.FormatFloat(f.ErrorRate, 'g', -1, 64),
		"--drop-response-rate", strconv.FormatFloat(f.DropResponseRate, 'g', -1, 64),
		"--latency-ms", strconv.Itoa(f.LatencyMS),
	}
}

// corporateMerchLimit is Corporate Merch's documented limit (40 requests per minute per client), which
// every mock enforces so the provider's pacing is tested.
const corporateMerchLimit = 40

// statsDelta is what happened at the mock between two readings, for one vendor.
type statsDelta struct {
	Requests int            // requests to the vendor
	ByStatus map[string]int // answers by status (all vendors: one vendor per mock)
}

func deltaOf(before, after harness.Stats, vendor string) statsDelta {
	d := statsDelta{Requests: after.ByVendor[vendor] - before.ByVendor[vendor], ByStatus: map[string]int{}}
	for k, n := range after.ByStatus {
		if n -= before.ByStatus[k]; n != 0 {
			d.ByStatus[k] = n
		}
	}
	return d
}

// faultAnswers counts the answers that were injected faults, rate-limit refusals or conflicts:
// "500:3 503:2 dropped:4 429:1 409:2".
func (d statsDelta) faultAnswers() string {
	var parts []string
	for _, k := range []string{"500", "503", "dropped", "429", "409"} {
		if d.ByStatus[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s:%d", k, d.ByStatus[k]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}
