package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// scenario is one fault setting the suite applies contacts under.
type scenario struct {
	Key    string // baseline, errors, drops, ctrl-c
	Label  string
	Num    int // part of the mock's seed
	Faults faults
}

var scenarios = []scenario{
	{Key: "baseline", Label: "(a) no faults", Num: 1},
	{Key: "errors", Label: "(b) errors and lost answers", Num: 2, Faults: faults{ErrorRate: 0.3, DropResponseRate: 0.1}},
	{Key: "drops", Label: "(c) lost answers", Num: 3, Faults: faults{DropResponseRate: 0.3}},
	{Key: "ctrl-c", Label: "(d) Ctrl-C during an apply", Num: 4, Faults: faults{LatencyMS: 300}},
}

func scenarioByKey(key string) (scenario, bool) {
	for _, s := range scenarios {
		if s.Key == key {
			return s, true
		}
	}
	return scenario{}, false
}

// size is how much the suite does.
type size struct {
	Name           string
	Contacts       map[string]int // per vendor, for the convergence scenarios
	CtrlCContacts  int
	CtrlCTrials    int
	CtrlCVendors   []string
	CommandTimeout time.Duration // one terraform command
	Budget         time.Duration // the whole run
}

var sizes = map[string]size{
	// The targets: 100 contacts each, 40 for Corporate Merch (its documented 40 requests per
	// minute, enforced by the mock), 5 Ctrl-C trials of a 50-contact apply for every vendor.
	"full": {
		Name:          "full",
		Contacts:      map[string]int{"maildiver": 100, "bland": 100, "revyops": 100, "corporatemerch": 40},
		CtrlCContacts: 50, CtrlCTrials: 5,
		CtrlCVendors:   []string{"maildiver", "bland", "revyops", "corporatemerch"},
		CommandTimeout: 20 * time.Minute,
		Budget:         4 * time.Hour,
	},
	// Short enough for CI: the same checks on fewer contacts, Ctrl-C on MailDiver only.
	"ci": {
		Name:          "ci",
		Contacts:      map[string]int{"maildiver": 15, "bland": 15, "revyops": 15, "corporatemerch": 8},
		CtrlCContacts: 50, CtrlCTrials: 2,
		CtrlCVendors:   []string{"maildiver"},
		CommandTimeout: 8 * time.Minute,
		Budget:         45 * time.Minute,
	},
}

// maxApplies bounds the applies run to count how many a configuration needs to converge.
const maxApplies = 3

// phase is one step of a run, as the mock and the clock saw it.
type phase struct {
	Name     string
	Wall     time.Duration
	Requests int
	Faults   string // injected faults, refusals and conflicts answered during the phase
}

// runResult is one vendor under one convergence scenario.
type runResult struct {
	Scenario string
	Vendor   string
	N        int
	Err      string // the run could not be carried out (the mock did not start, ...)

	AppliesNeeded   int      // 1 = the first apply succeeded; 0 = none of maxApplies did
	FirstApplyExit  int      // exit status of the first apply
	FirstApplyError []string // error titles of the first apply
	AfterCreate     comparison
	PlanExit        int // second plan, -detailed-exitcode: 0 empty, 2 changes, 1 error
	UpdateExit      int
	Updated         int // configured contacts whose new name the vendor holds
	AfterUpdate     comparison
	PlanAfterUpdate int
	DestroyExit     int
	AfterDestroy    comparison
	Phases          []phase
}

// requestsPerContact is the total of requests over every phase, per configured contact.
func (r runResult) requestsPerContact() float64 {
	if r.N == 0 {
		return 0
	}
	n := 0
	for _, p := range r.Phases {
		n += p.Requests
	}
	return float64(n) / float64(r.N)
}

func (r runResult) wall() time.Duration {
	var d time.Duration
	for _, p := range r.Phases {
		d += p.Wall
	}
	return d
}

