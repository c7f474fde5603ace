package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndStops(t *testing.T) {
	const key = "secret-key-123"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--api-key", key, "--rate-limit", "maildiver=100,bland=5", "--seed", "3"}, outW, &stderr)
		_ = outW.Close() // an io.PipeWriter's Close always returns nil
	}()

	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(outR)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, outR)
	}()
	var line string
	select {
	case line = <-lines:
	case err := <-done:
		t.Fatalf("run ended early: %v; stderr: %s", err, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("no listening line")
	}
	base, ok := strings.CutPrefix(line, "listening on http://")
	if !ok || strings.HasSuffix(base, ":0") || !strings.HasPrefix(base, "127.0.0.1:") {
		t.Fatalf("first line = %q", line)
	}
	url := "http://" + base

	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	get := func(path, auth string) int {
		req, _ := http.NewRequest("GET", url+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if err := resp.Body.Close(); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	contacts := "/maildiver/v1/audiences/01959b50-eda7-7597-acb1-cfeffdd53400/contacts"
	if got := get(contacts+"?cursor=a", "Bearer "+key); got != 200 {
		t.Fatalf("with the key: %d", got)
	}
	if got := get(contacts, "Bearer mock-api-key"); got != 403 {
		t.Fatalf("with the default key: %d", got)
	}
	if got := get("/_mock/stats", ""); got != 200 {
		t.Fatalf("stats: %d", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	log := stderr.String()
	if !strings.Contains(log, "GET "+contacts+" 200") || !strings.Contains(log, "GET "+contacts+" 403") {
		t.Fatalf("request log lacks the requests:\n%s", log)
	}
	if strings.Contains(log, key) || strings.Contains(log, "mock-api-key") || strings.Contains(log, "Bearer") || strings.Contains(log, "cursor") {
		t.Fatalf("request log shows credentials or the query:\n%s", log)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--rate-limit", "maildiver"},
		{"--rate-limit", "maildiver=x"},
		{"--error-rate", "1.5"},
		{"--drop-response-rate", "-0.1"},
		{"--latency-ms", "-1"},
		{"--rate-limit", "nope=3"},
		{"--nope"},
		{"extra"},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("run %q: no error", args)
		}
		if out.Len() != 0 {
			t.Errorf("run %q printed %q", args, out.String())
		}
	}
}

func TestParseRateLimits(t *testing.T) {
	got, err := parseRateLimits(" maildiver=60, corporatemerch=40 ")
	if err != nil || len(got) != 2 || got["maildiver"] != 60 || got["corporatemerch"] != 40 {
		t.Fatalf("got %v, %v", got, err)
	}
	if got, err := parseRateLimits(""); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v, %v", got, err)
	}
}
