package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

// TestSDKLogsOnlyWhenAsked runs the built provider under the engine against an in-process mock.
// With TF_LOG=trace, Terraform's log holds the SDK's protocol and framework lines and the provider's
// own. With no TF_LOG the provider writes its own lines to stderr but none of the SDK's, which
// Terraform would only have parsed and discarded.
func TestSDKLogsOnlyWhenAsked(t *testing.T) {
	tf := acctest.NeedEngine(t, "0.0.0", false)
	dir := t.TempDir()
	bin := filepath.Join(acctest.ProviderDir(t), "terraform-provider-contacts")
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
	tf.RunEnv(t, work, overrideDir(t, bin, ""), map[string]string{"TF_LOG": "trace", "TF_LOG_PATH": traceLog}, "apply", "-auto-approve", "-input=false")
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
	tf.Run(t, work, overrideDir(t, bin, stderr), "plan", "-input=false")
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

func TestMain(m *testing.M) {
	code := m.Run()
	acctest.RemoveProviderDir()
	os.Exit(code)
}