// misses lists the targets of issue 8 the run did not meet; empty means every one was met.
func (r runResult) misses(v vendor) []string {
	if r.Err != "" {
		return []string{"not completed: " + r.Err}
	}
	var m []string
	switch {
	case r.AppliesNeeded == 0:
		m = append(m, fmt.Sprintf("no apply succeeded (%d tried)", maxApplies))
	case r.AppliesNeeded > 1:
		m = append(m, fmt.Sprintf("first apply failed (%d applies needed)", r.AppliesNeeded))
	}
	if !r.AfterCreate.consistent() {
		m = append(m, "after create: "+r.AfterCreate.String())
	}
	if r.PlanExit != 0 {
		m = append(m, "second plan "+planOutcome(r.PlanExit))
	}
	if r.UpdateExit != 0 {
		m = append(m, fmt.Sprintf("update apply failed (exit %d)", r.UpdateExit))
	}
	if r.Updated != r.N {
		m = append(m, fmt.Sprintf("vendor holds the updated name for %d/%d", r.Updated, r.N))
	}
	if !r.AfterUpdate.consistent() {
		m = append(m, "after update: "+r.AfterUpdate.String())
	}
	if r.PlanAfterUpdate != 0 {
		m = append(m, "plan after update "+planOutcome(r.PlanAfterUpdate))
	}
	if r.DestroyExit != 0 {
		m = append(m, fmt.Sprintf("destroy failed (exit %d)", r.DestroyExit))
	}
	if r.AfterDestroy.InState != 0 {
		m = append(m, fmt.Sprintf("%d contacts still in state after destroy", r.AfterDestroy.InState))
	}
	if v.deletes && r.AfterDestroy.Stored != 0 {
		m = append(m, fmt.Sprintf("%d contacts still at the vendor after destroy", r.AfterDestroy.Stored))
	}
	if !v.deletes && (r.AfterDestroy.Stored != r.N || r.AfterDestroy.Duplicates != 0) {
		// Bland keeps its contacts (no delete endpoint): exactly the configured ones must remain.
		m = append(m, fmt.Sprintf("after destroy the vendor keeps %d for %d configured, %d duplicates",
			r.AfterDestroy.Stored, r.N, r.AfterDestroy.Duplicates))
	}
	return m
}

func planOutcome(code int) string {
	switch code {
	case 0:
		return "empty"
	case 2:
		return "not empty (exit 2)"
	case -1:
		return "killed (timeout)"
	default:
		return fmt.Sprintf("failed (exit %d)", code)
	}
}

// ctrlCResult is one Ctrl-C trial.
type ctrlCResult struct {
	Vendor string
	Trial  int
	N      int
	Err    string

	Delay        time.Duration // chosen delay after the first "Creating..." line
	SignalAt     time.Duration // when SIGINT was sent, from the start of the apply (0: the apply ended first)
	CreatedAtSig int           // contacts the vendor held when SIGINT was sent
	ExitAfterSig time.Duration // how long the apply took to end after SIGINT
	Killed       bool          // it did not end within the bound and was killed
	Interrupted  int           // exit status of the interrupted apply
	AtInterrupt  comparison    // right after the interrupted apply ended
	RecoveryExit int
	RecoveryErr  []string
	AfterApply   comparison
	PlanExit     int
	Phases       []phase
}

func (r ctrlCResult) misses() []string {
	if r.Err != "" {
		return []string{"not completed: " + r.Err}
	}
	var m []string
	if r.SignalAt == 0 {
		m = append(m, "the apply ended before SIGINT was sent: no interrupt was tested")
	}
	if r.Killed {
		m = append(m, "the interrupted apply did not stop within the bound and was killed")
	}
	if r.RecoveryExit != 0 {
		m = append(m, fmt.Sprintf("the apply after the interrupt failed (exit %d)", r.RecoveryExit))
	}
	if !r.AfterApply.consistent() {
		m = append(m, "after the next apply: "+r.AfterApply.String())
	}
	if r.PlanExit != 0 {
		m = append(m, "plan after it "+planOutcome(r.PlanExit))
	}
	return m
}

// suite holds what every run shares.
type suite struct {
	engine    string
	mockBin   string
	pluginDir string
	cliConfig string
	logDir    string
	apiKey    string
	seed      int64
	size      size
	tfLog     string
	deadline  time.Time
	say       func(format string, args ...any)
}

// mockSeed makes each mock's fault sequence depend only on the suite's seed and what the mock is for.
func (s *suite) mockSeed(sc scenario, vendorIndex, trial int) int64 {
	return s.seed*1000 + int64(sc.Num*100+vendorIndex*10+trial)
}

