package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []int64
		want int64
	}{{nil, 0}, {[]int64{5}, 5}, {[]int64{9, 1, 5}, 5}, {[]int64{4, 1, 3, 2}, 2}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

// op is a successful command of the given wall time in seconds and requests by method.
func op(wall float64, byMethod map[string]int, providerMiB int64) opResult {
	total := 0
	for _, n := range byMethod {
		total += n
	}
	return opResult{Wall: time.Duration(wall * float64(time.Second)), Requests: total, ByMethod: byMethod,
		RSS: rssPeaks{ProviderKiB: providerMiB * 1024, EngineKiB: 80 * 1024, Providers: 2}}
}

// size1000 is a size of 1000 whose provider reps take the given plan requests, with terraform_data
// taking 10 s to apply and 4 s to plan, and the framework floor 10.2 s and 6 s.
func size1000(planGETs int, planWalls ...float64) sizeResult {
	s := sizeResult{N: 1000, Runs: map[string]map[string][]opResult{kindProvider: {}, kindFramework: {}, kindFloor: {}}}
	for _, w := range planWalls {
		s.Runs[kindProvider]["apply"] = append(s.Runs[kindProvider]["apply"], op(10.5, map[string]int{"POST": 1000}, 150))
		s.Runs[kindProvider]["plan"] = append(s.Runs[kindProvider]["plan"], op(w, map[string]int{"GET": planGETs}, 140))
		s.Runs[kindProvider]["destroy"] = append(s.Runs[kindProvider]["destroy"], op(30, map[string]int{"GET": 20, "DELETE": 1000}, 140))
		s.Runs[kindFramework]["apply"] = append(s.Runs[kindFramework]["apply"], op(10.2, nil, 30))
		s.Runs[kindFramework]["plan"] = append(s.Runs[kindFramework]["plan"], op(6, nil, 30))
		s.Runs[kindFramework]["destroy"] = append(s.Runs[kindFramework]["destroy"], op(26, nil, 30))
		s.Runs[kindFloor]["apply"] = append(s.Runs[kindFloor]["apply"], op(10, nil, 0))
		s.Runs[kindFloor]["plan"] = append(s.Runs[kindFloor]["plan"], op(4, nil, 0))
		s.Runs[kindFloor]["destroy"] = append(s.Runs[kindFloor]["destroy"], op(25, nil, 0))
	}
	return s
}

func targetResults(r *results) map[string]string {
	r.Targets = evaluateTargets(r)
	out := map[string]string{}
	for _, x := range r.Targets {
		out[x.Name] = x.Result + " " + x.Measured
	}
	return out
}

func TestTargets(t *testing.T) {
	r := &results{Reps: 3, Sizes: []sizeResult{size1000(1000, 10, 9, 11)}}
	got := targetResults(r)
	for name, want := range map[string]string{
		"no-op plan of 1000 MailDiver contacts: ≤ 25 requests":                  "MISS 1000 (GET 1000)",
		"no-op plan of 1000: wall ≤ 1.5× terraform_data":                        "MISS 2.50× (10s vs 4s); framework floor 1.50×",
		"apply of 1000: wall ≤ 1.1× terraform_data":                             "PASS 1.05× (10.5s vs 10s)",
		"destroy of 1000: ≤ 1000 DELETEs + 25 other requests":                   "PASS 1000 DELETEs + 20 others",
		"provider peak RSS, plan of 1000: ≤ 64 MiB":                             "MISS 140 MiB",
		"provider peak RSS, apply of 3000: ≤ 96 MiB":                            "not run -",
		"no-op plan of 500 Corporate Merch contacts at 40/min: ≤ 30 s":          "not run -",
		"auto, no-op plan of 5 managed in an audience of 10,000: ≤ 15 requests": "not run -",
	} {
		if got[name] != want {
			t.Errorf("%s: got %q, want %q", name, got[name], want)
		}
	}
	if r.misses() != 3 || r.notRun() != 4 || r.failures() != 0 {
		t.Errorf("misses %d, not run %d, failures %d", r.misses(), r.notRun(), r.failures())
	}

	// Collection reads: 20 requests in 5 s pass; a failed repetition makes the target a miss.
	r = &results{Reps: 3, Sizes: []sizeResult{size1000(20, 5, 5, 5)}}
	if got := targetResults(r)["no-op plan of 1000 MailDiver contacts: ≤ 25 requests"]; got != "PASS 20 (GET 20)" {
		t.Errorf("20 requests: %q", got)
	}
	r.Sizes[0].Runs[kindProvider]["plan"][1].Err = "the plan is not empty (exit 2)"
	if got := targetResults(r)["no-op plan of 1000 MailDiver contacts: ≤ 25 requests"]; got != "MISS failed (1 of 3 repetitions)" {
		t.Errorf("a failed repetition: %q", got)
	}
	if r.failures() != 1 {
		t.Errorf("failures %d, want 1", r.failures())
	}
}

func TestCorporateMerchAndAutoTargets(t *testing.T) {
	r := &results{Reps: 1,
		CorporateMerch: &cmResult{N: 500, Limit: 40, Seed: op(20, map[string]int{"POST": 500}, 60),
			Plan: opResult{Wall: 750 * time.Second, Requests: 502, Status429: 2, ByMethod: map[string]int{"GET": 502}}},
		Auto: &autoResult{Audience: 10000, Managed: 5, Apply: op(1, map[string]int{"POST": 5}, 30),
			Plan: op(1, map[string]int{"GET": 5}, 30), Destroy: op(1, map[string]int{"GET": 5, "DELETE": 5}, 30)},
	}
	got := targetResults(r)
	for name, want := range map[string]string{
		"no-op plan of 500 Corporate Merch contacts at 40/min: ≤ 30 s":          "MISS 12m30s",
		"no-op plan of 500 Corporate Merch contacts: 0 answers of 429":          "MISS 2",
		"auto, no-op plan of 5 managed in an audience of 10,000: ≤ 15 requests": "PASS 5 (GET 5)",
	} {
		if got[name] != want {
			t.Errorf("%s: got %q, want %q", name, got[name], want)
		}
	}
	// Another size than the is reported, not judged.
	r.CorporateMerch.N = 50
	if got := targetResults(r)["no-op plan of 500 Corporate Merch contacts: 0 answers of 429"]; got != "not run -" {
		t.Errorf("50 contacts judged against the target of 500: %q", got)
	}
}

func TestReportTables(t *testing.T) {
	r := &results{Reps: 3, Sizes: []sizeResult{size1000(1000, 10, 9, 11)}}
	r.Targets = evaluateTargets(r)
	md := markdown(r)
	for _, want := range []string{
		"| no-op plan | 10s | 6s | 4s | 2.50× | 1.50× | 1000 (GET 1000) | 140 MiB | 80 MiB / 80 MiB |",
		"| destroy | 30s | 26s | 25s | 1.20× | 1.04× | 1020 (GET 20, DELETE 1000) | 140 MiB |",
		"| no-op plan of 1000: wall ≤ 1.5× terraform_data | 2.50× (10s vs 4s); framework floor 1.50× | MISS |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	report := harness.NewReport(io.Discard)
	writeText(report, r)
	if err := report.Err(); err != nil {
		t.Fatal(err)
	}
}
