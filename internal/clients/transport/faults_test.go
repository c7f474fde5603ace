package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A 429 that says how long to wait is waited out and sent again without using up a retry: with no
// retries at all, a request answered 429 three times still succeeds, a create included (a 429 was
// not processed, so sending it again cannot duplicate it).
func TestRateLimitWaitIsNotAnAttempt(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if hits.Add(1) <= 3 {
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				w.WriteHeader(http.StatusCreated)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			resp, err := c.Do(context.Background(), Request{Method: method, Path: "/c", Body: map[string]string{"a": "b"}})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusCreated || hits.Load() != 4 {
				t.Errorf("status %d after %d requests, want 201 after 4", resp.StatusCode, hits.Load())
			}
		})
	}
}

// Rate-limit waiting is bounded: a wait beyond MaxRateLimitWait returns the 429 at once, and a 429
// without a wait hint is an ordinary counted retry.
func TestRateLimitWaitIsBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		wantHits   int32
	}{
		{"wait beyond the ceiling", "30", 1},
		{"no hint: counted retries", "", 3}, // MaxRetries 2
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(http.StatusTooManyRequests)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.MaxRetries = 2
				cfg.MaxRateLimitWait = time.Second
			})
			start := time.Now()
			resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/c"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusTooManyRequests || hits.Load() != tc.wantHits {
				t.Errorf("status %d after %d requests, want 429 after %d", resp.StatusCode, hits.Load(), tc.wantHits)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

// A request that cannot be built (an API key read from a file with its newline) fails at once: it is
// not retried and not described as possibly sent, and the secret is not in the message.
func TestUnbuildableRequestIsNotSentNorRetried(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	const key = "k3y-with-newline\n"
	for _, method := range []string{"GET", "POST"} {
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Auth = APIKeyHeader("x-api-key", key) })
		_, err := c.Do(context.Background(), Request{Method: method, Path: "/c", Body: map[string]string{}})
		if err == nil {
			t.Fatalf("%s: want an error", method)
		}
		msg := err.Error()
		if !errors.Is(err, ErrNotSent) || errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("%s: want ErrNotSent without ErrOutcomeUnknown: %v", method, err)
		}
		if !strings.Contains(msg, "X-Api-Key header") || !strings.Contains(msg, "nothing was sent") ||
			strings.Contains(msg, "may have reached") || strings.Contains(msg, "attempts") {
			t.Errorf("%s: message %q", method, msg)
		}
		if strings.Contains(msg, strings.TrimSpace(key)) {
			t.Errorf("%s: message shows the secret: %q", method, msg)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("server saw %d requests, want none", hits.Load())
	}
}

// A POST that is safe to repeat (a find-or-create) is sent again after a lost answer; the answer then
// says it is a resend, so the caller knows "not created" may mean "created by the first attempt".
// When such a POST ends in failure after an attempt that may have taken effect, its outcome is unknown;
// a read-only POST's never is.
func TestIdempotentPostResend(t *testing.T) {
	t.Parallel()
	t.Run("resent after a lost answer", func(t *testing.T) {
		t.Parallel()
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				hijackAfterBody(w, r)
				return
			}
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, nil)
		resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/resolve", Body: map[string]string{}, Idempotent: true})
		if err != nil || resp.StatusCode != 200 || !resp.Resent || hits.Load() != 2 {
			t.Fatalf("err %v resp %+v hits %d, want a 200 marked Resent after 2 requests", err, resp, hits.Load())
		}
	})
	t.Run("not resent after a refusal", func(t *testing.T) {
		t.Parallel()
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, nil)
		resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/resolve", Body: map[string]string{}, Idempotent: true})
		if err != nil || resp.StatusCode != 200 || resp.Resent {
			t.Fatalf("err %v resp %+v: a 503 was not processed, so the answer is not a resend", err, resp)
		}
	})
	for _, tc := range []struct {
		name        string
		readOnly    bool
		wantUnknown bool
	}{
		{"find-or-create fails after a lost answer", false, true},
		{"read-only search fails after a lost answer", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					hijackAfterBody(w, r)
					return
				}
				w.WriteHeader(http.StatusInternalServerError)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Body: map[string]string{},
				Idempotent: !tc.readOnly, ReadOnly: tc.readOnly})
			if got := errors.Is(err, ErrOutcomeUnknown); got != tc.wantUnknown {
				t.Fatalf("ErrOutcomeUnknown %v, want %v (err %v, resp %+v)", got, tc.wantUnknown, err, resp)
			}
			if hits.Load() != 4 { // MaxRetries 3
				t.Errorf("hits %d, want 4", hits.Load())
			}
		})
	}
}

// The vendor's rate-limit headers seed the pacer: an announced limit below the configured pacing
// lowers it, and "no requests remaining" makes the next request wait a pacing interval.
func TestRateLimitHeadersSeedPacing(t *testing.T) {
	t.Parallel()
	t.Run("announced limit", func(t *testing.T) {
		t.Parallel()
		var log attemptLog
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			log.add()
			w.Header().Set("X-RateLimit-Limit", "5") // 5 per second: one every 200ms
			w.Header().Set("X-RateLimit-Remaining", "4")
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, func(cfg *Config) {
			cfg.RequestsPerMinute = 6000 // one every 10ms
			cfg.RateLimitWindow = time.Second
		})
		for range 3 {
			if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/c"}); err != nil {
				t.Fatal(err)
			}
		}
		if g := log.gap(2); g < 150*time.Millisecond {
			t.Errorf("third request came %s after the second, want about 200ms (the vendor's 5/s)", g)
		}
	})
	t.Run("nothing remaining", func(t *testing.T) {
		t.Parallel()
		var log attemptLog
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			log.add()
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerMinute = 300 }) // one every 200ms
		for range 2 {
			if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/c"}); err != nil {
				t.Fatal(err)
			}
		}
		// Without the drain the second request would wait one interval (200ms); with it, two.
		if g := log.gap(1); g < 350*time.Millisecond {
			t.Errorf("second request came %s after the first, want about 400ms", g)
		}
	})
}

// An update or delete that fails in the end after an attempt that may have reached the server has an
// unknown outcome (the caller reads the object back to record what the server holds); one refused
// every time without being processed (503) has not.
func TestWriteFailingAfterPossibleEffect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		method      string
		first       func(w http.ResponseWriter, r *http.Request)
		then        int
		wantUnknown bool
	}{
		{"PATCH lost, then 500s", "PATCH", hijackAfterBody, http.StatusInternalServerError, true},
		{"PUT 500s", "PUT", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }, http.StatusInternalServerError, true},
		{"DELETE lost, then 503s", "DELETE", hijackAfterBody, http.StatusServiceUnavailable, true},
		{"PATCH 503s only", "PATCH", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }, http.StatusServiceUnavailable, false},
		{"GET lost, then 500s", "GET", hijackAfterBody, http.StatusInternalServerError, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					tc.first(w, r)
					return
				}
				w.WriteHeader(tc.then)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			resp, err := c.Do(context.Background(), Request{Method: tc.method, Path: "/c/1", Body: map[string]string{"a": "b"}})
			if got := errors.Is(err, ErrOutcomeUnknown); got != tc.wantUnknown {
				t.Fatalf("ErrOutcomeUnknown %v, want %v (err %v, resp %+v)", got, tc.wantUnknown, err, resp)
			}
			if hits.Load() != 4 {
				t.Errorf("hits %d, want 4 (MaxRetries 3)", hits.Load())
			}
		})
	}
}
