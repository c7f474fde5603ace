package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// results is everything a run measured.
type results struct {
	Started        time.Time
	Wall           time.Duration
	Engine         string
	Provider       string
	Reps           int
	Load           [2]string // /proc/loadavg at the start and the end: other work on the machine skews wall times
	Sizes          []sizeResult
	CorporateMerch *cmResult
	Auto           *autoResult
	Targets        []target
}

// Target results.
const (
	pass   = "PASS"
	miss   = "MISS"
	notRun = "not run"
)

// target is one target of issue 10 and what the run measured for it.
type target struct {
	Name     string
	Measured string
	Result   string // pass, miss or notRun
}

// summary is one operation of one configuration over its repetitions: medians of those that succeeded.
type summary struct {
	OK, Reps    int
	Wall        time.Duration
	Requests    int
	ByMethod    map[string]int
	ByRoute     map[string]int
	Status429   int
	ProviderKiB int64
	EngineKiB   int64
	Errors      []string
}

func summarize(rs []opResult) summary {
	s := summary{Reps: len(rs), ByMethod: map[string]int{}, ByRoute: map[string]int{}}
	var walls, reqs, r429, prov, eng []int64
	methods, routes := map[string][]int64{}, map[string][]int64{}
	for _, r := range rs {
		if !r.ok() {
			s.Errors = append(s.Errors, r.Err)
			continue
		}
		s.OK++
		walls = append(walls, int64(r.Wall))
		reqs = append(reqs, int64(r.Requests))
		r429 = append(r429, int64(r.Status429))
		prov = append(prov, r.RSS.ProviderKiB)
		eng = append(eng, r.RSS.EngineKiB)
		for m := range r.ByMethod {
			methods[m] = nil
		}
		for m := range r.ByRoute {
			routes[m] = nil
		}
	}
	for _, r := range rs {
		if !r.ok() {
			continue
		}
		for m := range methods {
			methods[m] = append(methods[m], int64(r.ByMethod[m]))
		}
		for m := range routes {
			routes[m] = append(routes[m], int64(r.ByRoute[m]))
		}
	}
	s.Wall, s.Requests, s.Status429 = time.Duration(median(walls)), int(median(reqs)), int(median(r429))
	s.ProviderKiB, s.EngineKiB = median(prov), median(eng)
	for m, v := range methods {
		s.ByMethod[m] = int(median(v))
	}
	for m, v := range routes {
		s.ByRoute[m] = int(median(v))
	}
	return s
}

// median of the values (the mean of the middle two for an even count); 0 for none.
func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (s sizeResult) summary(kind, op string) summary { return summarize(s.Runs[kind][op]) }

// ratio is provider / terraform_data wall time ("" when either is missing).
func ratio(p, f summary) (float64, bool) {
	if p.OK == 0 || f.OK == 0 || f.Wall <= 0 {
		return 0, false
	}
	return float64(p.Wall) / float64(f.Wall), true
}

