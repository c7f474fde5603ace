package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// printSummary prints one line per vendor and scenario, one per Ctrl-C trial, then every missed
// target. It returns how many runs missed a target.
func printSummary(p *harness.Report, runs []runResult, trials []ctrlCResult) int {
	missed := 0
	var details []string
	baseline := map[string]runResult{}
	for _, r := range runs {
		if r.Scenario == "baseline" && r.Err == "" {
			baseline[r.Vendor] = r
		}
	}
	if len(runs) > 0 {
		p.Println("\nSummary (targets of issue 8: first apply succeeds; stored = configured; 0 duplicates, 0 orphans; second plan empty; update and destroy succeed in one apply each)")
		rows := []string{"scenario\tvendor\tapplies\tstored\tdup\torphans\tnot at vendor\tsecond plan\tupdate\tdestroy\treq/contact\tby phase\twall\tvs no faults\tresult"}
		for _, r := range runs {
			v, _ := vendorByName(r.Vendor)
			m := r.misses(v)
			result := "ok"
			if len(m) > 0 {
				result = "MISSED"
				missed++
				details = append(details, fmt.Sprintf("%s/%s: %s", r.Scenario, r.Vendor, strings.Join(m, "; ")))
			}
			if r.Err != "" {
				rows = append(rows, fmt.Sprintf("%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s", r.Scenario, r.Vendor, result))
				continue
			}
			rows = append(rows, fmt.Sprintf("%s\t%s\t%s\t%d/%d\t%d\t%d\t%d\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s",
				r.Scenario, r.Vendor, appliesNeeded(r.AppliesNeeded), r.AfterCreate.Stored, r.N,
				r.AfterCreate.Duplicates, len(r.AfterCreate.Orphans), len(r.AfterCreate.Ghosts),
				planOutcome(r.PlanExit), updateOutcome(r), destroyOutcome(r, v),
				r.requestsPerContact(), perPhase(r.Phases, r.N), r.wall().Round(100*time.Millisecond), ratios(r, baseline), result))
		}
		p.Table(rows)
	}
	if len(trials) > 0 {
		p.Println("\nCtrl-C (target: after one more apply, 0 orphans, 0 duplicates, no error, then an empty plan)")
		rows := []string{"vendor\ttrial\tSIGINT at\tat vendor then\tstopped after\torphans after ^C\tnext apply\tstored\tdup\torphans\tplan\treq/contact\twall\tresult"}
		for _, t := range trials {
			m := t.misses()
			result := "ok"
			if len(m) > 0 {
				result = "MISSED"
				missed++
				details = append(details, fmt.Sprintf("ctrl-c/%s trial %d: %s", t.Vendor, t.Trial, strings.Join(m, "; ")))
			}
			if t.Err != "" {
				rows = append(rows, fmt.Sprintf("%s\t%d\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s", t.Vendor, t.Trial, result))
				continue
			}
			sig, stopped := "never", "-"
			if t.SignalAt > 0 {
				sig = t.SignalAt.Round(10 * time.Millisecond).String()
				stopped = t.ExitAfterSig.Round(100 * time.Millisecond).String()
				if t.Killed {
					stopped += " (killed)"
				}
			}
			next := "ok"
			if t.RecoveryExit != 0 {
				next = fmt.Sprintf("exit %d", t.RecoveryExit)
			}
			var requests int
			var wall time.Duration
			for _, p := range t.Phases {
				requests += p.Requests
				wall += p.Wall
			}
			rows = append(rows, fmt.Sprintf("%s\t%d\t%s\t%d/%d\t%s\t%s\t%s\t%d/%d\t%d\t%d\t%s\t%.1f\t%s\t%s",
				t.Vendor, t.Trial, sig, t.CreatedAtSig, t.N, stopped, orphansAndUnsettled(t.AtInterrupt), next,
				t.AfterApply.Stored, t.N, t.AfterApply.Duplicates, len(t.AfterApply.Orphans), planOutcome(t.PlanExit),
				float64(requests)/float64(max(t.N, 1)), wall.Round(100*time.Millisecond), result))
		}
		p.Table(rows)
	}
	if len(details) > 0 {
		p.Println("\nTargets missed:")
		for _, d := range details {
			p.Println("  " + d)
		}
	}
	return missed
}

// perPhase is the requests per contact of each phase, in order: "1.0/1.0/3.0/1.0/2.0" for create
// (every apply needed), second plan, update, plan after update and destroy.
func perPhase(phases []phase, n int) string {
	parts := make([]string, len(phases))
	for i, p := range phases {
		parts[i] = fmt.Sprintf("%.1f", float64(p.Requests)/float64(max(n, 1)))
	}
	return strings.Join(parts, "/")
}

// orphansAndUnsettled is "6", or "2 (+4 in state without id)" when the provider recorded creates
// whose outcome it has still to look up.
func orphansAndUnsettled(c comparison) string {
	if len(c.Unsettled) == 0 {
		return fmt.Sprint(len(c.Orphans))
	}
	return fmt.Sprintf("%d (+%d in state without id)", len(c.Orphans), len(c.Unsettled))
}

func appliesNeeded(n int) string {
	if n == 0 {
		return fmt.Sprintf("none of %d", maxApplies)
	}
	return fmt.Sprint(n)
}

func updateOutcome(r runResult) string {
	if r.UpdateExit == 0 && r.Updated == r.N && r.PlanAfterUpdate == 0 && r.AfterUpdate.consistent() {
		return "ok"
	}
	parts := []string{}
	if r.UpdateExit != 0 {
		parts = append(parts, fmt.Sprintf("exit %d", r.UpdateExit))
	}
	if r.Updated != r.N {
		parts = append(parts, fmt.Sprintf("%d/%d new", r.Updated, r.N))
	}
	if r.PlanAfterUpdate != 0 {
		parts = append(parts, "plan "+planOutcome(r.PlanAfterUpdate))
	}
	if len(parts) == 0 {
		parts = append(parts, "store/state differ")
	}
	return strings.Join(parts, ", ")
}

func destroyOutcome(r runResult, v vendor) string {
	left := r.AfterDestroy.Stored
	if !v.deletes {
		left = 0 // Bland keeps contacts by design; misses() checks that exactly the configured ones remain
	}
	switch {
	case r.DestroyExit == 0 && left == 0 && r.AfterDestroy.InState == 0:
		return "ok"
	case r.DestroyExit != 0:
		return fmt.Sprintf("exit %d, %d left", r.DestroyExit, left)
	default:
		return fmt.Sprintf("%d left, %d in state", left, r.AfterDestroy.InState)
	}
}

// ratios compares requests per contact and wall time with the same vendor's no-fault run.
func ratios(r runResult, baseline map[string]runResult) string {
	b, ok := baseline[r.Vendor]
	if !ok || r.Scenario == "baseline" || b.requestsPerContact() == 0 || b.wall() == 0 {
		return "-"
	}
	return fmt.Sprintf("req x%.1f, wall x%.1f", r.requestsPerContact()/b.requestsPerContact(),
		float64(r.wall())/float64(b.wall()))
}