func vendorIndex(name string) int {
	for i, v := range vendors {
		if v.name == name {
			return i
		}
	}
	return -1
}

// env is the environment of every terraform command: the caller's, without its Terraform and vendor
// settings, plus the CLI configuration with dev_overrides and every vendor pointed at the mock.
func (s *suite) env(mockURL string) []string {
	var vendorEnv []string
	for _, v := range vendors {
		vendorEnv = append(vendorEnv, v.env(mockURL, s.apiKey)...)
	}
	return harness.Env(s.cliConfig, vendorEnv...)
}

// timeLeft is the time the run may still take.
func (s *suite) timeLeft() time.Duration { return time.Until(s.deadline) }

// workspace is one run's directory (configuration, state, logs) with its mock and terraform.
type workspace struct {
	s    *suite
	v    vendor
	dir  string
	mock *harness.Mock
	tf   *harness.Terraform
	tag  string // printed before each line of progress
}

func (s *suite) newWorkspace(dirName string, v vendor, seed int64, f faults) (*workspace, error) {
	dir := filepath.Join(s.logDir, dirName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "provider.tf"), []byte(providerConfig), 0o644); err != nil {
		return nil, err
	}
	m, err := harness.StartMock(s.mockBin, harness.MockOptions{APIKey: s.apiKey, Seed: seed, Flags: f.flags(),
		LogPath: filepath.Join(dir, "mock.log")})
	if err != nil {
		return nil, err
	}
	timeout := min(s.size.CommandTimeout, max(s.timeLeft(), time.Minute))
	w := &workspace{s: s, v: v, dir: dir, mock: m, tag: dirName,
		tf: &harness.Terraform{Engine: s.engine, Dir: dir, Env: s.env(m.URL), Timeout: timeout, TFLog: s.tfLog}}
	s.say("[%s] mock API at %s (seed %d, %s, corporatemerch limited to %d/min); files in %s",
		w.tag, m.URL, seed, f, corporateMerchLimit, dir)
	return w, nil
}

func (w *workspace) close() { w.mock.Stop() }

func (w *workspace) writeContacts(contacts []contactSpec, gen int) error {
	return os.WriteFile(filepath.Join(w.dir, "contacts.tf"), renderContacts(w.v, contacts, gen), 0o644)
}

// measure runs fn and records its wall time and the vendor's requests as a phase.
func (w *workspace) measure(name string, fn func()) phase {
	ctx := context.Background()
	before, err1 := w.mock.Stats(ctx)
	start := time.Now()
	fn()
	p := phase{Name: name, Wall: time.Since(start)}
	after, err2 := w.mock.Stats(ctx)
	if err1 == nil && err2 == nil {
		d := deltaOf(before, after, w.v.name)
		p.Requests, p.Faults = d.Requests, d.faultAnswers()
	}
	return p
}

// check compares the configuration, the state (terraform show -json) and the vendor's store.
func (w *workspace) check(contacts []contactSpec) (comparison, []storedContact, error) {
	r := w.tf.Run("show", "-json")
	if r.Exit != 0 {
		return comparison{}, nil, fmt.Errorf("terraform show -json failed (exit %d): see %s", r.Exit, r.Log)
	}
	state, err := parseState(w.v, []byte(r.Stdout))
	if err != nil {
		return comparison{}, nil, err
	}
	body, err := w.mock.Store(context.Background(), w.v.name)
	if err != nil {
		return comparison{}, nil, err
	}
	_ = os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("%02d-store.json", w.tf.Step())), body, 0o644)
	store, err := parseStore(w.v, body)
	if err != nil {
		return comparison{}, nil, err
	}
	return compareStore(contacts, state, store), store, nil
}

func (w *workspace) report(what string, r harness.Result, p phase) {
	line := fmt.Sprintf("[%s] %s: exit %d after %s%s; %d requests to %s (faults answered: %s)",
		w.tag, what, r.Exit, r.Wall.Round(100*time.Millisecond), r.Note(), p.Requests, w.v.name, p.Faults)
	if titles := harness.ErrorTitles(r.Output); len(titles) > 0 {
		line += "; errors: " + strings.Join(titles, "; ")
	}
	w.s.say("%s", line)
}