// evaluateTargets compares the run with the targets of issue 10. A target whose scenario or size was
// not run is notRun; one whose commands failed is missed.
func evaluateTargets(r *results) []target {
	var ts []target
	add := func(name string, ran bool, ok bool, measured string) {
		t := target{Name: name, Measured: measured, Result: notRun}
		if ran {
			t.Result = map[bool]string{true: pass, false: miss}[ok]
		} else {
			t.Measured = "-"
		}
		ts = append(ts, t)
	}
	size := func(n int) (sizeResult, bool) {
		for _, s := range r.Sizes {
			if s.N == n {
				return s, true
			}
		}
		return sizeResult{}, false
	}
	failed := func(s summary) string { return fmt.Sprintf("failed (%d of %d repetitions)", s.Reps-s.OK, s.Reps) }

	s1000, ran1000 := size(1000)
	plan, planFloor := s1000.summary(kindProvider, "plan"), s1000.summary(kindFloor, "plan")
	planFramework := s1000.summary(kindFramework, "plan")
	apply, applyFloor := s1000.summary(kindProvider, "apply"), s1000.summary(kindFloor, "apply")
	destroy := s1000.summary(kindProvider, "destroy")
	complete := func(ss ...summary) bool {
		for _, s := range ss {
			if s.Reps == 0 || s.OK < s.Reps {
				return false
			}
		}
		return true
	}
	ratioTarget := func(name string, p, f summary, bound float64) {
		x, ok := ratio(p, f)
		switch {
		case !ran1000:
			add(name, false, false, "")
		case !complete(p, f) || !ok:
			add(name, true, false, failed(p)+" / "+failed(f))
		default:
			add(name, true, x <= bound, fmt.Sprintf("%.2f× (%s vs %s)", x, p.Wall.Round(100*time.Millisecond), f.Wall.Round(100*time.Millisecond)))
		}
	}
	countTarget := func(name string, ran bool, s summary, ok func(summary) bool, measured func(summary) string) {
		switch {
		case !ran:
			add(name, false, false, "")
		case !complete(s):
			add(name, true, false, failed(s))
		default:
			add(name, true, ok(s), measured(s))
		}
	}
	countTarget("no-op plan of 1000 MailDiver contacts: ≤ 25 requests", ran1000, plan,
		func(s summary) bool { return s.Requests <= 25 }, func(s summary) string { return requestCounts(s.Requests, s.ByMethod) })
	ratioTarget("no-op plan of 1000: wall ≤ 1.5× terraform_data", plan, planFloor, 1.5)
	if x, ok := ratio(planFramework, planFloor); ok && len(ts) > 0 && ts[len(ts)-1].Result != notRun {
		// Not a target: what a framework provider that does nothing costs, the floor of the one above.
		ts[len(ts)-1].Measured += fmt.Sprintf("; framework floor %.2f×", x)
	}

	cm := r.CorporateMerch
	cmRan := cm != nil && cm.N == 500
	cmPlan := summary{}
	if cmRan {
		cmPlan = summarize([]opResult{cm.Plan})
		if cm.Err != "" || !cm.Seed.ok() {
			cmPlan = summary{Reps: 1}
		}
	}
	countTarget("no-op plan of 500 Corporate Merch contacts at 40/min: ≤ 30 s", cmRan, cmPlan,
		func(s summary) bool { return s.Wall <= 30*time.Second }, func(s summary) string { return s.Wall.Round(100 * time.Millisecond).String() })
	countTarget("no-op plan of 500 Corporate Merch contacts: 0 answers of 429", cmRan, cmPlan,
		func(s summary) bool { return s.Status429 == 0 }, func(s summary) string { return fmt.Sprintf("%d", s.Status429) })

	a := r.Auto
	autoRan := a != nil && a.Managed == 5 && a.Audience == 10000
	autoPlan := summary{}
	if autoRan {
		autoPlan = summarize([]opResult{a.Plan})
		if a.Err != "" || !a.Apply.ok() {
			autoPlan = summary{Reps: 1}
		}
	}
	countTarget("auto, no-op plan of 5 managed in an audience of 10,000: ≤ 15 requests", autoRan, autoPlan,
		func(s summary) bool { return s.Requests <= 15 }, func(s summary) string { return requestCounts(s.Requests, s.ByMethod) })

	ratioTarget("apply of 1000: wall ≤ 1.1× terraform_data", apply, applyFloor, 1.1)
	countTarget("destroy of 1000: ≤ 1000 DELETEs + 25 other requests", ran1000, destroy,
		func(s summary) bool { return s.ByMethod["DELETE"] <= 1000 && s.Requests-s.ByMethod["DELETE"] <= 25 },
		func(s summary) string {
			return fmt.Sprintf("%d DELETEs + %d others", s.ByMethod["DELETE"], s.Requests-s.ByMethod["DELETE"])
		})
	countTarget("provider peak RSS, plan of 1000: ≤ 64 MiB", ran1000, plan,
		func(s summary) bool { return s.ProviderKiB > 0 && s.ProviderKiB <= 64*1024 }, func(s summary) string { return mib(s.ProviderKiB) })
	s3000, ran3000 := size(3000)
	countTarget("provider peak RSS, apply of 3000: ≤ 96 MiB", ran3000, s3000.summary(kindProvider, "apply"),
		func(s summary) bool { return s.ProviderKiB > 0 && s.ProviderKiB <= 96*1024 }, func(s summary) string { return mib(s.ProviderKiB) })
	return ts
}

