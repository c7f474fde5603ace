// Command contacts-bench is the benchmark of issue 10 (`make bench`): it measures what the provider
// costs against the mock vendor APIs (cmd/contacts-mockapi) beside what Terraform itself costs for
// the same number of terraform_data resources, and compares the figures with the targets.
//
//	go run ./cmd/contacts-bench [-sizes 100,1000,3000] [-reps 3] [-scenarios maildiver,corporatemerch,auto]
//	    [-cm-contacts 500] [-auto-audience 10000] [-auto-managed 5] [-maildiver-settings HCL]
//	    [-provider-dir DIR] [-mockapi PATH] [-engine PATH] [-work-dir DIR] [-out FILE]
//	    [-timeout DURATION] [-strict]
//
// Run it from the repository root. It builds the mock and the provider from this tree, unless
// -provider-dir names a directory holding a terraform-provider-contacts built elsewhere (and -mockapi a
// contacts-mockapi). The engine is -engine, else what scripts/tf-engine.sh finds; it runs with the
// CLI configuration of scripts/dev-cli-config.sh, TF_IN_AUTOMATION=1, no TF_LOG and its default
// parallelism. One mock serves the whole run on 127.0.0.1:0 and is reset before each repetition.
//
// Scenarios:
//
//	maildiver       for each size N: apply, no-op plan (-detailed-exitcode must be 0) and destroy of N
//	                MailDiver contacts in one audience, with the provider and with the same values in
//	                terraform_data resources, interleaved (provider, terraform_data, provider, ...) for
//	                -reps repetitions; medians of wall time, requests (by method) and peak RSS
//	corporatemerch  a no-op plan of -cm-contacts Corporate Merch contacts under the provider's default
//	                pacing, the mock enforcing the documented 40 requests/minute; the contacts are applied
//	                first with pacing off and the mock's limit raised, then the limit is set to 40
//	                (PUT /_mock/faults) and the provider's pacing left at its default for the plan
//	auto            -auto-managed MailDiver contacts applied in an audience the bench fills to
//	                -auto-audience contacts through the vendor API, then a no-op plan and a destroy
//
// Requests come from GET /_mock/stats (by vendor, route and status); peak RSS is VmHWM of the provider
// processes the engine starts (its children named terraform-provider-contacts), sampled every 100 ms.
// It prints one line per command, the tables and one PASS/MISS line per target, and writes them as
// Markdown to -out (default: bench.md in the work directory, which keeps every configuration, state
// and log). The figures are informational: it exits 1 when a command failed (the figures are then
// incomplete), or with -strict when a target is missed; 2 when it could not run.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

