package acctest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// Engine is a Terraform or OpenTofu binary that a test drives directly, with the provider built from
// this module (for what terraform-plugin-testing cannot drive, such as `terraform query
// -generate-config-out` followed by an apply).
type Engine struct {
	Path     string
	Version  *version.Version
	OpenTofu bool
}

// NeedEngine returns the engine of the acceptance tests (TF_ACC_TERRAFORM_PATH, as make test sets
// it) and skips the test unless TF_ACC is set, there is an engine, and it is Terraform at least
// minTerraform (OpenTofu is skipped when onlyTerraform).
func NeedEngine(t *testing.T, minTerraform string, onlyTerraform bool) Engine {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		for _, name := range []string{"terraform", "tofu"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("no Terraform or OpenTofu: set TF_ACC_TERRAFORM_PATH (make test does)")
	}
	cmd := exec.Command(path, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	e := Engine{Path: path, Version: version.Must(version.NewVersion(v.Version))}
	plain := exec.Command(path, "version")
	plain.Env = cmd.Env
	if first, _ := plain.Output(); strings.HasPrefix(string(first), "OpenTofu") {
		e.OpenTofu = true
	}
	if onlyTerraform && e.OpenTofu {
		t.Skipf("needs Terraform %s or later; the engine is OpenTofu %s", minTerraform, e.Version)
	}
	if e.Version.LessThan(version.Must(version.NewVersion(minTerraform))) {
		t.Skipf("needs Terraform %s or later; the engine is %s", minTerraform, e.Version)
	}
	return e
}

var (
	buildOnce sync.Once
	builtDir  string
	buildErr  error
	buildOut  []byte
)

// ProviderDir builds the provider from this module once per test binary and returns the directory
// that holds it (as terraform-provider-contacts), for dev_overrides.
func ProviderDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		// Shared by every test of the binary: t.TempDir would be removed when the first test ends.
		builtDir, buildErr = os.MkdirTemp("", "contacts-provider-") //nolint:usetesting // see above
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(builtDir, "terraform-provider-contacts"), ".")
		cmd.Dir = root
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v\n%s", buildErr, buildOut)
	}
	return builtDir
}

// RemoveProviderDir removes what ProviderDir built; a package whose tests call ProviderDir calls it
// from TestMain after m.Run, so no test run leaves a provider binary behind.
func RemoveProviderDir() {
	if builtDir != "" {
		_ = os.RemoveAll(builtDir) // best effort: a leftover temporary directory harms nothing
	}
}

// moduleRoot is the directory of this module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// Run runs the engine in dir with the provider from providerDir (dev_overrides), no TF_LOG or TF_ACC
// variable of this process, and returns its combined output; it fails the test when the command fails.
func (e Engine) Run(t *testing.T, dir, providerDir string, args ...string) string {
	t.Helper()
	return e.RunEnv(t, dir, providerDir, nil, args...)
}

// RunEnv is Run with extra environment variables (such as TF_LOG) for the engine and the provider.
func (e Engine) RunEnv(t *testing.T, dir, providerDir string, extra map[string]string, args ...string) string {
	t.Helper()
	out, err := e.run(t, dir, providerDir, extra, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(e.Path), strings.Join(args, " "), err, out)
	}
	return out
}

// RunExit is Run that returns the command's exit code instead of failing on a non-zero one.
func (e Engine) RunExit(t *testing.T, dir, providerDir string, args ...string) (string, int) {
	t.Helper()
	out, err := e.run(t, dir, providerDir, nil, args...)
	if ee, ok := err.(*exec.ExitError); ok {
		return out, ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(e.Path), strings.Join(args, " "), err, out)
	}
	return out, 0
}

func (e Engine) run(t *testing.T, dir, providerDir string, extra map[string]string, args ...string) (string, error) {
	t.Helper()
	cli := filepath.Join(t.TempDir(), "cli.tfrc")
	config := "provider_installation {\n  dev_overrides {\n" +
		"    \"registry.terraform.io/contacts-provider/contacts\" = \"" + providerDir + "\"\n" +
		"    \"registry.opentofu.org/contacts-provider/contacts\" = \"" + providerDir + "\"\n" +
		"  }\n  direct {}\n}\n"
	if err := os.WriteFile(cli, []byte(config), 0o644); err != nil {
		t.Fatal(err)
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
	cmd := exec.Command(e.Path, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}