func (r *results) misses() int { return r.count(miss) }
func (r *results) notRun() int { return r.count(notRun) }

func (r *results) count(result string) int {
	n := 0
	for _, t := range r.Targets {
		if t.Result == result {
			n++
		}
	}
	return n
}

// failures counts the commands that failed.
func (r *results) failures() int {
	n := 0
	for _, s := range r.Sizes {
		for _, ops := range s.Runs {
			for _, rs := range ops {
				for _, x := range rs {
					if !x.ok() {
						n++
					}
				}
			}
		}
	}
	if cm := r.CorporateMerch; cm != nil {
		if cm.Err != "" {
			n++
		}
		for _, x := range []opResult{cm.Seed, cm.Plan} {
			if x.Err != "" {
				n++
			}
		}
	}
	if a := r.Auto; a != nil {
		if a.Err != "" {
			n++
		}
		for _, x := range []opResult{a.Apply, a.Plan, a.Destroy} {
			if x.Err != "" {
				n++
			}
		}
	}
	return n
}

// table is a report table, printed aligned as text or as Markdown.
type table struct {
	title  string
	header []string
	rows   [][]string
	notes  []string
}

func (r *results) tables() []table {
	var ts []table
	for _, s := range r.Sizes {
		t := table{
			title: fmt.Sprintf("MailDiver, %d contacts in one audience (medians of %d repetitions; provider, framework floor and terraform_data interleaved)", s.N, r.Reps),
			header: []string{"operation", "provider", "framework floor", "terraform_data", "ratio", "framework floor ratio",
				"provider requests (MailDiver, by method)", "provider peak RSS", "terraform peak RSS (provider / terraform_data)"},
		}
		ratioText := func(a, b summary) string {
			if x, ok := ratio(a, b); ok {
				return fmt.Sprintf("%.2f×", x)
			}
			return "-"
		}
		for _, op := range operations {
			p, fw, f := s.summary(kindProvider, op), s.summary(kindFramework, op), s.summary(kindFloor, op)
			t.rows = append(t.rows, []string{opLabel(op), wallText(p), wallText(fw), wallText(f), ratioText(p, f), ratioText(fw, f),
				reqText(p), rssText(p), mib(p.EngineKiB) + " / " + mib(f.EngineKiB)})
			for _, e := range append(append(p.Errors, fw.Errors...), f.Errors...) {
				t.notes = append(t.notes, op+": "+e)
			}
		}
		ts = append(ts, t)
	}
	if cm := r.CorporateMerch; cm != nil {
		t := table{
			title:  fmt.Sprintf("Corporate Merch, %d contacts, the mock enforcing %d requests/minute during the plan", cm.N, cm.Limit),
			header: []string{"operation", "wall", "requests (by method)", "answers of 429", "provider peak RSS"},
		}
		for _, x := range []struct {
			label string
			r     opResult
		}{{"apply (pacing off, mock unlimited: seeding)", cm.Seed}, {"no-op plan (default pacing)", cm.Plan}} {
			s := summarize([]opResult{x.r})
			t.rows = append(t.rows, []string{x.label, wallText(s), reqText(s), fmt.Sprint(s.Status429), rssText(s)})
			t.notes = append(t.notes, s.Errors...)
		}
		if cm.Err != "" {
			t.notes = append(t.notes, cm.Err)
		}
		ts = append(ts, t)
	}
	if a := r.Auto; a != nil {
		t := table{
			title: fmt.Sprintf("auto: %d managed MailDiver contacts in an audience of %d (the others created through the API in %s)",
				a.Managed, a.Audience, a.SeedWall.Round(100*time.Millisecond)),
			header: []string{"operation", "wall", "requests (by method)", "provider peak RSS"},
		}
		for _, x := range []struct {
			label string
			r     opResult
		}{{"apply", a.Apply}, {"no-op plan", a.Plan}, {"destroy", a.Destroy}} {
			s := summarize([]opResult{x.r})
			t.rows = append(t.rows, []string{x.label, wallText(s), reqText(s), rssText(s)})
			t.notes = append(t.notes, s.Errors...)
		}
		if a.Err != "" {
			t.notes = append(t.notes, a.Err)
		}
		ts = append(ts, t)
	}
	t := table{title: "Targets of issue 10", header: []string{"target", "measured", "result"}}
	for _, x := range r.Targets {
		t.rows = append(t.rows, []string{x.Name, x.Measured, x.Result})
	}
	return append(ts, t)
}

