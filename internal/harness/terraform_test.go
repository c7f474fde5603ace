package harness

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeEngine writes a shell script standing in for terraform.
func fakeEngine(t *testing.T, script string) *Terraform {
	t.Helper()
	dir := t.TempDir()
	engine := filepath.Join(dir, "terraform")
	if err := os.WriteFile(engine, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return &Terraform{Engine: engine, Dir: dir, Env: []string{"PATH=" + os.Getenv("PATH")}, Timeout: time.Minute,
		KillGrace: 300 * time.Millisecond}
}

func TestRunAddsFlagsAndLogs(t *testing.T) {
	tf := fakeEngine(t, `echo "args: $*"; echo "to stderr" >&2; exit 2`)
	r := tf.Run("plan", "-detailed-exitcode")
	if r.Exit != 2 {
		t.Fatalf("exit %d, want 2; output %q", r.Exit, r.Output)
	}
	if !strings.Contains(r.Stdout, "args: plan -detailed-exitcode -no-color -input=false") || strings.Contains(r.Stdout, "to stderr") {
		t.Fatalf("stdout %q", r.Stdout)
	}
	if !strings.Contains(r.Output, "to stderr") {
		t.Fatalf("output lacks stderr: %q", r.Output)
	}
	// show takes no -input flag.
	if r := tf.Run("show", "-json"); !strings.Contains(r.Stdout, "args: show -json -no-color\n") {
		t.Fatalf("show: %q", r.Stdout)
	}
	log, err := os.ReadFile(filepath.Join(tf.Dir, "01-plan.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "$ terraform plan -detailed-exitcode") || !strings.Contains(string(log), "--- exit 2 after") {
		t.Fatalf("log:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(tf.Dir, "02-show.log")); err != nil {
		t.Fatal("the second command has no log of its own")
	}
}

func TestInterruptSendsSIGINTByPID(t *testing.T) {
	tf := fakeEngine(t, `trap 'echo "got INT"; exit 7' INT
echo "Creating..."
i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
exit 0`)
	ready := make(chan struct{})
	c, err := tf.Start(func(line string) {
		if strings.HasSuffix(line, "Creating...") {
			close(ready)
		}
	}, "apply")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("no output line seen")
	}
	c.Interrupt()
	r := c.WaitBounded(10 * time.Second)
	if r.Exit != 7 || !strings.Contains(r.Output, "got INT") || r.Interrupted == 0 || r.Killed || r.TimedOut {
		t.Fatalf("got %+v", r)
	}
}

func TestCommandIgnoringSIGINTIsKilledWithItsChildren(t *testing.T) {
	tf := fakeEngine(t, `trap '' INT
sleep 300 &
echo "child $!"
wait`)
	tf.Timeout = 200 * time.Millisecond
	var child int
	childSeen := make(chan struct{})
	c, err := tf.Start(func(line string) {
		if pid, ok := strings.CutPrefix(line, "child "); ok {
			child, _ = strconv.Atoi(pid)
			close(childSeen)
		}
	}, "apply")
	if err != nil {
		t.Fatal(err)
	}
	<-childSeen
	start := time.Now()
	done := make(chan Result, 1)
	go func() { done <- c.Wait() }()
	var r Result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the command did not stop")
	}
	if !r.TimedOut || !r.Killed || r.Exit != -1 {
		t.Fatalf("got %+v, want timed out and killed", r)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %s to stop", d)
	}
	// The child (same process group) is gone too: no process, or a zombie waiting for its reaper.
	deadline := time.Now().Add(5 * time.Second)
	for alive(child) {
		if time.Now().After(deadline) {
			t.Fatalf("child %d of the killed command still runs", child)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses: "123 (sleep) Z ...".
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
	return !strings.HasPrefix(strings.TrimSpace(rest), "Z")
}

func TestErrorTitles(t *testing.T) {
	out := "Error: MailDiver contact creation failed\n\n  with x\n\nError: MailDiver contact creation failed\n" +
		"│ Error: execution halted\nError: Bland contact already exists\nWarning: Error: not a title\n"
	got := ErrorTitles(out)
	want := []string{"MailDiver contact creation failed ×2", "Bland contact already exists ×1", "execution halted ×1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("ErrorTitles = %q, want %q", got, want)
	}
}
