package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestToolchainPinnedEverywhere checks that every entry point that runs the go command selects the Go
// that go.mod's go directive names: GNUmakefile and .ci/run, and each script under scripts/ that calls
// go, since a user may run one on its own. A machine's own Go is older (go1.26.8 here, whose standard
// library has reachable vulnerabilities) and refuses the module, so a script left behind at a bump fails
// at its first go command.
func TestToolchainPinnedEverywhere(t *testing.T) {
	goMod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	directive := regexp.MustCompile(`(?m)^go (\d+\.\d+\.\d+)$`).FindSubmatch(goMod)
	if directive == nil {
		t.Fatal("go.mod has no go directive naming a full release (go 1.N.P), which GOTOOLCHAIN needs")
	}
	toolchain := "go" + string(directive[1])

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