func opLabel(op string) string {
	if op == "plan" {
		return "no-op plan"
	}
	return op
}

func wallText(s summary) string {
	switch {
	case s.Reps == 0:
		return "-"
	case s.OK == 0:
		return "failed"
	case s.OK < s.Reps:
		return fmt.Sprintf("%s (%d of %d failed)", s.Wall.Round(100*time.Millisecond), s.Reps-s.OK, s.Reps)
	}
	return s.Wall.Round(100 * time.Millisecond).String()
}

func reqText(s summary) string {
	if s.OK == 0 {
		return "-"
	}
	return requestCounts(s.Requests, s.ByMethod)
}

func rssText(s summary) string {
	if s.OK == 0 {
		return "-"
	}
	return mib(s.ProviderKiB)
}

// writeText prints the tables aligned, with one PASS/MISS line per target last.
func writeText(p *harness.Report, r *results) {
	for _, t := range r.tables() {
		p.Println(t.title)
		rows := []string{strings.Join(t.header, "\t")}
		for _, row := range t.rows {
			rows = append(rows, strings.Join(row, "\t"))
		}
		p.Table(rows)
		for _, n := range t.notes {
			p.Println("  error: " + n)
		}
		p.Println()
	}
}

// markdown is the report as a Markdown document.
func markdown(r *results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# contacts-bench, %s\n\n", r.Started.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- engine: %s\n- provider: %s\n- machine: %d CPUs, %s/%s; load average %s at the start, %s at the end "+
		"(other work skews wall times: read the ratios); the run took %s\n",
		r.Engine, r.Provider, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, r.Load[0], r.Load[1], r.Wall.Round(time.Second))
	fmt.Fprintf(&b, "- wall times are medians of the repetitions; requests are counted by the mock (`/_mock/stats`); "+
		"peak RSS is VmHWM of the largest provider process the engine started (MiB)\n\n")
	for _, t := range r.tables() {
		fmt.Fprintf(&b, "## %s\n\n", t.title)
		fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(t.header, " | "), strings.Repeat("---|", len(t.header)))
		for _, row := range t.rows {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
		}
		for _, n := range t.notes {
			fmt.Fprintf(&b, "\nError: %s\n", n)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Provider requests by route (medians)\n\n| scenario | operation | route | requests |\n|---|---|---|---|\n")
	routeRows := func(scenario, op string, s summary) {
		routes := make([]string, 0, len(s.ByRoute))
		for k := range s.ByRoute {
			routes = append(routes, k)
		}
		sort.Strings(routes)
		for _, k := range routes {
			fmt.Fprintf(&b, "| %s | %s | `%s` | %d |\n", scenario, op, k, s.ByRoute[k])
		}
	}
	for _, s := range r.Sizes {
		for _, op := range operations {
			routeRows(fmt.Sprintf("maildiver %d", s.N), opLabel(op), s.summary(kindProvider, op))
		}
	}
	if cm := r.CorporateMerch; cm != nil {
		routeRows(fmt.Sprintf("corporatemerch %d", cm.N), "apply", summarize([]opResult{cm.Seed}))
		routeRows(fmt.Sprintf("corporatemerch %d", cm.N), "no-op plan", summarize([]opResult{cm.Plan}))
	}
	if a := r.Auto; a != nil {
		tag := fmt.Sprintf("auto %d of %d", a.Managed, a.Audience)
		routeRows(tag, "apply", summarize([]opResult{a.Apply}))
		routeRows(tag, "no-op plan", summarize([]opResult{a.Plan}))
		routeRows(tag, "destroy", summarize([]opResult{a.Destroy}))
	}
	return b.String()
}

// writeJSON keeps every repetition's figures beside the logs, for comparisons between runs.
func writeJSON(path string, r *results) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// loadAverage is the first three fields of /proc/loadavg ("1.02 0.80 0.55"), or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