func main() {
	code, err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "contacts-bench:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// Bounds of the flags, so that a typo cannot start a run of days.
const (
	maxSize     = 10000
	maxReps     = 20
	maxAudience = 100000
)

var allScenarios = []string{"maildiver", "corporatemerch", "auto"}

// options are the command line.
type options struct {
	sizes             []int
	reps              int
	scenarios         []string
	cmContacts        int
	autoAudience      int
	autoManaged       int
	maildiverSettings string
	providerDir       string
	mockBin           string
	engine            string
	workDir           string
	out               string
	timeout           time.Duration
	strict            bool
}

func (o options) has(scenario string) bool { return slices.Contains(o.scenarios, scenario) }

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("contacts-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "100,1000,3000", "numbers of MailDiver contacts of the maildiver scenario, comma-separated")
	reps := fs.Int("reps", 3, "repetitions of each size, provider and terraform_data interleaved; medians are reported")
	scenarios := fs.String("scenarios", strings.Join(allScenarios, ","), "scenarios to run, comma-separated")
	cm := fs.Int("cm-contacts", 500, "Corporate Merch contacts of the corporatemerch scenario")
	audience := fs.Int("auto-audience", 10000, "contacts in the audience of the auto scenario")
	managed := fs.Int("auto-managed", 5, "of those, contacts managed by the configuration")
	settings := fs.String("maildiver-settings", "", `HCL arguments for the provider's maildiver block in the maildiver and auto scenarios, e.g. 'refresh_strategy = "list"' (a provider that lacks the argument rejects it)`)
	providerDir := fs.String("provider-dir", "", "directory with a built "+harness.ProviderBinary+" (default: build this tree's)")
	mockBin := fs.String("mockapi", "", "a contacts-mockapi binary built elsewhere (default: build this tree's cmd/contacts-mockapi)")
	engine := fs.String("engine", "", "terraform or tofu binary (default: what scripts/tf-engine.sh finds)")
	workDir := fs.String("work-dir", "", "a new or empty directory for configurations, states and logs (default: a new temporary one)")
	out := fs.String("out", "", "the Markdown file of the results (default: bench.md in the work directory)")
	timeout := fs.Duration("timeout", 30*time.Minute, "bound of one terraform command")
	strict := fs.Bool("strict", false, "exit 1 when a target is missed (default: the figures are informational)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	o := options{reps: *reps, cmContacts: *cm, autoAudience: *audience, autoManaged: *managed,
		maildiverSettings: *settings, providerDir: *providerDir, mockBin: *mockBin, engine: *engine,
		workDir: *workDir, out: *out, timeout: *timeout, strict: *strict}
	for _, f := range splitList(*sizes) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxSize {
			return o, fmt.Errorf("-sizes: %q is not a number of contacts from 1 to %d", f, maxSize)
		}
		o.sizes = append(o.sizes, n)
	}
	for _, s := range splitList(*scenarios) {
		if !slices.Contains(allScenarios, s) {
			return o, fmt.Errorf("-scenarios: unknown scenario %q (%s)", s, strings.Join(allScenarios, ", "))
		}
		if !slices.Contains(o.scenarios, s) {
			o.scenarios = append(o.scenarios, s)
		}
	}
	switch {
	case len(o.scenarios) == 0:
		return o, errors.New("-scenarios: name at least one")
	case o.has("maildiver") && len(o.sizes) == 0:
		return o, errors.New("-sizes: name at least one size for the maildiver scenario")
	case o.reps < 1 || o.reps > maxReps:
		return o, fmt.Errorf("-reps must be from 1 to %d", maxReps)
	case o.cmContacts < 1 || o.cmContacts > maxSize:
		return o, fmt.Errorf("-cm-contacts must be from 1 to %d", maxSize)
	case o.autoAudience < 1 || o.autoAudience > maxAudience:
		return o, fmt.Errorf("-auto-audience must be from 1 to %d", maxAudience)
	case o.autoManaged < 1 || o.autoManaged > o.autoAudience || o.autoManaged > maxSize:
		return o, fmt.Errorf("-auto-managed must be from 1 to -auto-audience (and at most %d)", maxSize)
	case o.timeout < time.Minute:
		return o, errors.New("-timeout must be at least 1m")
	}
	return o, nil
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

func run(args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return 2, err
	}
	start := time.Now()
	// Every line goes through report; a failed write (stdout gone) ends the run with an error.
	report := harness.NewReport(stdout)
	b := &bench{o: o, say: func(format string, a ...any) {
		report.Printf("%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
	}}

	// An interrupt of the bench stops its terraform command and the mock before it exits.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		b.say("%s: stopping the running terraform command and the mock", sig)
		harness.StopAll()
		os.Exit(130)
	}()

	if err := b.prepare(); err != nil {
		return 2, err
	}
	defer b.mock.Stop()

	res := &results{Started: start, Engine: b.engineVersion, Provider: b.providerInfo, Reps: o.reps}
	res.Load[0] = loadAverage()
	if o.has("maildiver") {
		for _, n := range o.sizes {
			res.Sizes = append(res.Sizes, b.runSize(n))
		}
	}
	if o.has("corporatemerch") {
		cm := b.runCorporateMerch()
		res.CorporateMerch = &cm
	}
	if o.has("auto") {
		a := b.runAuto()
		res.Auto = &a
	}
	res.Wall, res.Load[1] = time.Since(start), loadAverage()
	res.Targets = evaluateTargets(res)

	report.Println()
	writeText(report, res)
	outPath := o.out
	if outPath == "" {
		outPath = filepath.Join(b.workDir, "bench.md")
	}
	if err := os.WriteFile(outPath, []byte(markdown(res)), 0o644); err != nil {
		b.say("writing %s: %v", outPath, err)
	}
	if err := writeJSON(filepath.Join(b.workDir, "results.json"), res); err != nil {
		b.say("writing results.json: %v", err)
	}
	report.Printf("\n%s in all (load average %s at the start, %s at the end); Markdown in %s; configurations, states and logs in %s\n",
		res.Wall.Round(time.Second), res.Load[0], res.Load[1], outPath, b.workDir)

	failed, missed := res.failures(), res.misses()
	code := 1
	switch {
	case failed > 0:
		report.Printf("BENCH INCOMPLETE: %d commands failed (see the errors above); %d targets missed\n", failed, missed)
	case missed > 0 && o.strict:
		report.Printf("BENCH MISSED %d targets (-strict)\n", missed)
	default:
		report.Printf("BENCH DONE: %d targets met, %d missed\n", len(res.Targets)-missed-res.notRun(), missed)
		code = 0
	}
	if err := report.Err(); err != nil {
		return 2, fmt.Errorf("writing the report: %w", err)
	}
	return code, nil
}

