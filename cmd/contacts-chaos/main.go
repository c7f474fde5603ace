// Command contacts-chaos is the fault suite of issue 8 (`make chaos`): it applies contacts of every
// vendor with real Terraform against the mock vendor APIs (cmd/contacts-mockapi) under injected faults
// and checks that the provider converges: one apply, nothing lost, nothing duplicated.
//
//	go run ./cmd/contacts-chaos [-size ci|full] [-provider-dir DIR] [-scenarios baseline,errors,drops,ctrl-c]
//	    [-vendors maildiver,bland,revyops,corporatemerch] [-ctrlc-vendors ...] [-ctrlc-trials N]
//	    [-seed N] [-mockapi PATH] [-engine PATH] [-log-dir DIR] [-tf-log LEVEL] [-budget DURATION]
//
// Run it from the repository root. It builds the mock and the provider from this tree, unless
// -provider-dir names a directory holding a terraform-provider-contacts built elsewhere (and -mockapi a
// contacts-mockapi built elsewhere). The
// engine is -engine, else what scripts/tf-engine.sh finds. Each vendor and scenario gets a fresh mock on
// 127.0.0.1:0 with a seed derived from -seed, stopped by its PID afterwards.
//
// Scenarios, each per vendor:
//
//	baseline  no faults: the reference for the ratios of requests and wall time
//	errors    error_rate 0.3, drop_response_rate 0.1
//	drops     drop_response_rate 0.3
//	ctrl-c    latency_ms 300; SIGINT (by PID) at a seeded random moment of a 50-contact apply, then one
//	          more apply must converge with no error, orphan or duplicate, and a plan after it be empty
//
// Every mock enforces Corporate Merch's documented 40 requests per minute. The convergence scenarios
// apply N contacts (applying again, up to 3 times, to count the applies needed when the first fails),
// compare the state (terraform show -json) with the vendor's store (GET /_mock/store/{vendor}), plan
// again (-detailed-exitcode must be 0), update every contact's name, plan again, and destroy, all under
// the same faults. It prints progress, one summary line per vendor and scenario, and exits 1 when any
// target of issue 8 is missed (2 when the suite itself could not run). Logs, configurations, states
// and the mocks' request logs stay in the directory it prints.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

const providerBinary = harness.ProviderBinary

