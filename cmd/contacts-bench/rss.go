package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssSampler follows one terraform process while it runs: every interval it reads the peak resident
// set (VmHWM) of that process and of each of its children whose executable is named provider (the
// provider plugins it starts: several per command, one after the other). Children are found from the
// engine's PID (/proc/PID/task/*/children, else the parent PID of every process), never by name alone,
// so that another run's providers are not counted.
type rssSampler struct {
	pid      int
	provider string
	interval time.Duration

	mu        sync.Mutex
	engineKiB int64
	peaks     map[int]int64 // provider PID -> its VmHWM in KiB
	stop      chan struct{}
	done      chan struct{}
}

// rssPeaks is what a sampler saw.
type rssPeaks struct {
	EngineKiB   int64 // terraform's own peak
	ProviderKiB int64 // the largest peak of one provider process
	Providers   int   // provider processes seen
}

func startRSSSampler(pid int, provider string, interval time.Duration) *rssSampler {
	s := &rssSampler{pid: pid, provider: provider, interval: interval, peaks: map[int]int64{},
		stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// sample reads the peaks once. A process that has just ended is simply not there any more: its peak
// stays what the previous sample read.
func (s *rssSampler) sample() {
	engine, _ := vmHWM(s.pid)
	kids := childrenOf(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.engineKiB = max(s.engineKiB, engine)
	for _, c := range kids {
		if !isExecutable(c, s.provider) {
			continue
		}
		if kib, ok := vmHWM(c); ok {
			s.peaks[c] = max(s.peaks[c], kib)
		}
	}
}

// finish stops the sampler and returns the peaks.
func (s *rssSampler) finish() rssPeaks {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	p := rssPeaks{EngineKiB: s.engineKiB, Providers: len(s.peaks)}
	for _, kib := range s.peaks {
		p.ProviderKiB = max(p.ProviderKiB, kib)
	}
	return p
}

// childrenOf lists the PIDs whose parent is pid.
func childrenOf(pid int) []int {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	if len(tasks) > 0 {
		var out []int
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if c, err := strconv.Atoi(f); err == nil {
					out = append(out, c)
				}
			}
		}
		return out
	}
	// Kernels without CONFIG_PROC_CHILDREN: the parent PID of every process.
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(c); ok && ppid == pid {
			out = append(out, c)
		}
	}
	return out
}

// parentOf reads the parent PID from /proc/PID/stat ("PID (comm) STATE PPID ...").
func parentOf(pid int) (int, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// isExecutable reports whether process pid runs an executable named name.
func isExecutable(pid int, name string) bool {
	if exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe"); err == nil {
		return filepath.Base(strings.TrimSuffix(exe, " (deleted)")) == name
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	argv0, _, _ := bytes.Cut(b, []byte{0})
	return filepath.Base(string(argv0)) == name
}

// vmHWM reads the peak resident set size of pid in KiB from /proc/PID/status.
func vmHWM(pid int) (int64, bool) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
