package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Log lines by origin, in Terraform's text log (@module=sdk.proto) and in the provider's raw JSON
// stderr ("@module":"sdk.proto").
var (
	protocolLine  = regexp.MustCompile(`Received request.*@module"?[=:]"?sdk\.proto|@module"?[=:]"?sdk\.proto.*Received request`)
	frameworkLine = regexp.MustCompile(`@module"?[=:]"?sdk\.framework`)
	anySDKLine    = regexp.MustCompile(`@module"?[=:]"?sdk[."]`)
	providerLine  = regexp.MustCompile(`HTTP request attempt.*@module"?[=:]"?contacts\.maildiver|@module"?[=:]"?contacts\.maildiver.*HTTP request attempt`)
)

// engine returns the Terraform or OpenTofu the acceptance tests use (TF_ACC_TERRAFORM_PATH, else
// terraform or tofu on PATH, as scripts/tf-engine.sh finds them) and skips the test when there is none.
func engine(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Terraform or OpenTofu: set TF_ACC_TERRAFORM_PATH or put terraform or tofu on PATH (make test does)")
	return ""
}

// buildProvider builds this command into dir and returns the binary's path.
func buildProvider(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(dir, "terraform-provider-contacts")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// overrideDir returns a directory to point dev_overrides at that runs bin: as is, or, when capture
// is set, with the provider's stderr (its log lines, before Terraform filters them) appended to capture.
func overrideDir(t *testing.T, bin, capture string) string {
	t.Helper()
	if capture == "" {
		return filepath.Dir(bin)
	}
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", bin, capture)
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-contacts"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runEngine runs the engine in work with the provider from providerDir and the environment of this
// test without any TF_LOG* or TF_ACC* variable, plus extra.
func runEngine(t *testing.T, tf, work, providerDir string, extra map[string]string, args ...string) {
	t.Helper()
	cli := filepath.Join(t.TempDir(), "cli.tfrc")
	if out, err := exec.Command("scripts/dev-cli-config.sh", cli, providerDir).CombinedOutput(); err != nil {
		t.Fatalf("dev-cli-config.sh: %v\n%s", err, out)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(tf, append(args, "-input=false", "-no-color")...)
	cmd.Dir, cmd.Env = work, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(tf), strings.Join(args, " "), err, out)
	}
}

// TestSDKLogsOnlyWhenAsked runs the built provider under the engine against an in-process mock.
// With TF_LOG=trace, Terraform's log holds the SDK's protocol and framework lines and the provider's
// own. With no TF_LOG the provider writes its own lines to stderr but none of the SDK's, which
// Terraform would only have parsed and discarded.
func TestSDKLogsOnlyWhenAsked(t *testing.T) {
	tf := engine(t)
	dir := t.TempDir()
	bin := buildProvider(t, dir)
	m := acctest.NewMock(t)
	work := t.TempDir()
	config := `terraform {
  required_providers {
    contacts = { source = "contacts-provider/contacts" }
  }
}
` + m.ProviderConfig() + fmt.Sprintf(`
resource "contacts_maildiver_contact" "ada" {
  audience_id = %q
  email       = "ada@example.com"
}
`, acctest.MailDiverAudienceID)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}

	traceLog := filepath.Join(dir, "trace.log")
	runEngine(t, tf, work, overrideDir(t, bin, ""), map[string]string{"TF_LOG": "trace", "TF_LOG_PATH": traceLog}, "apply", "-auto-approve")
	trace, err := os.ReadFile(traceLog)
	if err != nil {
		t.Fatal(err)
	}
	for what, re := range map[string]*regexp.Regexp{
		"the protocol's 'Received request'":     protocolLine,
		"the framework's":                       frameworkLine,
		"the provider's 'HTTP request attempt'": providerLine,
	} {
		if !re.Match(trace) {
			t.Errorf("with TF_LOG=trace, Terraform's log has none of %s lines (%d bytes)", what, len(trace))
		}
	}

	stderr := filepath.Join(dir, "provider-stderr.log")
	runEngine(t, tf, work, overrideDir(t, bin, stderr), nil, "plan")
	quiet, err := os.ReadFile(stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !providerLine.Match(quiet) {
		t.Errorf("with no TF_LOG, the provider's stderr lacks its own 'HTTP request attempt' line, so this test cannot see what it writes (%d bytes)", len(quiet))
	}
	if n := len(anySDKLine.FindAll(quiet, -1)); n > 0 {
		t.Errorf("with no TF_LOG, the provider wrote %d SDK log lines to stderr, e.g. %s", n, anySDKLine.Find(quiet))
	}
}
