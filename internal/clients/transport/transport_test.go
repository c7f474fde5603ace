package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// newTestClient builds a client with millisecond backoff for tests.
func newTestClient(t *testing.T, baseURL string, mutate func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Vendor:       "testvendor",
		BaseURL:      baseURL,
		UserAgent:    "terraform-provider-contacts/test",
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// attemptLog records when each request reached the server.
type attemptLog struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *attemptLog) add() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.times = append(a.times, time.Now())
	return len(a.times)
}

func (a *attemptLog) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.times)
}

func (a *attemptLog) gap(i int) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.times[i].Sub(a.times[i-1])
}

func TestNewRejectsBadBaseURL(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "api.example.com/v1", "ftp://example.com", "https://", "https://exa mple.com", "https://example.com/#x"} {
		if _, err := New(Config{Vendor: "maildiver", BaseURL: raw}); err == nil {
			t.Errorf("New(%q) succeeded, want error", raw)
		} else if !strings.HasPrefix(err.Error(), "maildiver: invalid base URL") {
			t.Errorf("New(%q) error %q lacks vendor prefix", raw, err)
		}
	}
	c, err := New(Config{Vendor: "maildiver", BaseURL: "https://api.maildiver.com/v1/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://api.maildiver.com/v1" {
		t.Errorf("BaseURL() = %q", got)
	}
}

func TestURLJoining(t *testing.T) {
	t.Parallel()
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.URL.RequestURI()
	}))
	defer srv.Close()

	tests := []struct {
		base, path string
		query      url.Values
		want       string
	}{
		{"/v1", "/audiences/a/contacts/b", nil, "/v1/audiences/a/contacts/b"},
		{"/v1/", "/audiences", nil, "/v1/audiences"},
		{"/v1/", "audiences", nil, "/v1/audiences"},
		{"", "/v1/contacts", nil, "/v1/contacts"},
		{"/", "contacts", nil, "/contacts"},
		{"/api", "/public/v2/contacts/7", url.Values{"structure": {"NESTED"}}, "/api/public/v2/contacts/7?structure=NESTED"},
		{"/v1", "/contacts/a%2Fb", nil, "/v1/contacts/a%2Fb"},
		{"/v1", "/contacts?limit=5", url.Values{"offset": {"10"}}, "/v1/contacts?limit=5&offset=10"},
		{"/v1", "", nil, "/v1"},
	}
	for _, tc := range tests {
		c := newTestClient(t, srv.URL+tc.base, nil)
		if _, err := c.Do(context.Background(), Request{Method: "GET", Path: tc.path, Query: tc.query}); err != nil {
			t.Fatalf("base %q path %q: %v", tc.base, tc.path, err)
		}
		if g := <-got; g != tc.want {
			t.Errorf("base %q path %q: server saw %q, want %q", tc.base, tc.path, g, tc.want)
		}
	}
}

