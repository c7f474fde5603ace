// Package harness runs the Terraform engine and the mock vendor APIs (cmd/contacts-mockapi) as child
// processes for the command-line suites (cmd/contacts-chaos, cmd/contacts-bench): each command in its
// own process group with a log file and a timeout, each process stopped by its PID, and StopAll for an
// interrupt of the suite.
package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Terraform runs the engine in one working directory with a fixed environment, one log file per command.
type Terraform struct {
	Engine  string
	Dir     string
	Env     []string
	Timeout time.Duration // per command; then SIGINT, and SIGKILL to its process group after KillGrace
	// KillGrace is how long a command may take to stop after SIGINT before its process group is
	// killed; DefaultKillGrace when zero.
	KillGrace time.Duration
	TFLog     string // TF_LOG level for a per-command provider log; "" for none
	step      int    // numbers the log files in the order the commands ran
}

// DefaultKillGrace is the KillGrace of a Terraform that sets none.
const DefaultKillGrace = 60 * time.Second

func (t *Terraform) grace() time.Duration {
	if t.KillGrace > 0 {
		return t.KillGrace
	}
	return DefaultKillGrace
}

// Result is one finished command.
type Result struct {
	Args     []string
	Exit     int // the exit status; -1 when it was killed
	Wall     time.Duration
	Stdout   string
	Output   string // stdout, then stderr
	Log      string // the log file
	TimedOut bool   // the timeout ran out and it was interrupted
	Killed   bool   // it did not stop after SIGINT and its process group was killed
	// Interrupted is when the caller's SIGINT was sent (zero when it was not), relative to the start.
	Interrupted time.Duration
}

// Command is a started command; Wait returns its result.
type Command struct {
	tf        *Terraform
	cmd       *exec.Cmd
	args      []string
	start     time.Time
	logFile   *os.File
	out       *lineWriter // stdout
	errOut    *lineWriter // stderr
	done      chan struct{}
	mu        sync.Mutex
	sigintAt  time.Duration
	timedOut  bool
	killed    bool
	waitErr   error
	logPath   string
	timeoutCh *time.Timer
}

// Run runs one command to its end (bounded by the timeout).
func (t *Terraform) Run(args ...string) Result {
	c, err := t.Start(nil, args...)
	if err != nil {
		return Result{Args: args, Exit: -1, Output: err.Error()}
	}
	return c.Wait()
}

// Start starts a command; onLine, when set, sees each line of its output as it comes. Its flags get
// -no-color, and -input=false unless it is show.
func (t *Terraform) Start(onLine func(string), args ...string) (*Command, error) {
	t.step++
	name := fmt.Sprintf("%02d-%s.log", t.step, strings.Join(args[:1], "-"))
	logPath := filepath.Join(t.Dir, name)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	full := append(append([]string{}, args...), "-no-color")
	if args[0] != "show" {
		full = append(full, "-input=false")
	}
	if _, err := fmt.Fprintf(logFile, "$ %s %s\n\n", filepath.Base(t.Engine), strings.Join(full, " ")); err != nil {
		return nil, errors.Join(err, logFile.Close())
	}
	cmd := exec.Command(t.Engine, full...)
	cmd.Dir = t.Dir
	cmd.Env = t.Env
	if t.TFLog != "" {
		cmd.Env = append(append([]string{}, t.Env...), "TF_LOG="+t.TFLog,
			"TF_LOG_PATH="+strings.TrimSuffix(logPath, ".log")+".tflog")
	}
	// Its own process group, so that the provider plugins it starts can be killed with it if it hangs;
	// the interrupt itself goes to the terraform process only, by PID.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A child that outlives terraform and keeps its output open must not keep the suite waiting.
	cmd.WaitDelay = 10 * time.Second
	c := &Command{tf: t, cmd: cmd, args: args, logFile: logFile, logPath: logPath, done: make(chan struct{})}
	c.out = &lineWriter{dst: logFile, onLine: onLine}
	c.errOut = &lineWriter{dst: logFile, onLine: onLine}
	cmd.Stdout, cmd.Stderr = c.out, c.errOut
	c.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("starting %s: %w", t.Engine, err), logFile.Close())
	}
	key := children.add(c.interruptAndReap)
	go func() {
		c.waitErr = cmd.Wait()
		close(c.done)
		children.remove(key)
	}()
	c.timeoutCh = time.AfterFunc(t.Timeout, func() {
		c.mu.Lock()
		c.timedOut = true
		c.mu.Unlock()
		c.interruptAndReap()
	})
	return c, nil
}

// Interrupt sends SIGINT to the terraform process (by PID), as Ctrl-C would.
func (c *Command) Interrupt() {
	c.mu.Lock()
	if c.sigintAt == 0 {
		c.sigintAt = time.Since(c.start)
	}
	c.mu.Unlock()
	_ = c.cmd.Process.Signal(syscall.SIGINT)
}