// runConvergence applies, re-plans, updates and destroys n contacts of v under sc's faults.
func (s *suite) runConvergence(sc scenario, v vendor) (res runResult) {
	n := s.size.Contacts[v.name]
	res = runResult{Scenario: sc.Key, Vendor: v.name, N: n}
	w, err := s.newWorkspace(filepath.Join(sc.Key, v.name), v, s.mockSeed(sc, vendorIndex(v.name), 0), sc.Faults)
	if err != nil {
		res.Err = err.Error()
		s.say("[%s/%s] %v", sc.Key, v.name, err)
		return res
	}
	defer w.close()
	contacts := generateContacts(v, n, uint64(s.seed))
	if err := w.writeContacts(contacts, 1); err != nil {
		res.Err = err.Error()
		return res
	}
	fail := func(err error) runResult {
		res.Err = err.Error()
		s.say("[%s] %v", w.tag, err)
		return res
	}

	// 1-2. Apply n contacts; when the first apply fails, count how many it takes (bounded).
	create := w.measure("create", func() {
		for i := 1; i <= maxApplies; i++ {
			var r harness.Result
			p := w.measure("", func() { r = w.tf.Run("apply", "-auto-approve") })
			w.report(fmt.Sprintf("apply %d of %d contacts", i, n), r, p)
			if i == 1 {
				res.FirstApplyExit, res.FirstApplyError = r.Exit, harness.ErrorTitles(r.Output)
			}
			if r.Exit == 0 {
				res.AppliesNeeded = i
				return
			}
			if s.timeLeft() <= 0 {
				return
			}
		}
	})
	res.Phases = append(res.Phases, create)
	if res.AfterCreate, _, err = w.check(contacts); err != nil {
		return fail(err)
	}
	s.say("[%s] after create: %s", w.tag, res.AfterCreate)

	// 3. A second plan must be empty.
	var r harness.Result
	p := w.measure("plan", func() { r = w.tf.Run("plan", "-detailed-exitcode") })
	res.Phases = append(res.Phases, p)
	res.PlanExit = r.Exit
	w.report("second plan ("+planOutcome(r.Exit)+")", r, p)

	// 4. Update every contact's name under the same faults: one apply, then an empty plan.
	if err := w.writeContacts(contacts, 2); err != nil {
		return fail(err)
	}
	p = w.measure("update", func() { r = w.tf.Run("apply", "-auto-approve") })
	res.Phases = append(res.Phases, p)
	res.UpdateExit = r.Exit
	w.report("update apply", r, p)
	var store []storedContact
	if res.AfterUpdate, store, err = w.check(contacts); err != nil {
		return fail(err)
	}
	res.Updated = namesMatching(v, contacts, store, 2)
	s.say("[%s] after update: %d/%d hold the new name; %s", w.tag, res.Updated, n, res.AfterUpdate)
	p = w.measure("plan-after-update", func() { r = w.tf.Run("plan", "-detailed-exitcode") })
	res.Phases = append(res.Phases, p)
	res.PlanAfterUpdate = r.Exit
	w.report("plan after update ("+planOutcome(r.Exit)+")", r, p)

	// 5. Destroy under the same faults: one destroy.
	p = w.measure("destroy", func() { r = w.tf.Run("destroy", "-auto-approve") })
	res.Phases = append(res.Phases, p)
	res.DestroyExit = r.Exit
	w.report("destroy", r, p)
	if res.AfterDestroy, _, err = w.check(contacts); err != nil {
		return fail(err)
	}
	s.say("[%s] after destroy: %d in state, %d at the vendor%s", w.tag, res.AfterDestroy.InState,
		res.AfterDestroy.Stored, map[bool]string{false: " (Bland keeps contacts: no delete endpoint)", true: ""}[v.deletes])
	return res
}

// Ctrl-C timing: SIGINT goes at a random moment within ctrlCWindow after the apply printed its first
// "Creating..." line. With 300 ms per request and Terraform's 10 creates at a time, 50 creates of one
// request each take at least 1.5 s, so the signal lands while creates are in flight. The interrupted
// apply then has ctrlCExitBound to end before its process group is killed.
var (
	ctrlCWindow    = [2]time.Duration{100 * time.Millisecond, 1500 * time.Millisecond}
	ctrlCExitBound = 2 * time.Minute
)