func TestHeadersAndBody(t *testing.T) {
	t.Parallel()
	type seen struct {
		method string
		header http.Header
		body   []byte
	}
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.Header.Clone(), b}
		w.Header().Set("X-Echo", "1")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"c1"}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)

	resp, err := c.Do(context.Background(), Request{Method: "post", Path: "/contacts", Body: map[string]string{"email": "a@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	s := <-got
	if s.method != "POST" {
		t.Errorf("method %q", s.method)
	}
	if g := s.header.Get("User-Agent"); g != "terraform-provider-contacts/test" {
		t.Errorf("User-Agent %q", g)
	}
	if g := s.header.Get("Accept"); g != "application/json" {
		t.Errorf("Accept %q", g)
	}
	if g := s.header.Get("Content-Type"); g != "application/json" {
		t.Errorf("Content-Type %q", g)
	}
	if string(s.body) != `{"email":"a@example.com"}` {
		t.Errorf("body %s", s.body)
	}
	if resp.StatusCode != http.StatusCreated || string(resp.Body) != `{"id":"c1"}` || resp.Header.Get("X-Echo") != "1" {
		t.Errorf("response %d %q %v", resp.StatusCode, resp.Body, resp.Header)
	}

	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/contacts"}); err != nil {
		t.Fatal(err)
	}
	s = <-got
	if g := s.header.Get("Content-Type"); g != "" {
		t.Errorf("GET without body has Content-Type %q", g)
	}
	if g := s.header.Get("User-Agent"); g != "terraform-provider-contacts/test" {
		t.Errorf("User-Agent %q", g)
	}
	if len(s.body) != 0 {
		t.Errorf("GET body %q", s.body)
	}
}

// TestRetryOnStatus covers which statuses are retried for which methods: requests that are safe to
// repeat on 429 and every 5xx; a create only on 429 and 503, and any other 5xx leaves its outcome
// unknown (an error wrapping ErrOutcomeUnknown, not sent again).
func TestRetryOnStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method      string
		status      int
		failures    int // failing answers before a 200
		wantStatus  int // 0: Do returns an error wrapping ErrOutcomeUnknown
		wantHits    int
		idempotent  bool
		readOnlyReq bool
	}{
		{method: "GET", status: 503, failures: 2, wantStatus: 200, wantHits: 3},
		{method: "GET", status: 502, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "GET", status: 504, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "GET", status: 500, failures: 2, wantStatus: 200, wantHits: 3},
		{method: "GET", status: 429, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "PATCH", status: 503, failures: 2, wantStatus: 200, wantHits: 3},
		{method: "PATCH", status: 500, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "PATCH", status: 504, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "PUT", status: 500, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "PUT", status: 502, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "DELETE", status: 500, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "DELETE", status: 504, failures: 1, wantStatus: 200, wantHits: 2},
		{method: "POST", status: 429, failures: 2, wantStatus: 200, wantHits: 3},
		{method: "POST", status: 503, failures: 2, wantStatus: 200, wantHits: 3},
		{method: "POST", status: 500, failures: 1, wantStatus: 0, wantHits: 1},
		{method: "POST", status: 502, failures: 1, wantStatus: 0, wantHits: 1},
		{method: "POST", status: 504, failures: 1, wantStatus: 0, wantHits: 1},
		{method: "POST", status: 500, failures: 1, wantStatus: 200, wantHits: 2, idempotent: true},
		{method: "POST", status: 500, failures: 1, wantStatus: 200, wantHits: 2, readOnlyReq: true},
		{method: "GET", status: 404, failures: 1, wantStatus: 404, wantHits: 1},
		{method: "PATCH", status: 409, failures: 1, wantStatus: 409, wantHits: 1},
		{method: "POST", status: 400, failures: 1, wantStatus: 400, wantHits: 1},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s_%d", tc.method, tc.status)
		if tc.idempotent {
			name += "_idempotent"
		}
		if tc.readOnlyReq {
			name += "_read_only"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if int(hits.Add(1)) <= tc.failures {
					w.WriteHeader(tc.status)
					_, _ = w.Write([]byte(`{"message":"try later"}`))
					return
				}
				_, _ = w.Write([]byte(`{"ok":true}`))
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			resp, err := c.Do(context.Background(), Request{Method: tc.method, Path: "/c", Body: map[string]int{"a": 1},
				Idempotent: tc.idempotent, ReadOnly: tc.readOnlyReq})
			if tc.wantStatus == 0 {
				if !errors.Is(err, ErrOutcomeUnknown) {
					t.Fatalf("want an error wrapping ErrOutcomeUnknown, got %v (response %v)", err, resp)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("answered %d", tc.status)) {
					t.Errorf("error %q does not name the status", err)
				}
			} else {
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if resp.StatusCode != tc.wantStatus {
					t.Errorf("status %d, want %d", resp.StatusCode, tc.wantStatus)
				}
			}
			if int(hits.Load()) != tc.wantHits {
				t.Errorf("server hits %d, want %d", hits.Load(), tc.wantHits)
			}
		})
	}
}

func TestPostMarkedIdempotentRetriedOn502(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/v1/contacts/find", Body: map[string]string{"email": "x"}, Idempotent: true})
	if err != nil || resp.StatusCode != 200 || hits.Load() != 2 {
		t.Fatalf("err %v status %v hits %d", err, resp, hits.Load())
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("X-Attempt", strconv.Itoa(int(n)))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, `{"attempt":%d}`, n)
	}))
	defer srv.Close()
	for _, maxRetries := range []int{0, 2} {
		hits.Store(0)
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = maxRetries })
		resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		want := maxRetries + 1
		if int(hits.Load()) != want {
			t.Errorf("MaxRetries %d: hits %d, want %d", maxRetries, hits.Load(), want)
		}
		if resp.StatusCode != 503 || string(resp.Body) != fmt.Sprintf(`{"attempt":%d}`, want) || resp.Header.Get("X-Attempt") != strconv.Itoa(want) {
			t.Errorf("MaxRetries %d: last response not returned: %d %s %v", maxRetries, resp.StatusCode, resp.Body, resp.Header)
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	var log attemptLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if log.add() == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/contacts", Body: map[string]string{}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("err %v resp %v", err, resp)
	}
	if log.count() != 2 {
		t.Fatalf("hits %d", log.count())
	}
	if g := log.gap(1); g < 950*time.Millisecond {
		t.Errorf("second attempt came %s after the first, want >= 1s", g)
	}
}

func TestServerRequestedWaitFromHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers func() http.Header
	}{
		{"Retry-After HTTP date", func() http.Header {
			return http.Header{"Retry-After": {time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)}}
		}},
		{"X-RateLimit-Reset timestamp", func() http.Header {
			return http.Header{
				"X-Ratelimit-Reset":     {strconv.FormatInt(time.Now().Add(2*time.Second).Unix(), 10)},
				"X-Ratelimit-Limit":     {"60"},
				"X-Ratelimit-Remaining": {"0"},
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var log attemptLog
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if log.add() == 1 {
					for k, v := range tc.headers() {
						w.Header()[k] = v
					}
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				w.WriteHeader(http.StatusOK)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("err %v resp %v", err, resp)
			}
			// The header has one-second resolution, so the wait is between
			// about 1s and 2s; the backoff alone would be a few ms.
			if g := log.gap(1); g < 900*time.Millisecond {
				t.Errorf("second attempt came %s after the first, want >= ~1s", g)
			}
		})
	}
}

func TestMaxRetryAfterExceededReturnsResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		header http.Header
	}{
		{"Retry-After seconds", 429, http.Header{"Retry-After": {"3600"}}},
		{"Retry-After on 503", 503, http.Header{"Retry-After": {"120"}}},
		{"Retry-After date", 429, http.Header{"Retry-After": {time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}}},
		{"X-RateLimit-Reset", 429, http.Header{"X-Ratelimit-Reset": {strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				for k, v := range tc.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{"message":"slow down"}`))
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetryAfter = time.Minute })
			start := time.Now()
			resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status || hits.Load() != 1 {
				t.Errorf("status %d hits %d, want %d and 1", resp.StatusCode, hits.Load(), tc.status)
			}
			if string(resp.Body) != `{"message":"slow down"}` {
				t.Errorf("body %q", resp.Body)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s; should not have waited", d)
			}
		})
	}
}

func TestServerWaitBeyondDeadlineReturnsResponse(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil) // MaxRetryAfter defaults to 2m
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := c.Do(ctx, Request{Method: "GET", Path: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 429 || hits.Load() != 1 {
		t.Errorf("status %d hits %d", resp.StatusCode, hits.Load())
	}
}

func TestServerWait(t *testing.T) {
	t.Parallel()
	date := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	resp := func(status int, h ...string) *http.Response {
		r := &http.Response{StatusCode: status, Header: http.Header{}}
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
		{"none", resp(429), 0, false},
		{"seconds", resp(429, "Retry-After", "7"), 7 * time.Second, true},
		{"seconds on 503", resp(503, "Retry-After", " 3 "), 3 * time.Second, true},
		{"zero", resp(429, "Retry-After", "0"), 0, true},
		{"date relative to Date header", resp(429, "Date", date.Format(http.TimeFormat), "Retry-After", date.Add(90*time.Second).Format(http.TimeFormat)), 90 * time.Second, true},
		{"date in the past", resp(429, "Date", date.Format(http.TimeFormat), "Retry-After", date.Add(-time.Minute).Format(http.TimeFormat)), 0, true},
		{"garbage Retry-After falls through to reset", resp(429, "Date", date.Format(http.TimeFormat), "Retry-After", "soon", "X-RateLimit-Reset", strconv.FormatInt(date.Add(30*time.Second).Unix(), 10)), 30 * time.Second, true},
		{"reset timestamp", resp(429, "Date", date.Format(http.TimeFormat), "X-RateLimit-Reset", strconv.FormatInt(date.Add(42*time.Second).Unix(), 10)), 42 * time.Second, true},
		{"reset as delta seconds", resp(429, "X-RateLimit-Reset", "5"), 5 * time.Second, true},
		{"reset ignored on 503", resp(503, "X-RateLimit-Reset", "5"), 0, false},
		{"Retry-After wins over reset", resp(429, "Retry-After", "2", "X-RateLimit-Reset", "50"), 2 * time.Second, true},
		{"nil", nil, 0, false},
	}
	for _, tc := range tests {
		got, ok := serverWait(tc.resp)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: got %s %v, want %s %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestExponentialBackoffBounds(t *testing.T) {
	t.Parallel()
	minWait, maxWait := 10*time.Millisecond, 200*time.Millisecond
	for n := 0; n < 80; n++ {
		for i := 0; i < 20; i++ {
			d := exponentialBackoff(minWait, maxWait, n)
			if d < minWait || d > maxWait {
				t.Fatalf("attempt %d: %s outside [%s, %s]", n, d, minWait, maxWait)
			}
			if n == 0 && d != minWait {
				t.Fatalf("first retry waited %s, want %s", d, minWait)
			}
			if n == 1 && d > 2*minWait {
				t.Fatalf("second retry waited %s, want <= %s", d, 2*minWait)
			}
		}
	}
}

// hijackAfterBody reads the request body and closes the connection without answering.
func hijackAfterBody(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if err := conn.Close(); err != nil {
		panic(err)
	}
}

func TestPostConnectionClosedAfterSendIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		hijackAfterBody(w, r)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Vendor = "maildiver" })
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/audiences/a1/contacts", Body: map[string]string{"email": "a@example.com"}})
	if err == nil {
		t.Fatalf("want error, got response %d", resp.StatusCode)
	}
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("error does not wrap ErrOutcomeUnknown: %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want exactly 1", hits.Load())
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "maildiver: POST /audiences/a1/contacts: ") {
		t.Errorf("message %q", msg)
	}
	t.Log(err)
}

func TestGetConnectionClosedIsRetried(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= 2 {
			hijackAfterBody(w, r)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || hits.Load() < 3 {
		t.Errorf("status %d hits %d", resp.StatusCode, hits.Load())
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Error("GET must never report ErrOutcomeUnknown")
	}
}

// closedAddr returns an address on which nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestDialErrorRetriedForPost(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://"+closedAddr(t)+"/v1", func(cfg *Config) {
		cfg.Vendor = "maildiver"
		cfg.MaxRetries = 2
	})
	_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/audiences/a1/contacts", Body: map[string]string{"email": "a@example.com"}})
	if err == nil {
		t.Fatal("want error")
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("dial error must not be ErrOutcomeUnknown: %v", err)
	}
	want := "maildiver: POST /audiences/a1/contacts: connection refused after 3 attempts"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestDialErrorThenSuccessForPost(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	var dials atomic.Int32
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if dials.Add(1) == 1 {
				return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("simulated refusal")}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: tr} })
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/c", Body: map[string]string{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || hits.Load() != 1 || dials.Load() != 2 {
		t.Errorf("status %d hits %d dials %d", resp.StatusCode, hits.Load(), dials.Load())
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer srv.Close()

	t.Run("POST is not replayed", func(t *testing.T) {
		hits.Store(0)
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 50 * time.Millisecond })
		_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/c", Body: map[string]string{"a": "b"}})
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("want ErrOutcomeUnknown, got %v", err)
		}
		if hits.Load() != 1 {
			t.Errorf("hits %d, want 1", hits.Load())
		}
		if !strings.Contains(err.Error(), "no complete response within 50ms") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("GET is retried", func(t *testing.T) {
		hits.Store(0)
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxRetries = 2 })
		_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/c"})
		if err == nil || errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("got %v", err)
		}
		if want := "testvendor: GET /c: no complete response within 50ms after 3 attempts"; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
		if hits.Load() != 3 {
			t.Errorf("hits %d, want 3", hits.Load())
		}
	})
}

func TestCancelDuringRetryAfterWait(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Do(ctx, Request{Method: "GET", Path: "/x"})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s after cancel", d)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("message %q", err)
	}
	if hits.Load() != 1 {
		t.Errorf("hits %d", hits.Load())
	}
}

// TestInterruptLetsSentWriteFinish: a write whose request reached the server when the caller is
// interrupted (Ctrl-C) is allowed to finish, and its answer is returned, so the caller can record it.
func TestInterruptLetsSentWriteFinish(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"POST", "PATCH", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			arrived := make(chan struct{}, 1)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				_, _ = io.Copy(io.Discard, r.Body)
				arrived <- struct{}{}
				time.Sleep(300 * time.Millisecond) // the caller is interrupted meanwhile
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(`{"id":"c1"}`))
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			ctx, cancel := context.WithCancel(context.Background())
			go func() { <-arrived; cancel() }()
			resp, err := c.Do(ctx, Request{Method: method, Path: "/c", Body: map[string]string{}})
			if err != nil {
				t.Fatalf("the sent write was not allowed to finish: %v", err)
			}
			if resp.StatusCode != http.StatusCreated || string(resp.Body) != `{"id":"c1"}` || hits.Load() != 1 {
				t.Errorf("status %d body %q hits %d", resp.StatusCode, resp.Body, hits.Load())
			}
		})
	}
}

// TestInterruptCancelsRead: a read is not worth finishing after an interrupt.
func TestInterruptCancelsRead(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	start := time.Now()
	_, err := c.Do(ctx, Request{Method: "GET", Path: "/c"})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s after cancel", d)
	}
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("want context.Canceled without ErrOutcomeUnknown, got %v", err)
	}
}

// TestInterruptedWriteAnswerLost: a create sent before the interrupt whose answer is then lost has an
// unknown outcome; one that never answers is given up after the grace period.
func TestInterruptedWriteAnswerLost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		handle func(w http.ResponseWriter, r *http.Request)
	}{
		{"connection closed", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(200 * time.Millisecond)
			hijackAfterBody(w, r)
		}},
		{"no answer within the grace period", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			arrived := make(chan struct{}, 1)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				arrived <- struct{}{}
				tc.handle(w, r)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.InterruptGrace = 300 * time.Millisecond })
			ctx, cancel := context.WithCancel(context.Background())
			go func() { <-arrived; cancel() }()
			start := time.Now()
			_, err := c.Do(ctx, Request{Method: "POST", Path: "/c", Body: map[string]string{}})
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %s after cancel", d)
			}
			if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrOutcomeUnknown) {
				t.Fatalf("want context.Canceled and ErrOutcomeUnknown, got %v", err)
			}
			if hits.Load() != 1 {
				t.Errorf("sent %d times after the interrupt, want once", hits.Load())
			}
		})
	}
}

// TestInterruptBeforeSendSendsNothing: a request still waiting for its pacing turn when the caller is
// interrupted is never sent, and the error says so.
func TestInterruptBeforeSendSendsNothing(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerMinute = 1 })
	if _, err := c.Do(context.Background(), Request{Method: "POST", Path: "/c", Body: map[string]string{}}); err != nil {
		t.Fatal(err) // takes the one token
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Do(ctx, Request{Method: "POST", Path: "/c", Body: map[string]string{}})
	if !errors.Is(err, ErrNotSent) || errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
		t.Fatalf("want ErrNotSent and context.Canceled, got %v", err)
	}
	if !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("message %q", err)
	}
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want only the first", hits.Load())
	}
}

func TestAlreadyCancelledContext(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://"+closedAddr(t), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Do(ctx, Request{Method: "POST", Path: "/c"})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("got %v", err)
	}
}

func TestPacing(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every third request fails once, so retries are paced too.
		if hits.Add(1)%3 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerMinute = 600; cfg.Burst = 1 })

	const n = 5
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil || resp.StatusCode != 200 {
				t.Errorf("err %v resp %v", err, resp)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	attempts := int(hits.Load())
	if attempts <= n {
		t.Fatalf("expected some retries, got %d attempts", attempts)
	}
	// 600/min = one token per 100ms; the first attempt uses the burst.
	if least := time.Duration(attempts-1) * 100 * time.Millisecond * 9 / 10; elapsed < least {
		t.Errorf("%d attempts took %s, want >= %s", attempts, elapsed, least)
	}
}

func TestResponseBodyTooLarge(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write(bytes.Repeat([]byte("a"), maxResponseBody+10))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/big"})
	if err == nil || !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Fatalf("got %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("hits %d, want 1 (not retried)", hits.Load())
	}
}

func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	conns := map[string]bool{}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns[r.RemoteAddr] = true
		mu.Unlock()
		if hits.Add(1) == 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write(bytes.Repeat([]byte("x"), 64<<10))
			return
		}
		_, _ = w.Write(bytes.Repeat([]byte("y"), 64<<10))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil) // default pooled client
	for i := 0; i < 4; i++ {
		if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(conns) != 1 {
		t.Errorf("%d connections for sequential requests, want 1", len(conns))
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/elsewhere":
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/here", http.StatusMovedPermanently)
		case "/here":
			_, _ = w.Write([]byte("here"))
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Auth = APIKeyHeader("x-api-key", "k") })
	resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/elsewhere"})
	if err != nil || resp.StatusCode != http.StatusFound || otherHits.Load() != 0 {
		t.Errorf("cross-host redirect: err %v resp %v other hits %d", err, resp, otherHits.Load())
	}
	resp, err = c.Do(context.Background(), Request{Method: "GET", Path: "/moved"})
	if err != nil || resp.StatusCode != 200 || string(resp.Body) != "here" {
		t.Errorf("same-host redirect: err %v resp %v", err, resp)
	}
}

func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	const (
		bearer = "md_live_SECRETbearer1"
		raw    = "bland-SECRETraw-2"
		apiKey = "revy-SECRETkey-3"
		client = "revy client/SECRET+id&4"
	)
	// The server echoes whatever credential it got into the response body,
	// so the trace line would leak it if masking did not work.
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		echo, _ := json.Marshal(map[string]string{
			"authorization": r.Header.Get("Authorization"),
			"x-api-key":     r.Header.Get("X-Api-Key"),
			"client_id":     r.URL.Query().Get("client_id"),
			"raw_query":     r.URL.RawQuery,
		})
		if hits.Add(1)%2 == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_, _ = w.Write(echo)
	}))
	defer srv.Close()

	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)

	auths := map[string]Auth{
		"maildiver":       BearerToken(bearer),
		"bland":           RawAuthorization(raw),
		"revyops":         Combine(APIKeyHeader("x-api-key", apiKey), QueryParam("client_id", client)),
		"corporate_merch": BearerToken(bearer),
	}
	var errs []error
	for vendor, auth := range auths {
		c := newTestClient(t, srv.URL+"/v1", func(cfg *Config) { cfg.Vendor = vendor; cfg.Auth = auth })
		for _, m := range []string{"GET", "PATCH", "POST"} {
			resp, err := c.Do(ctx, Request{Method: m, Path: "/contacts/c1", Query: url.Values{"structure": {"NESTED"}}, Body: map[string]string{"email": "a@example.com"}})
			if err != nil {
				t.Fatalf("%s %s: %v", vendor, m, err)
			}
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: status %d", vendor, m, resp.StatusCode)
			}
		}
		// An error path: nothing listens there.
		dead := newTestClient(t, "http://"+closedAddr(t), func(cfg *Config) { cfg.Vendor = vendor; cfg.Auth = auth; cfg.MaxRetries = 1 })
		_, err := dead.Do(ctx, Request{Method: "GET", Path: "/contacts"})
		if err == nil {
			t.Fatal("want error from closed port")
		}
		errs = append(errs, err)
	}

	out := buf.String()
	secrets := []string{bearer, raw, apiKey, client, url.QueryEscape(client), url.PathEscape(client)}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("secret %q found in log output", s)
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), s) {
				t.Errorf("secret %q found in error %q", s, err)
			}
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var attemptLines, traceLines, retryLines int
	for _, e := range entries {
		switch e["@message"] {
		case "HTTP request attempt":
			attemptLines++
			for _, k := range []string{"vendor", "method", "path", "status", "attempt", "duration_ms"} {
				if _, ok := e[k]; !ok {
					t.Errorf("attempt line lacks %q: %v", k, e)
				}
			}
			if p := e["path"]; p != "/contacts/c1" {
				t.Errorf("path field %q", p)
			}
			if a, _ := e["attempt"].(float64); a < 1 || a > 2 {
				t.Errorf("attempt field %v", e["attempt"])
			}
			if m, _ := e["@module"].(string); !strings.HasPrefix(m, "provider.") || !strings.HasSuffix(m, e["vendor"].(string)) {
				t.Errorf("@module %q does not name the vendor subsystem", m)
			}
		case "HTTP request attempt failed":
			for _, k := range []string{"vendor", "method", "path", "error", "attempt", "duration_ms"} {
				if _, ok := e[k]; !ok {
					t.Errorf("failed attempt line lacks %q: %v", k, e)
				}
			}
		case "HTTP request and response bodies":
			traceLines++
		case "retrying HTTP request":
			retryLines++
		}
	}
	// 4 vendors x 3 methods x 2 attempts (the first answer is a 503).
	if attemptLines != 24 || traceLines != 24 {
		t.Errorf("got %d attempt lines and %d trace lines, want 24 each", attemptLines, traceLines)
	}
	if retryLines == 0 {
		t.Error("no retry lines")
	}
	if !strings.Contains(out, `"***"`) && !strings.Contains(out, `***`) {
		t.Error("expected masked values in the trace output")
	}
}
