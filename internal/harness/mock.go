package harness

import (
	"bufio"
	"bytes"
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

// MockOptions start one contacts-mockapi.
type MockOptions struct {
	APIKey  string
	Seed    int64
	Flags   []string // further contacts-mockapi flags (faults, --rate-limit), in force from its first request
	LogPath string   // its request log (stderr)
}

// Mock is one running contacts-mockapi, or one already served elsewhere (MockAt).
type Mock struct {
	URL    string
	cmd    *exec.Cmd
	client *http.Client
	done   chan struct{}
}

// MockAt talks to a mock already served at url (an in-process mock of a test); Stop does nothing.
func MockAt(url string) *Mock {
	return &Mock{URL: url, client: &http.Client{Timeout: 30 * time.Second}}
}

// StartMock starts bin on a free loopback port and waits (bounded) for its "listening on" line.
func StartMock(bin string, o MockOptions) (*Mock, error) {
	logFile, err := os.Create(o.LogPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"--listen", "127.0.0.1:0", "--api-key", o.APIKey, "--seed", strconv.FormatInt(o.Seed, 10)}, o.Flags...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, errors.Join(err, logFile.Close())
	}
	if err := cmd.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("starting %s: %w", bin, err), logFile.Close())
	}
	m := &Mock{cmd: cmd, client: &http.Client{Timeout: 30 * time.Second}, done: make(chan struct{})}
	key := children.add(m.Stop)
	go func() {
		_ = cmd.Wait()
		_ = logFile.Close() // the mock has exited: nobody is left to tell that its log is short
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
			m.Stop()
			return nil, fmt.Errorf("the mock API did not report its address (see %s)", o.LogPath)
		}
		m.URL = addr
	case <-time.After(15 * time.Second):
		m.Stop()
		return nil, fmt.Errorf("the mock API did not start within 15s (see %s)", o.LogPath)
	}
	return m, nil
}

// Stop ends the mock by its PID: SIGTERM, then SIGKILL if it has not exited within 10s.
func (m *Mock) Stop() {
	if m == nil || m.cmd == nil || m.cmd.Process == nil {
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

// Get returns the body of a GET of path, which must answer 200.
func (m *Mock) Get(ctx context.Context, path string) ([]byte, error) {
	return m.Send(ctx, http.MethodGet, path, nil, nil)
}

// Send sends a request to the mock (body, when not nil, as JSON; header added) and returns the answer's
// body; an answer other than 2xx is an error that quotes it.
func (m *Mock) Send(ctx context.Context, method, path string, body any, header http.Header) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.URL+path, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	out, err := io.ReadAll(resp.Body)
	if err := errors.Join(err, resp.Body.Close()); err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(out)))
	}
	return out, nil
}

// Stats is the body of GET /_mock/stats.
type Stats struct {
	Total    int            `json:"total"`
	ByVendor map[string]int `json:"by_vendor"`
	ByStatus map[string]int `json:"by_status"` // "200", "429", ..., "dropped"
	ByRoute  map[string]int `json:"by_route"`  // "GET /maildiver/v1/audiences/{audienceId}/contacts": N
}

// Stats reads GET /_mock/stats.
func (m *Mock) Stats(ctx context.Context) (Stats, error) {
	body, err := m.Get(ctx, "/_mock/stats")
	if err != nil {
		return Stats{}, err
	}
	var s Stats
	if err := json.Unmarshal(body, &s); err != nil {
		return Stats{}, fmt.Errorf("/_mock/stats: %w", err)
	}
	return s, nil
}

// Store returns the raw body of GET /_mock/store/{vendor}.
func (m *Mock) Store(ctx context.Context, vendor string) ([]byte, error) {
	body, err := m.Get(ctx, "/_mock/store/"+vendor)
	if err != nil {
		return nil, err
	}
	if !json.Valid(body) {
		return nil, errors.New("/_mock/store: not JSON")
	}
	return body, nil
}

// Reset clears the mock's stored data, stats and rate-limit windows and puts back its starting faults
// (POST /_mock/reset).
func (m *Mock) Reset(ctx context.Context) error {
	_, err := m.Send(ctx, http.MethodPost, "/_mock/reset", nil, nil)
	return err
}

// SetFaults replaces the faults in force (PUT /_mock/faults, in the mock's JSON shape, e.g.
// {"rate_limit_per_minute": {"corporatemerch": 40}}); the rate-limit windows start again.
func (m *Mock) SetFaults(ctx context.Context, faults map[string]any) error {
	_, err := m.Send(ctx, http.MethodPut, "/_mock/faults", faults, nil)
	return err
}