// runCtrlC interrupts an apply of CtrlCContacts contacts of v by PID, then applies again.
func (s *suite) runCtrlC(sc scenario, v vendor, trial int) (res ctrlCResult) {
	n := s.size.CtrlCContacts
	res = ctrlCResult{Vendor: v.name, Trial: trial, N: n}
	seed := s.mockSeed(sc, vendorIndex(v.name), trial)
	w, err := s.newWorkspace(filepath.Join(sc.Key, fmt.Sprintf("%s-trial%d", v.name, trial)), v, seed, sc.Faults)
	if err != nil {
		res.Err = err.Error()
		s.say("[%s/%s-trial%d] %v", sc.Key, v.name, trial, err)
		return res
	}
	defer w.close()
	fail := func(err error) ctrlCResult {
		res.Err = err.Error()
		s.say("[%s] %v", w.tag, err)
		return res
	}
	contacts := generateContacts(v, n, uint64(s.seed))
	if err := w.writeContacts(contacts, 1); err != nil {
		return fail(err)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(trial)))
	res.Delay = ctrlCWindow[0] + time.Duration(rng.Int64N(int64(ctrlCWindow[1]-ctrlCWindow[0])))

	var r harness.Result
	p := w.measure("interrupted-apply", func() {
		firstCreate := make(chan struct{})
		var once sync.Once
		c, err := w.tf.Start(func(line string) {
			if creating.MatchString(line) {
				once.Do(func() { close(firstCreate) })
			}
		}, "apply", "-auto-approve")
		if err != nil {
			r = harness.Result{Exit: -1, Output: err.Error()}
			return
		}
		select {
		case <-firstCreate:
			select {
			case <-time.After(res.Delay):
			case <-c.Done():
			}
		case <-c.Done():
		case <-time.After(w.tf.Timeout):
		}
		if !c.Exited() {
			if body, err := w.mock.Store(context.Background(), v.name); err == nil {
				if list, err := parseStore(v, body); err == nil {
					res.CreatedAtSig = len(list)
				}
			}
			c.Interrupt()
			res.SignalAt = c.Elapsed()
		}
		r = c.WaitBounded(ctrlCExitBound)
	})
	res.Phases = append(res.Phases, p)
	res.Interrupted, res.Killed = r.Exit, r.Killed
	if res.SignalAt > 0 {
		res.ExitAfterSig = r.Wall - res.SignalAt
		w.report(fmt.Sprintf("apply of %d contacts, SIGINT %s after its first create (%d at the vendor then), ended %s later",
			n, res.Delay.Round(time.Millisecond), res.CreatedAtSig, res.ExitAfterSig.Round(100*time.Millisecond)), r, p)
	} else {
		w.report(fmt.Sprintf("apply of %d contacts ended before SIGINT (planned %s after its first create)",
			n, res.Delay.Round(time.Millisecond)), r, p)
	}
	if res.AtInterrupt, _, err = w.check(contacts); err != nil {
		return fail(err)
	}
	s.say("[%s] right after the interrupted apply: %s", w.tag, res.AtInterrupt)

	p = w.measure("next-apply", func() { r = w.tf.Run("apply", "-auto-approve") })
	res.Phases = append(res.Phases, p)
	res.RecoveryExit, res.RecoveryErr = r.Exit, harness.ErrorTitles(r.Output)
	w.report("next apply", r, p)
	if res.AfterApply, _, err = w.check(contacts); err != nil {
		return fail(err)
	}
	s.say("[%s] after the next apply: %s", w.tag, res.AfterApply)
	p = w.measure("plan", func() { r = w.tf.Run("plan", "-detailed-exitcode") })
	res.Phases = append(res.Phases, p)
	res.PlanExit = r.Exit
	w.report("plan ("+planOutcome(r.Exit)+")", r, p)
	return res
}

// creating matches Terraform's progress line when it starts creating a resource.
var creating = regexp.MustCompile(`: Creating\.\.\.$`)