// interruptAndReap interrupts the command and kills its process group if it has not ended after KillGrace.
func (c *Command) interruptAndReap() {
	c.Interrupt()
	select {
	case <-c.done:
	case <-time.After(c.tf.grace()):
		c.mu.Lock()
		c.killed = true
		c.mu.Unlock()
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// WaitBounded waits at most d for the command to end by itself, then interrupts and reaps it.
func (c *Command) WaitBounded(d time.Duration) Result {
	select {
	case <-c.done:
	case <-time.After(d):
		c.mu.Lock()
		c.timedOut = true
		c.mu.Unlock()
		c.interruptAndReap()
	}
	return c.Wait()
}

// Exited reports whether the command has ended.
func (c *Command) Exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// Step is the number of the last command's log file (01-plan.log is step 1), for files a suite
// writes beside the logs.
func (t *Terraform) Step() int { return t.step }

// Done is closed when the command has ended.
func (c *Command) Done() <-chan struct{} { return c.done }

// Pid is the terraform process's PID.
func (c *Command) Pid() int { return c.cmd.Process.Pid }

// Elapsed is the time since the command started.
func (c *Command) Elapsed() time.Duration { return time.Since(c.start) }

// Wait waits for the command to end (bounded by its timeout) and returns its result.
func (c *Command) Wait() Result {
	<-c.done
	c.timeoutCh.Stop()
	wall := time.Since(c.start)
	c.mu.Lock()
	defer c.mu.Unlock()
	r := Result{Args: c.args, Exit: c.cmd.ProcessState.ExitCode(), Wall: wall, Stdout: c.out.String(), Output: c.out.String() + c.errOut.String(), Log: c.logPath,
		TimedOut: c.timedOut, Killed: c.killed, Interrupted: c.sigintAt}
	var ee *exec.ExitError
	if c.waitErr != nil && !errors.As(c.waitErr, &ee) {
		r.Output += "\n" + c.waitErr.Error()
	}
	_, err := fmt.Fprintf(c.logFile, "\n--- exit %d after %s%s\n", r.Exit, wall.Round(time.Millisecond), r.Note())
	if err := errors.Join(err, c.logFile.Close()); err != nil {
		r.Output += "\nwriting " + c.logPath + ": " + err.Error()
	}
	return r
}

// Note says how the command was stopped, if it was: " (SIGINT at 1.2s, timed out)", else "".
func (r Result) Note() string {
	var n []string
	if r.Interrupted > 0 {
		n = append(n, fmt.Sprintf("SIGINT at %s", r.Interrupted.Round(time.Millisecond)))
	}
	if r.TimedOut {
		n = append(n, "timed out")
	}
	if r.Killed {
		n = append(n, "process group killed")
	}
	if len(n) == 0 {
		return ""
	}
	return " (" + strings.Join(n, ", ") + ")"
}

// children are the stop functions of the processes the suite has running, so that an interrupt of
// the suite stops them (terraform runs in its own process group, which a terminal's Ctrl-C misses).
// StopAll runs them.
var children = &processSet{stops: map[int]func(){}}

type processSet struct {
	mu    sync.Mutex
	next  int
	stops map[int]func()
}

// add registers a stop function and returns the key that removes it.
func (p *processSet) add(stop func()) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next++
	p.stops[p.next] = stop
	return p.next
}

func (p *processSet) remove(key int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.stops, key)
}

// StopAll stops every terraform command and mock the suite has running, at once, and waits for them:
// for a signal handler of the suite.
func StopAll() { children.stopAll() }

// stopAll runs every stop function at once and waits for them.
func (p *processSet) stopAll() {
	p.mu.Lock()
	var stops []func()
	for _, s := range p.stops {
		stops = append(stops, s)
	}
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range stops {
		wg.Add(1)
		go func() { defer wg.Done(); s() }()
	}
	wg.Wait()
}

// lineWriter copies output to dst, keeps it, and passes complete lines to onLine.
type lineWriter struct {
	mu     sync.Mutex
	dst    io.Writer
	buf    bytes.Buffer
	part   []byte
	onLine func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	_, _ = w.dst.Write(p)
	if w.onLine != nil {
		w.part = append(w.part, p...)
		for {
			i := bytes.IndexByte(w.part, '\n')
			if i < 0 {
				break
			}
			w.onLine(string(w.part[:i]))
			w.part = w.part[i+1:]
		}
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// errorLine matches the title line of a Terraform diagnostic ("Error: Creating MailDiver contact failed").
var errorLine = regexp.MustCompile(`(?m)^(?:│ )?Error: (.+)$`)

// ErrorTitles counts the errors a command reported, by title, most frequent first: "Creating X failed ×7".
func ErrorTitles(output string) []string {
	counts := map[string]int{}
	for _, m := range errorLine.FindAllStringSubmatch(output, -1) {
		counts[strings.TrimSpace(m[1])]++
	}
	titles := make([]string, 0, len(counts))
	for t := range counts {
		titles = append(titles, t)
	}
	sort.Slice(titles, func(i, j int) bool {
		if counts[titles[i]] != counts[titles[j]] {
			return counts[titles[i]] > counts[titles[j]]
		}
		return titles[i] < titles[j]
	})
	out := make([]string, len(titles))
	for i, t := range titles {
		out[i] = fmt.Sprintf("%s ×%d", t, counts[t])
	}
	return out
}
