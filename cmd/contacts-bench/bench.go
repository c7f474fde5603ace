package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// The configurations the maildiver scenario compares: the provider under test, the framework floor (a
// framework provider with the same attributes that does nothing: cmd/contacts-bench/floorprovider) and
// terraform_data (Terraform's floor).
const (
	kindProvider  = "provider"
	kindFramework = "framework floor"
	kindFloor     = "terraform_data"
)

var (
	kinds      = []string{kindProvider, kindFramework, kindFloor}
	operations = []string{"apply", "plan", "destroy"}
)

// rssInterval is how often the peak RSS of the engine's processes is read.
const rssInterval = 100 * time.Millisecond

// opResult is one terraform command, measured.
type opResult struct {
	Exit      int
	Wall      time.Duration
	Requests  int            // to the scenario's vendor
	ByMethod  map[string]int // of those, by HTTP method
	ByRoute   map[string]int // of those, by route ("GET /maildiver/v1/audiences/{audienceId}/contacts")
	Status429 int            // answers of 429 (every vendor: one vendor per scenario)
	RSS       rssPeaks
	Err       string // the command failed, or the vendor does not hold what it should afterwards
	Log       string
}

func (r opResult) ok() bool { return r.Err == "" }

// workspace is a new directory under the work directory with files written into it, and a Terraform
// that runs there.
func (b *bench) workspace(name string, files map[string]string) (*harness.Terraform, error) {
	return b.workspaceWith(b.cliConfig, name, files)
}

