package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestToolchainPinnedEverywhere checks that every entry point that runs the go command selects the Go
// that go.mod's toolchain line names: GNUmakefile and .ci/run, and each script under scripts/ that
// calls go, since a user may run one on its own. go.mod's go directive stays at the machine's own Go
// (go1.26.8 here), so that plain go commands (go vet, an editor, a tool that sets GOTOOLCHAIN=local)
// still build the module; but go1.26.8's standard library has reachable vulnerabilities, so every
// build the project makes, and every build it ships, must use the toolchain line's release.
func TestToolchainPinnedEverywhere(t *testing.T) {
	goMod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^toolchain (go\d+\.\d+\.\d+)$`).FindSubmatch(goMod)
	if line == nil {
		t.Fatal("go.mod has no toolchain line naming a full release (toolchain go1.N.P), which GOTOOLCHAIN needs")
	}
	toolchain := string(line[1])

	exported := regexp.MustCompile(`(?m)^export GOTOOLCHAIN ?:?= ?(\S+)$`)
	callsGo := regexp.MustCompile(`(?m)(^|[\s(;&|])go (build|install|test|run|mod|list|vet|env|tool|get|version)\b`)
	check := func(path string, mustPin bool) {
		t.Helper()
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pinned := exported.FindSubmatch(text)
		switch {
		case pinned != nil && string(pinned[1]) != toolchain:
			t.Errorf("%s exports GOTOOLCHAIN=%s, go.mod names %s", path, pinned[1], toolchain)
		case pinned == nil && (mustPin || callsGo.Match(text)):
			t.Errorf("%s runs go but does not export GOTOOLCHAIN=%s (the Go that go.mod names)", path, toolchain)
		}
	}

	check("GNUmakefile", true)
	check(filepath.Join(".ci", "run"), true)
	scripts, err := filepath.Glob(filepath.Join("scripts", "*.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts/*.sh found: the test runs from the module root")
	}
	for _, script := range scripts {
		check(script, false)
	}
}
