package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// faults are the mock's fault switches for one scenario, passed as contacts-mockapi flags so they are
// in force from its first request.
type faults struct {
	ErrorRate        float64
	DropResponseRate float64
	LatencyMS        int
}

func (f faults) String() string {
	var parts []string
	if f.ErrorRate > 0 {
		parts = append(parts, fmt.Sprintf("error_rate %g", f.ErrorRate))
	}
	if f.DropResponseRate > 0 {
		parts = append(parts, fmt.Sprintf("drop_response_rate %g", f.DropResponseRate))
	}
	if f.LatencyMS > 0 {
		parts = append(parts, fmt.Sprintf("latency_ms %d", f.LatencyMS))
	}
	if len(parts) == 0 {
		return "no faults"
	}
	return strings.Join(parts, ", ")
}

// corporateMerchLimit is Corporate Merch's documented limit (40 requests per minute per client), which
// every mock enforces so the provider's pacing is tested.
const corporateMerchLimit = 40

// mockProcess is one running contacts-mockapi.
type mockProcess struct {
	cmd    *exec.Cmd
	URL    string
	client *http.Client
	done   chan struct{}
}

// startMock starts bin on a free loopback port with the given seed and faults, logging its requests to
// logPath, and waits (bounded) for its "listening on" line.
func startMock(bin, apiKey string, seed int64, f faults, logPath string) (*mockProcess, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := []string{
		"--listen", "127.0.0.1:0", "--api-key", apiKey, "--seed", strconv.FormatInt(seed, 10),
		"--rate-limit", fmt.Sprintf("corporatemerch=%d", corporateMerchLimit),
		"--error-rate", strconv.FormatFloat(f.ErrorRate, 'g', -1, 64),
		"--drop-response-rate", strconv.FormatFloat(f.DropResponseRate, 'g', -1, 64),
		"--latency-ms", strconv.Itoa(f.LatencyMS),
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	m := &mockProcess{cmd: cmd, client: &http.Client{Timeout: 30 * time.Second}, done: make(chan struct{})}
	key := children.add(m.stop)
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(m.done)
		children.remove(key)
	}()

	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l, ok := <-line:
		addr, found := strings.CutPrefix(l, "listening on ")
		if !ok || !found {
			m.stop()
			return nil, fmt.Errorf("the mock API did not report its address (see %s)", logPath)
		}
		m.URL = addr
	case <-time.After(15 * time.Second):
		m.stop()
		return nil, fmt.Errorf("the mock API did not start within 15s (see %s)", logPath)
	}
	return m, nil
}

// stop ends the mock by its PID: SIGTERM, then SIGKILL if it has not exited within 10s.
func (m *mockProcess) stop() {
	if m == nil || m.cmd.Process == nil {
		return
	}
	m.client.CloseIdleConnections()
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

func (m *mockProcess) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.URL+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", path, resp.Status, strings.TrimSpace(string(body)))
	}
	return body, nil
}

// mockStats is the body of GET /_mock/stats (the fields the suite uses).
type mockStats struct {
	Total    int            `json:"total"`
	ByVendor map[string]int `json:"by_vendor"`
	ByStatus map[string]int `json:"by_status"`
}

func (m *mockProcess) stats(ctx context.Context) (mockStats, error) {
	body, err := m.get(ctx, "/_mock/stats")
	if err != nil {
		return mockStats{}, err
	}
	var s mockStats
	if err := json.Unmarshal(body, &s); err != nil {
		return mockStats{}, fmt.Errorf("/_mock/stats: %w", err)
	}
	return s, nil
}

// store returns the raw body of GET /_mock/store/{vendor}.
func (m *mockProcess) store(ctx context.Context, vendor string) ([]byte, error) {
	body, err := m.get(ctx, "/_mock/store/"+vendor)
	if err != nil {
		return nil, err
	}
	if !json.Valid(body) {
		return nil, errors.New("/_mock/store: not JSON")
	}
	return body, nil
}

// statsDelta is what happened at the mock between two readings, for one vendor.
type statsDelta struct {
	Requests int            // requests to the vendor
	ByStatus map[string]int // answers by status (all vendors: one vendor per mock)
}

func deltaOf(before, after mockStats, vendor string) statsDelta {
	d := statsDelta{Requests: after.ByVendor[vendor] - before.ByVendor[vendor], ByStatus: map[string]int{}}
	for k, n := range after.ByStatus {
		if n -= before.ByStatus[k]; n != 0 {
			d.ByStatus[k] = n
		}
	}
	return d
}

// faultAnswers counts the answers that were injected faults, rate-limit refusals or conflicts:
// "500:3 503:2 dropped:4 429:1 409:2".
func (d statsDelta) faultAnswers() string {
	var parts []string
	for _, k := range []string{"500", "503", "dropped", "429", "409"} {
		if d.ByStatus[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s:%d", k, d.ByStatus[k]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}
