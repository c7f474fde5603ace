package main

import (
	"strings"
	"testing"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// converged is a run of 10 contacts that met every target of issue 8.
func converged(vendorName string) runResult {
	const n = 10
	v, _ := vendorByName(vendorName)
	ok := comparison{Configured: n, Stored: n, InState: n}
	after := comparison{Configured: n}
	if !v.deletes {
		after.Stored = n
	}
	return runResult{Scenario: "errors", Vendor: vendorName, N: n, AppliesNeeded: 1, AfterCreate: ok, Updated: n,
		AfterUpdate: ok, AfterDestroy: after,
		Phases: []phase{{Name: "create", Wall: 2 * time.Second, Requests: 2 * n}, {Name: "plan", Wall: time.Second, Requests: n}}}
}

func TestRunMisses(t *testing.T) {
	tests := []struct {
		name   string
		vendor string
		change func(r *runResult)
		want   string // a part of the one miss expected; "" for none
	}{
		{"every target met", "maildiver", func(*runResult) {}, ""},
		{"Bland keeps its contacts after destroy by design", "bland", func(*runResult) {}, ""},
		{"second apply needed", "maildiver", func(r *runResult) { r.AppliesNeeded = 2 }, "first apply failed (2 applies needed)"},
		{"never converged", "revyops", func(r *runResult) { r.AppliesNeeded = 0 }, "no apply succeeded"},
		{"orphan after create", "maildiver", func(r *runResult) {
			r.AfterCreate.Stored++
			r.AfterCreate.Orphans = []string{"x"}
		}, "after create: stored 11/10"},
		{"duplicate after create", "corporatemerch", func(r *runResult) { r.AfterCreate.Duplicates = 1 }, "duplicates 1"},
		{"second plan not empty", "maildiver", func(r *runResult) { r.PlanExit = 2 }, "second plan not empty (exit 2)"},
		{"second plan failed", "maildiver", func(r *runResult) { r.PlanExit = 1 }, "second plan failed (exit 1)"},
		{"update failed", "bland", func(r *runResult) { r.UpdateExit = 1 }, "update apply failed"},
		{"update not at the vendor", "bland", func(r *runResult) { r.Updated = 9 }, "updated name for 9/10"},
		{"plan after update", "revyops", func(r *runResult) { r.PlanAfterUpdate = 2 }, "plan after update not empty"},
		{"destroy failed", "maildiver", func(r *runResult) { r.DestroyExit = 1 }, "destroy failed"},
		{"destroy left contacts", "revyops", func(r *runResult) { r.AfterDestroy.Stored = 2 }, "2 contacts still at the vendor"},
		{"destroy left state", "bland", func(r *runResult) { r.AfterDestroy.InState = 1 }, "1 contacts still in state"},
		{"Bland duplicated before destroy", "bland", func(r *runResult) {
			r.AfterDestroy.Stored = 11
			r.AfterDestroy.Duplicates = 1
		}, "vendor keeps 11 for 10 configured, 1 duplicates"},
		{"not run", "maildiver", func(r *runResult) { r.Err = "the mock did not start" }, "not completed: the mock did not start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := converged(tt.vendor)
			tt.change(&r)
			v, _ := vendorByName(tt.vendor)
			m := r.misses(v)
			if tt.want == "" {
				if len(m) != 0 {
					t.Fatalf("misses %q, want none", m)
				}
				return
			}
			if len(m) != 1 || !strings.Contains(m[0], tt.want) {
				t.Fatalf("misses %q, want one containing %q", m, tt.want)
			}
		})
	}
}

func TestCtrlCMisses(t *testing.T) {
	ok := comparison{Configured: 50, Stored: 50, InState: 50}
	good := ctrlCResult{Vendor: "maildiver", N: 50, SignalAt: 2 * time.Second, CreatedAtSig: 20,
		AtInterrupt: comparison{Configured: 50, Stored: 26, InState: 20, Orphans: []string{"1", "2", "3", "4", "5", "6"}},
		AfterApply:  ok}
	if m := good.misses(); len(m) != 0 {
		t.Fatalf("orphans right after the interrupt are allowed if the next apply converges; got misses %q", m)
	}
	tests := []struct {
		change func(r *ctrlCResult)
		want   string
	}{
		{func(r *ctrlCResult) { r.SignalAt = 0 }, "ended before SIGINT"},
		{func(r *ctrlCResult) { r.Killed = true }, "was killed"},
		{func(r *ctrlCResult) { r.RecoveryExit = 1 }, "apply after the interrupt failed"},
		{func(r *ctrlCResult) { r.AfterApply.Orphans = []string{"9"}; r.AfterApply.Stored++ }, "orphans 1"},
		{func(r *ctrlCResult) { r.AfterApply.Duplicates = 1 }, "duplicates 1"},
		{func(r *ctrlCResult) { r.PlanExit = 2 }, "plan after it not empty"},
	}
	for _, tt := range tests {
		r := good
		tt.change(&r)
		if m := r.misses(); len(m) != 1 || !strings.Contains(m[0], tt.want) {
			t.Errorf("misses %q, want one containing %q", m, tt.want)
		}
	}
}

func TestSummaryRatiosAndExitCount(t *testing.T) {
	base := converged("maildiver")
	base.Scenario = "baseline"
	faulty := converged("maildiver")
	faulty.Phases = []phase{{Wall: 9 * time.Second, Requests: 45}, {Wall: 3 * time.Second, Requests: 15}}
	failed := converged("bland")
	failed.AppliesNeeded = 3
	var out strings.Builder
	report := harness.NewReport(&out)
	missed := printSummary(report, []runResult{base, faulty, failed}, []ctrlCResult{{Vendor: "maildiver", Trial: 1, N: 50}})
	if err := report.Err(); err != nil {
		t.Fatal(err)
	}
	if missed != 2 {
		t.Errorf("printSummary counted %d missed runs, want 2 (bland, and the Ctrl-C trial that never signalled)\n%s", missed, out.String())
	}
	// Baseline: 30 requests for 10 contacts in 3s; faulty: 60 in 12s.
	if !strings.Contains(out.String(), " 4.5/1.5 ") {
		t.Errorf("no requests per contact by phase in:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "req x2.0, wall x4.0") {
		t.Errorf("no ratio to the baseline in:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "errors/bland: first apply failed (3 applies needed)") {
		t.Errorf("the missed target is not listed:\n%s", out.String())
	}
}
