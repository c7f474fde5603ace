package harness

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ProviderBinary is the provider's executable name, which Terraform's dev_overrides look for.
const ProviderBinary = "terraform-provider-contacts"

// CheckRepoRoot fails unless the working directory is the repository root (scripts and packages are
// named relative to it).
func CheckRepoRoot() error {
	if _, err := os.Stat("cmd/contacts-mockapi"); err != nil {
		return errors.New("run from the repository root (cmd/contacts-mockapi not found)")
	}
	return nil
}

// FindEngine returns engine, or when it is empty what scripts/tf-engine.sh finds, with the first line
// of its version.
func FindEngine(engine string) (path, version string, err error) {
	if engine == "" {
		out, err := exec.Command("scripts/tf-engine.sh").Output()
		if err != nil {
			return "", "", fmt.Errorf("scripts/tf-engine.sh: %w", err)
		}
		engine = strings.TrimSpace(string(out))
	}
	// A CLI configuration named by the caller's TF_CLI_CONFIG_FILE is no concern of the version.
	cmd := exec.Command(engine, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("%s version: %w", engine, err)
	}
	return engine, FirstLine(string(out)), nil
}

// Build builds the Go package pkg of this tree (".", "./cmd/contacts-mockapi") into out.
func Build(pkg, out string) error {
	if b, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// Executable returns path made absolute, or an error when it is not an executable file.
func Executable(path string) (string, os.FileInfo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", nil, fmt.Errorf("%s is not an executable file", abs)
	}
	return abs, fi, nil
}

// WriteCLIConfig writes a CLI configuration to path whose dev_overrides point the provider at pluginDir
// (scripts/dev-cli-config.sh).
func WriteCLIConfig(path, pluginDir string) error {
	if out, err := exec.Command("scripts/dev-cli-config.sh", path, pluginDir).CombinedOutput(); err != nil {
		return fmt.Errorf("scripts/dev-cli-config.sh: %v\n%s", err, out)
	}
	return nil
}

// Env is the environment of every terraform command: the caller's, without its Terraform and vendor
// settings, plus the CLI configuration cliConfig (dev_overrides), automation settings and extra (the
// vendors' credentials and base URLs).
func Env(cliConfig string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		skip := k == "CHECKPOINT_DISABLE"
		for _, p := range []string{"TF_", "MAILDIVER_", "BLAND_", "REVYOPS_", "CORPORATEMERCH_"} {
			skip = skip || strings.HasPrefix(k, p)
		}
		if !skip {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	return append(env, extra...)
}

// FirstLine is the first line of s, trimmed.
func FirstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}
