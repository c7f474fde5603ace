package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRSSSamplerCountsOnlyTheEnginesProviders starts a stand-in engine (a shell) that starts one
// "provider" (a copy of sleep under the provider's name) and one other child, while the test itself
// runs another "provider" that is no child of the engine: only the engine's own provider is counted.
func TestRSSSamplerCountsOnlyTheEnginesProviders(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep on PATH")
	}
	dir := t.TempDir()
	fake := filepath.Join(dir, "terraform-provider-contacts")
	b, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fake, b, 0o755); err != nil {
		t.Fatal(err)
	}

	stranger := exec.Command(fake, "30")
	if err := stranger.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stranger.Process.Kill(); _ = stranger.Wait() }()

	engine := exec.Command("sh", "-c", `"$0" 30 & echo "provider $!"; sleep 30 & echo "other $!"; wait`, fake)
	out, err := engine.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := engine.Start(); err != nil {
		t.Fatal(err)
	}
	var kids []int
	defer func() {
		for _, pid := range kids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		_ = engine.Process.Kill()
		_ = engine.Wait()
	}()
	sc := bufio.NewScanner(out)
	for len(kids) < 2 && sc.Scan() {
		_, pid, _ := strings.Cut(sc.Text(), " ")
		n, err := strconv.Atoi(pid)
		if err != nil {
			t.Fatalf("line %q", sc.Text())
		}
		kids = append(kids, n)
	}
	if len(kids) != 2 {
		t.Fatal("the stand-in engine did not start its children")
	}

	s := startRSSSampler(engine.Process.Pid, "terraform-provider-contacts", 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	p := s.finish()
	if p.Providers != 1 || p.ProviderKiB <= 0 || p.EngineKiB <= 0 {
		t.Fatalf("got %+v, want one provider with a peak, and the engine's peak", p)
	}
	if kib, ok := vmHWM(kids[0]); !ok || p.ProviderKiB != kib {
		t.Fatalf("provider peak %d KiB, its VmHWM reads %d (%v)", p.ProviderKiB, kib, ok)
	}
}

func TestParentOf(t *testing.T) {
	if ppid, ok := parentOf(os.Getpid()); !ok || ppid != os.Getppid() {
		t.Fatalf("parentOf(self) = %d, %v; want %d", ppid, ok, os.Getppid())
	}
}
