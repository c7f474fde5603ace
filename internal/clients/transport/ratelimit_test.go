package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// After one request's 429, requests running in parallel wait for the reset instead of each
// collecting a 429 of their own.
func TestRateGateHoldsParallelRequestsAfter429(t *testing.T) {
	t.Parallel()
	var (
		log    attemptLog
		limits atomic.Int32
	)
	first429 := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if log.add() == 1 {
			limits.Add(1)
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			close(first429)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/first"}); err != nil || resp.StatusCode != 200 {
			t.Errorf("first: err %v resp %v", err, resp)
		}
	}()
	<-first429
	// Give the client a moment to read the 429; the other requests start well inside the second the
	// server asked for.
	time.Sleep(150 * time.Millisecond)
	const others = 4
	for range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/other"}); err != nil || resp.StatusCode != 200 {
				t.Errorf("other: err %v resp %v", err, resp)
			}
		}()
	}
	wg.Wait()

	if n := log.count(); n != 1+1+others {
		t.Fatalf("server saw %d requests, want %d (one 429, its retry, %d others)", n, 2+others, others)
	}
	for i := 1; i < log.count(); i++ {
		log.mu.Lock()
		gap := log.times[i].Sub(log.times[0])
		log.mu.Unlock()
		if gap < 900*time.Millisecond {
			t.Errorf("request %d reached the server %s after the 429, want >= ~1s (Retry-After: 1)", i+1, gap)
		}
	}
	if limits.Load() != 1 {
		t.Errorf("%d answers were 429, want 1", limits.Load())
	}
}

// A response that says the window is used up (X-RateLimit-Remaining: 0) and when it resets holds the
// next request until then; without a reset time, or with requests left, nothing is held.
func TestRateGateRemainingZeroHoldsUntilReset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header func() http.Header
		minGap time.Duration
		maxGap time.Duration
	}{
		{
			name: "remaining 0 with reset timestamp",
			header: func() http.Header {
				// One-second resolution: the reset is between 1 and 2 seconds away.
				return http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(time.Now().Unix()+2, 10)}}
			},
			minGap: 900 * time.Millisecond, maxGap: 5 * time.Second,
		},
		{
			name:   "remaining 0 with reset in seconds",
			header: func() http.Header { return http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"1"}} },
			minGap: 900 * time.Millisecond, maxGap: 5 * time.Second,
		},
		{
			name:   "remaining 0 without reset",
			header: func() http.Header { return http.Header{"X-Ratelimit-Remaining": {"0"}} },
			maxGap: 500 * time.Millisecond,
		},
		{
			name: "requests left",
			header: func() http.Header {
				return http.Header{"X-Ratelimit-Remaining": {"3"}, "X-Ratelimit-Reset": {strconv.FormatInt(time.Now().Unix()+5, 10)}}
			},
			maxGap: 500 * time.Millisecond,
		},
		{
			name:   "reset beyond MaxRetryAfter is not held",
			header: func() http.Header { return http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"3600"}} },
			maxGap: 500 * time.Millisecond,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var log attemptLog
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if log.add() == 1 {
					for k, v := range tc.header() {
						w.Header()[k] = v
					}
				}
				w.WriteHeader(http.StatusOK)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetryAfter = time.Minute })
			for i := range 2 {
				if resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil || resp.StatusCode != 200 {
					t.Fatalf("request %d: err %v resp %v", i+1, err, resp)
				}
			}
			if g := log.gap(1); g < tc.minGap || g > tc.maxGap {
				t.Errorf("second request came %s after the first, want between %s and %s", g, tc.minGap, tc.maxGap)
			}
		})
	}
}

// A request waiting at a closed gate gives up when its context ends, without being sent.
func TestRateGateWaitCancelled(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "30")
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, Request{Method: "POST", Path: "/x", Body: map[string]int{"a": 1}})
	if err == nil {
		t.Fatal("request went through a closed gate")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled wait took %s", d)
	}
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want 1", hits.Load())
	}
}

func TestRateLimitReset(t *testing.T) {
	t.Parallel()
	date := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	resp := func(h ...string) *http.Response {
		r := &http.Response{StatusCode: 200, Header: http.Header{}}
		for i := 0; i+1 < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		return r
	}
	tests := []struct {
		name   string
		resp   *http.Response
		want   time.Duration
		wantOK bool
	}{
		{"absent", resp(), 0, false},
		{"timestamp against Date", resp("Date", date.Format(http.TimeFormat), "X-RateLimit-Reset", strconv.FormatInt(date.Unix()+42, 10)), 42 * time.Second, true},
		{"timestamp in the past", resp("Date", date.Format(http.TimeFormat), "X-RateLimit-Reset", strconv.FormatInt(date.Unix()-5, 10)), 0, true},
		{"seconds", resp("X-RateLimit-Reset", "7"), 7 * time.Second, true},
		{"garbage", resp("X-RateLimit-Reset", "soon"), 0, false},
		{"negative", resp("X-RateLimit-Reset", "-3"), 0, false},
	}
	for _, tc := range tests {
		got, ok := rateLimitReset(tc.resp)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: got %s %v, want %s %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}