func main() {
	code, err := run(os.Args[1:], os.Stdout)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "contacts-chaos:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// options are the command line.
type options struct {
	size         size
	scenarios    []scenario
	vendors      []vendor
	ctrlCVendors []vendor
	seed         int64
	providerDir  string
	mockBin      string
	engine       string
	logDir       string
	tfLog        string
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("contacts-chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizeName := fs.String("size", envOr("CHAOS_SIZE", "full"), "ci or full (default from CHAOS_SIZE, else full)")
	scenarioList := fs.String("scenarios", "baseline,errors,drops,ctrl-c", "scenarios to run, comma-separated")
	vendorList := fs.String("vendors", "maildiver,bland,revyops,corporatemerch", "vendors of the convergence scenarios")
	ctrlCList := fs.String("ctrlc-vendors", "", "vendors of the Ctrl-C scenario (default: the size's; full: all, ci: maildiver)")
	trials := fs.Int("ctrlc-trials", 0, "Ctrl-C trials per vendor (default: the size's; full 5, ci 2)")
	seed := fs.Int64("seed", 1, "seed of the generated contacts, the mocks' faults and the Ctrl-C moments")
	providerDir := fs.String("provider-dir", "", "directory with a built "+providerBinary+" (default: build this tree's)")
	mockBin := fs.String("mockapi", "", "a contacts-mockapi binary built elsewhere (default: build this tree's cmd/contacts-mockapi)")
	engine := fs.String("engine", "", "terraform or tofu binary (default: what scripts/tf-engine.sh finds)")
	logDir := fs.String("log-dir", "", "a new or empty directory for logs, configurations and states (default: a new temporary one)")
	tfLog := fs.String("tf-log", "", "TF_LOG level for a provider log beside each command's log (e.g. debug); off by default")
	budget := fs.Duration("budget", 0, "time budget of the whole run (default: the size's; full 4h, ci 45m)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var o options
	sz, ok := sizes[*sizeName]
	if !ok {
		return o, fmt.Errorf("-size (or CHAOS_SIZE) must be ci or full, not %q", *sizeName)
	}
	if *trials < 0 {
		return o, errors.New("-ctrlc-trials must not be negative")
	}
	if *trials > 0 {
		sz.CtrlCTrials = *trials
	}
	if *budget > 0 {
		sz.Budget = *budget
	}
	o.size = sz
	for _, k := range splitList(*scenarioList) {
		sc, ok := scenarioByKey(k)
		if !ok {
			return o, fmt.Errorf("-scenarios: unknown scenario %q (baseline, errors, drops, ctrl-c)", k)
		}
		o.scenarios = append(o.scenarios, sc)
	}
	var err error
	if o.vendors, err = parseVendors("-vendors", *vendorList); err != nil {
		return o, err
	}
	if *ctrlCList == "" {
		*ctrlCList = strings.Join(sz.CtrlCVendors, ",")
	}
	if o.ctrlCVendors, err = parseVendors("-ctrlc-vendors", *ctrlCList); err != nil {
		return o, err
	}
	o.seed, o.providerDir, o.mockBin, o.engine, o.logDir, o.tfLog = *seed, *providerDir, *mockBin, *engine, *logDir, *tfLog
	return o, nil
}

func parseVendors(flagName, list string) ([]vendor, error) {
	var out []vendor
	for _, name := range splitList(list) {
		v, ok := vendorByName(name)
		if !ok {
			return nil, fmt.Errorf("%s: unknown vendor %q (maildiver, bland, revyops, corporatemerch)", flagName, name)
		}
		out = append(out, v)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func run(args []string, stdout io.Writer) (int, error) {
	o, err := parseOptions(args, os.Stderr)
	if err != nil {
		return 2, err
	}
	start := time.Now()
	// Every line goes through report; a failed write (stdout gone) ends the run with an error.
	report := harness.NewReport(stdout)
	say := func(format string, a ...any) {
		report.Printf("%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
	}

	// An interrupt of the suite stops its terraform commands and mocks before it exits.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		say("%s: stopping the running terraform commands and mocks", sig)
		harness.StopAll()
		os.Exit(130)
	}()

	s := &suite{seed: o.seed, size: o.size, tfLog: o.tfLog, say: say, deadline: start.Add(o.size.Budget)}
	if err := s.prepare(o); err != nil {
		return 2, err
	}

	var runs []runResult
	var trials []ctrlCResult
	for _, sc := range o.scenarios {
		if sc.Key == "ctrl-c" {
			for _, v := range o.ctrlCVendors {
				for t := 1; t <= o.size.CtrlCTrials; t++ {
					say("==> %s, %s, trial %d of %d: %d contacts", sc.Label, v.name, t, o.size.CtrlCTrials, o.size.CtrlCContacts)
					if s.timeLeft() <= 0 {
						trials = append(trials, ctrlCResult{Vendor: v.name, Trial: t, N: o.size.CtrlCContacts, Err: "time budget spent"})
						continue
					}
					trials = append(trials, s.runCtrlC(sc, v, t))
				}
			}
			continue
		}
		for _, v := range o.vendors {
			say("==> %s, %s: %d contacts under %s", sc.Label, v.name, o.size.Contacts[v.name], sc.Faults)
			if s.timeLeft() <= 0 {
				runs = append(runs, runResult{Scenario: sc.Key, Vendor: v.name, N: o.size.Contacts[v.name], Err: "time budget spent"})
				continue
			}
			runs = append(runs, s.runConvergence(sc, v))
		}
	}

	missed := printSummary(report, runs, trials)
	if err := writeResults(filepath.Join(s.logDir, "results.json"), runs, trials); err != nil {
		say("writing results.json: %v", err)
	}
	report.Printf("\nsize %s, seed %d, %s in all; logs, configurations and states in %s\n",
		o.size.Name, o.seed, time.Since(start).Round(time.Second), s.logDir)
	code := 0
	if missed > 0 {
		report.Printf("CHAOS FAILED: %d of %d runs missed a target of issue 8\n", missed, len(runs)+len(trials))
		code = 1
	} else {
		report.Printf("CHAOS OK: every target met in %d runs\n", len(runs)+len(trials))
	}
	if err := report.Err(); err != nil {
		return 2, fmt.Errorf("writing the report: %w", err)
	}
	return code, nil
}

// prepare finds the engine, builds the mock (and the provider unless one is given) and writes the CLI
// configuration whose dev_overrides point at the provider.
func (s *suite) prepare(o options) error {
	if err := harness.CheckRepoRoot(); err != nil {
		return err
	}
	var err error
	if o.logDir == "" {
		s.logDir, err = os.MkdirTemp("", "contacts-chaos-"+time.Now().Format("20060102-150405")+"-")
	} else {
		s.logDir, err = filepath.Abs(o.logDir)
		if err == nil {
			err = os.MkdirAll(s.logDir, 0o755)
		}
		// A state left by an earlier run would be applied again: every run starts from nothing.
		if entries, rerr := os.ReadDir(s.logDir); err == nil && (rerr != nil || len(entries) > 0) {
			err = fmt.Errorf("-log-dir %s is not empty: give a new directory (an earlier run's states would be reused)", s.logDir)
		}
	}
	if err != nil {
		return err
	}
	s.say("contacts-chaos: size %s, seed %d; logs in %s", o.size.Name, o.seed, s.logDir)

	var version string
	if s.engine, version, err = harness.FindEngine(o.engine); err != nil {
		return err
	}
	s.say("engine: %s (%s)", version, s.engine)

	mockBin := o.mockBin
	if mockBin == "" {
		mockBin = filepath.Join(s.logDir, "bin", "contacts-mockapi")
		s.say("building the mock API (cmd/contacts-mockapi)")
		if err := harness.Build("./cmd/contacts-mockapi", mockBin); err != nil {
			return fmt.Errorf("building the mock API: %w", err)
		}
	}
	if s.mockBin, _, err = harness.Executable(mockBin); err != nil {
		return fmt.Errorf("-mockapi: %w", err)
	}
	s.say("mock API: %s", s.mockBin)
	if o.providerDir == "" {
		s.pluginDir = filepath.Join(s.logDir, "plugins")
		s.say("building the provider from this tree")
		if err := harness.Build(".", filepath.Join(s.pluginDir, providerBinary)); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
	} else if s.pluginDir, err = filepath.Abs(o.providerDir); err != nil {
		return err
	}
	bin, fi, err := harness.Executable(filepath.Join(s.pluginDir, providerBinary))
	if err != nil {
		return fmt.Errorf("-provider-dir: %s holds no executable %s", s.pluginDir, providerBinary)
	}
	s.say("provider: %s (%d bytes, built %s)", bin, fi.Size(), fi.ModTime().Format(time.RFC3339))

	s.cliConfig = filepath.Join(s.logDir, "cli.tfrc")
	if err := harness.WriteCLIConfig(s.cliConfig, s.pluginDir); err != nil {
		return err
	}
	key := make([]byte, 12)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	s.apiKey = "chaos-" + hex.EncodeToString(key)
	return nil
}

// writeResults keeps every figure as JSON beside the logs, for notes and comparisons between runs.
func writeResults(path string, runs []runResult, trials []ctrlCResult) error {
	b, err := json.MarshalIndent(map[string]any{"convergence": runs, "ctrl_c": trials}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