// bench holds what every scenario shares.
type bench struct {
	o              options
	say            func(format string, args ...any)
	workDir        string
	engine         string
	engineVersion  string
	providerInfo   string
	cliConfig      string
	floorCLIConfig string // dev_overrides to the framework floor (cmd/contacts-bench/floorprovider)
	apiKey         string
	mock           *harness.Mock
}

// prepare makes the work directory, finds the engine, builds the mock and the provider (unless given),
// writes the CLI configuration and starts the mock.
func (b *bench) prepare() error {
	if err := harness.CheckRepoRoot(); err != nil {
		return err
	}
	var err error
	if b.o.workDir == "" {
		b.workDir, err = os.MkdirTemp("", "contacts-bench-"+time.Now().Format("20060102-150405")+"-")
	} else if b.workDir, err = filepath.Abs(b.o.workDir); err == nil {
		err = os.MkdirAll(b.workDir, 0o755)
		// An earlier run's state would be planned again instead of created: every run starts from nothing.
		if entries, rerr := os.ReadDir(b.workDir); err == nil && (rerr != nil || len(entries) > 0) {
			err = fmt.Errorf("-work-dir %s is not empty: give a new directory", b.workDir)
		}
	}
	if err != nil {
		return err
	}
	b.say("contacts-bench: scenarios %s, sizes %v, %d repetitions; files in %s",
		strings.Join(b.o.scenarios, ","), b.o.sizes, b.o.reps, b.workDir)

	if b.engine, b.engineVersion, err = harness.FindEngine(b.o.engine); err != nil {
		return err
	}
	b.say("engine: %s (%s)", b.engineVersion, b.engine)

	mockBin := b.o.mockBin
	if mockBin == "" {
		mockBin = filepath.Join(b.workDir, "bin", "contacts-mockapi")
		b.say("building the mock API (cmd/contacts-mockapi)")
		if err := harness.Build("./cmd/contacts-mockapi", mockBin); err != nil {
			return fmt.Errorf("building the mock API: %w", err)
		}
	}
	if mockBin, _, err = harness.Executable(mockBin); err != nil {
		return fmt.Errorf("-mockapi: %w", err)
	}
	pluginDir := b.o.providerDir
	if pluginDir == "" {
		pluginDir = filepath.Join(b.workDir, "plugins")
		b.say("building the provider from this tree")
		if err := harness.Build(".", filepath.Join(pluginDir, harness.ProviderBinary)); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
	}
	if pluginDir, err = filepath.Abs(pluginDir); err != nil {
		return err
	}
	bin, fi, err := harness.Executable(filepath.Join(pluginDir, harness.ProviderBinary))
	if err != nil {
		return fmt.Errorf("-provider-dir: %s holds no executable %s", pluginDir, harness.ProviderBinary)
	}
	b.providerInfo = fmt.Sprintf("%s (%d bytes, built %s)", bin, fi.Size(), fi.ModTime().Format(time.RFC3339))
	b.say("provider: %s", b.providerInfo)

	b.cliConfig = filepath.Join(b.workDir, "cli.tfrc")
	if err := harness.WriteCLIConfig(b.cliConfig, pluginDir); err != nil {
		return err
	}
	floorDir := filepath.Join(b.workDir, "framework-floor")
	b.say("building the framework floor (cmd/contacts-bench/floorprovider)")
	if err := harness.Build("./cmd/contacts-bench/floorprovider", filepath.Join(floorDir, harness.ProviderBinary)); err != nil {
		return fmt.Errorf("building the framework floor: %w", err)
	}
	b.floorCLIConfig = filepath.Join(b.workDir, "cli-framework-floor.tfrc")
	if err := harness.WriteCLIConfig(b.floorCLIConfig, floorDir); err != nil {
		return err
	}
	key := make([]byte, 12)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	b.apiKey = "bench-" + hex.EncodeToString(key)
	// No limit and no fault from the start: the corporatemerch scenario sets Corporate Merch's limit at
	// run time, and every reset puts this back.
	b.mock, err = harness.StartMock(mockBin, harness.MockOptions{APIKey: b.apiKey, Seed: 1,
		LogPath: filepath.Join(b.workDir, "mock.log")})
	if err != nil {
		return err
	}
	b.say("mock API at %s (%s); its request log is mock.log", b.mock.URL, mockBin)
	return nil
}