// workspaceWith is workspace with the CLI configuration cliConfig (the framework floor has its own).
func (b *bench) workspaceWith(cliConfig, name string, files map[string]string) (*harness.Terraform, error) {
	dir := filepath.Join(b.workDir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for f, content := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	env := harness.Env(cliConfig,
		"MAILDIVER_API_KEY="+b.apiKey, "MAILDIVER_BASE_URL="+b.mock.URL+"/maildiver/v1",
		"CORPORATEMERCH_API_TOKEN="+b.apiKey, "CORPORATEMERCH_BASE_URL="+b.mock.URL+"/corporatemerch/v2")
	return &harness.Terraform{Engine: b.engine, Dir: dir, Env: env, Timeout: b.o.timeout}, nil
}

// measure runs one terraform command and reads what it cost: wall time, the vendor's requests at the
// mock and the peak RSS of the engine and of the provider processes it started.
func (b *bench) measure(tf *harness.Terraform, vendor string, args ...string) opResult {
	ctx := context.Background()
	before, err := b.mock.Stats(ctx)
	if err != nil {
		return opResult{Exit: -1, Err: err.Error()}
	}
	c, err := tf.Start(nil, args...)
	if err != nil {
		return opResult{Exit: -1, Err: err.Error()}
	}
	sampler := startRSSSampler(c.Pid(), harness.ProviderBinary, rssInterval)
	r := c.Wait()
	res := opResult{Exit: r.Exit, Wall: r.Wall, RSS: sampler.finish(), Log: r.Log}
	after, err := b.mock.Stats(ctx)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	res.Requests = after.ByVendor[vendor] - before.ByVendor[vendor]
	res.Status429 = after.ByStatus["429"] - before.ByStatus["429"]
	res.ByRoute, res.ByMethod = map[string]int{}, map[string]int{}
	for route, n := range after.ByRoute {
		method, path, _ := strings.Cut(route, " ")
		if n -= before.ByRoute[route]; n != 0 && strings.HasPrefix(path, "/"+vendor+"/") {
			res.ByRoute[route] = n
			res.ByMethod[method] += n
		}
	}
	switch {
	case r.Exit == 0:
	case r.Exit == 2 && args[0] == "plan":
		res.Err = "the plan is not empty (exit 2)"
	default:
		res.Err = fmt.Sprintf("exit %d%s", r.Exit, r.Note())
		if t := harness.ErrorTitles(r.Output); len(t) > 0 {
			res.Err += ": " + strings.Join(t, "; ")
		}
	}
	if res.Err != "" {
		res.Err += " (see " + r.Log + ")"
	}
	return res
}

// expectStored records an error in r unless the vendor holds want contacts.
func (b *bench) expectStored(r *opResult, vendor string, want int) {
	if !r.ok() {
		return
	}
	n, err := b.storeCount(vendor)
	switch {
	case err != nil:
		r.Err = err.Error()
	case n != want:
		r.Err = fmt.Sprintf("the vendor holds %d contacts afterwards, not %d", n, want)
	}
}

func (b *bench) storeCount(vendor string) (int, error) {
	body, err := b.mock.Store(context.Background(), vendor)
	if err != nil {
		return 0, err
	}
	var s struct {
		Contacts []json.RawMessage `json:"contacts"`
	}
	if err := json.Unmarshal(body, &s); err != nil {
		return 0, fmt.Errorf("/_mock/store/%s: %w", vendor, err)
	}
	return len(s.Contacts), nil
}

func (b *bench) reset() error {
	if err := b.mock.Reset(context.Background()); err != nil {
		return fmt.Errorf("resetting the mock: %w", err)
	}
	return nil
}

// report prints one command's line of progress.
func (b *bench) report(tag, what string, r opResult) {
	line := fmt.Sprintf("[%s] %s: exit %d in %s; %s", tag, what, r.Exit, r.Wall.Round(100*time.Millisecond), "requests "+requestCounts(r.Requests, r.ByMethod))
	if r.Status429 > 0 {
		line += fmt.Sprintf(", %d answered 429", r.Status429)
	}
	if r.RSS.Providers > 0 {
		line += fmt.Sprintf("; provider peak RSS %s (%d processes)", mib(r.RSS.ProviderKiB), r.RSS.Providers)
	}
	line += "; terraform peak RSS " + mib(r.RSS.EngineKiB)
	if r.Err != "" {
		line += "; ERROR: " + r.Err
	}
	b.say("%s", line)
}

// requestCounts is "1000 (GET 1000)", methods in a fixed order.
func requestCounts(total int, byMethod map[string]int) string {
	var parts []string
	for _, m := range sortedMethods(byMethod) {
		parts = append(parts, fmt.Sprintf("%s %d", m, byMethod[m]))
	}
	if len(parts) == 0 {
		return fmt.Sprint(total)
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}

func sortedMethods(byMethod map[string]int) []string {
	order := map[string]int{"GET": 1, "POST": 2, "PUT": 3, "PATCH": 4, "DELETE": 5}
	var ms []string
	for m, n := range byMethod {
		if n != 0 {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if order[ms[i]] != order[ms[j]] {
			return order[ms[i]] < order[ms[j]]
		}
		return ms[i] < ms[j]
	})
	return ms
}

func mib(kib int64) string {
	switch {
	case kib <= 0:
		return "-"
	case kib < 1024:
		// A command that ended within the first sample: its process had not grown yet.
		return "<1 MiB"
	}
	return fmt.Sprintf("%.0f MiB", float64(kib)/1024)
}

// sizeResult is the maildiver scenario at one size: per configuration and operation, one result per
// repetition.
type sizeResult struct {
	N    int
	Runs map[string]map[string][]opResult // kind -> operation -> repetitions
}

// runSize applies, plans and destroys n MailDiver contacts with the provider, with the framework floor
// and with terraform_data, interleaved, b.o.reps times.
func (b *bench) runSize(n int) sizeResult {
	res := sizeResult{N: n, Runs: map[string]map[string][]opResult{}}
	for _, k := range kinds {
		res.Runs[k] = map[string][]opResult{}
	}
	contacts := mailDiverContacts("bench", n)
	files := map[string]map[string]string{
		kindProvider:  {"provider.tf": providerBlock(vendorSettings("maildiver", b.o.maildiverSettings)), "contacts.tf": mailDiverConfig(contacts)},
		kindFramework: {"provider.tf": providerBlock(""), "contacts.tf": frameworkFloorConfig(contacts)},
		kindFloor:     {"contacts.tf": terraformDataConfig(contacts)},
	}
	cli := map[string]string{kindProvider: b.cliConfig, kindFramework: b.floorCLIConfig, kindFloor: b.cliConfig}
	b.say("==> maildiver: %d contacts, %d repetitions (provider, framework floor and terraform_data interleaved)", n, b.o.reps)
	for rep := 1; rep <= b.o.reps; rep++ {
		for _, k := range kinds {
			tag := fmt.Sprintf("maildiver %d, rep %d/%d, %s", n, rep, b.o.reps, k)
			add := func(op string, r opResult) {
				res.Runs[k][op] = append(res.Runs[k][op], r)
				b.report(tag, op, r)
			}
			tf, err := b.workspaceWith(cli[k], filepath.Join(fmt.Sprintf("maildiver-%d", n), fmt.Sprintf("rep%d-%s", rep, strings.ReplaceAll(k, " ", "-"))), files[k])
			if err == nil {
				err = b.reset()
			}
			if err != nil {
				add("apply", opResult{Exit: -1, Err: err.Error()})
				continue
			}
			apply := b.measure(tf, "maildiver", "apply", "-auto-approve")
			if k == kindProvider {
				b.expectStored(&apply, "maildiver", n)
			}
			add("apply", apply)
			if !apply.ok() {
				continue
			}
			add("plan", b.measure(tf, "maildiver", "plan", "-detailed-exitcode"))
			destroy := b.measure(tf, "maildiver", "destroy", "-auto-approve")
			if k == kindProvider {
				b.expectStored(&destroy, "maildiver", 0)
			}
			add("destroy", destroy)
		}
	}
	return res
}

// cmResult is the corporatemerch scenario.
type cmResult struct {
	N     int
	Limit int      // the mock's limit during the plan, per minute
	Seed  opResult // the apply that created the contacts, unpaced
	Plan  opResult
	Err   string
}

// corporateMerchLimit is Corporate Merch's documented limit, which the mock enforces during the plan.
const corporateMerchLimit = 40

// corporateMerchSeedLimit is the mock's limit while the contacts are created: high enough never to
// refuse, and configured so that the mock's rate-limit headers do not tell the provider to wait.
const corporateMerchSeedLimit = 1000000

// runCorporateMerch plans b.o.cmContacts Corporate Merch contacts at the documented limit.
func (b *bench) runCorporateMerch() (res cmResult) {
	n := b.o.cmContacts
	res = cmResult{N: n, Limit: corporateMerchLimit}
	tag := fmt.Sprintf("corporatemerch %d", n)
	b.say("==> corporatemerch: no-op plan of %d contacts at %d requests/minute (created first without pacing)", n, corporateMerchLimit)
	ctx := context.Background()
	limit := func(perMinute int) error {
		return b.mock.SetFaults(ctx, map[string]any{"rate_limit_per_minute": map[string]int{"corporatemerch": perMinute}})
	}
	contacts := corporateMerchConfig(mailDiverContacts("bench.cm", n))
	tf, err := b.workspace(fmt.Sprintf("corporatemerch-%d", n), map[string]string{
		"provider.tf": providerBlock(vendorSettings("corporatemerch", "requests_per_minute = 0")),
		"contacts.tf": contacts,
	})
	if err == nil {
		err = b.reset()
	}
	if err == nil {
		err = limit(corporateMerchSeedLimit)
	}
	if err != nil {
		res.Err = err.Error()
		b.say("[%s] %v", tag, err)
		return res
	}
	res.Seed = b.measure(tf, "corporatemerch", "apply", "-auto-approve")
	b.expectStored(&res.Seed, "corporatemerch", n)
	b.report(tag, "apply (pacing off, mock unlimited)", res.Seed)
	if !res.Seed.ok() {
		return res
	}
	// The provider's default pacing: no requests_per_minute in its configuration.
	if err := os.WriteFile(filepath.Join(tf.Dir, "provider.tf"), []byte(providerBlock("")), 0o644); err != nil {
		res.Err = err.Error()
		return res
	}
	if err := limit(corporateMerchLimit); err != nil {
		res.Err = err.Error()
		b.say("[%s] %v", tag, err)
		return res
	}
	res.Plan = b.measure(tf, "corporatemerch", "plan", "-detailed-exitcode")
	b.report(tag, fmt.Sprintf("no-op plan (default pacing, mock limit %d/min)", corporateMerchLimit), res.Plan)
	return res
}

// autoResult is the auto scenario.
type autoResult struct {
	Audience int
	Managed  int
	SeedWall time.Duration // filling the audience through the vendor API
	Apply    opResult
	Plan     opResult
	Destroy  opResult
	Err      string
}

// seedWorkers bounds the concurrent requests that fill the audience.
const seedWorkers = 8

// runAuto applies b.o.autoManaged contacts in an audience filled to b.o.autoAudience, then plans and
// destroys them.
func (b *bench) runAuto() (res autoResult) {
	res = autoResult{Audience: b.o.autoAudience, Managed: b.o.autoManaged}
	tag := fmt.Sprintf("auto %d of %d", res.Managed, res.Audience)
	b.say("==> auto: %d managed contacts in an audience of %d", res.Managed, res.Audience)
	fail := func(err error) autoResult {
		res.Err = err.Error()
		b.say("[%s] %v", tag, err)
		return res
	}
	tf, err := b.workspace(fmt.Sprintf("auto-%d-of-%d", res.Managed, res.Audience), map[string]string{
		"provider.tf": providerBlock(vendorSettings("maildiver", b.o.maildiverSettings)),
		"contacts.tf": mailDiverConfig(spreadContacts(res.Managed, res.Audience)),
	})
	if err == nil {
		err = b.reset()
	}
	if err != nil {
		return fail(err)
	}
	start := time.Now()
	if err := b.fillAudience(res.Audience - res.Managed); err != nil {
		return fail(fmt.Errorf("filling the audience: %w", err))
	}
	res.SeedWall = time.Since(start)
	b.say("[%s] %d other contacts created through the MailDiver API in %s (%d at a time)",
		tag, res.Audience-res.Managed, res.SeedWall.Round(100*time.Millisecond), seedWorkers)

	res.Apply = b.measure(tf, "maildiver", "apply", "-auto-approve")
	b.expectStored(&res.Apply, "maildiver", res.Audience)
	b.report(tag, "apply", res.Apply)
	if !res.Apply.ok() {
		return res
	}
	res.Plan = b.measure(tf, "maildiver", "plan", "-detailed-exitcode")
	b.report(tag, "no-op plan", res.Plan)
	res.Destroy = b.measure(tf, "maildiver", "destroy", "-auto-approve")
	b.expectStored(&res.Destroy, "maildiver", res.Audience-res.Managed)
	b.report(tag, "destroy", res.Destroy)
	return res
}

// spreadContacts returns the auto scenario's managed contacts, with emails that sort evenly spaced
// among fillAudience's ("seed.NNNNNN@example.com"): MailDiver lists an audience by email, so managed
// contacts that all sorted first would sit on the listing's first page and flatter any strategy that
// lists.
func spreadContacts(managed, audience int) []contact {
	out := mailDiverContacts("bench.auto", managed)
	for k := range out {
		out[k].Email = fmt.Sprintf("seed.%06d.managed@example.com", (k+1)*audience/(managed+1))
	}
	return out
}

// fillAudience creates n contacts in the audience through the mock's MailDiver API, seedWorkers at a
// time, bounded by 10 minutes.
func (b *bench) fillAudience(n int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	path := "/maildiver/v1/audiences/" + mailDiverAudienceID + "/contacts"
	auth := http.Header{"Authorization": {"Bearer " + b.apiKey}}
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range seedWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				body := map[string]string{"email": fmt.Sprintf("seed.%06d@example.com", i),
					"first_name": "Seed", "last_name": fmt.Sprintf("Contact %d", i)}
				if _, err := b.mock.Send(ctx, http.MethodPost, path, body, auth); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for i := 1; i <= n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
