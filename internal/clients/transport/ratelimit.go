package transport

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rateGate holds every new attempt of one Client until a time the server named, so that once a vendor
// has said its rate-limit window is used up, requests running in parallel wait for the window to reset
// instead of each running into the limit and collecting its own 429. The gate closes:
//   - on a 429 that says how long to wait (Retry-After, or X-RateLimit-Reset);
//   - on any response that says no requests are left (X-RateLimit-Remaining: 0) and when the window
//     resets (X-RateLimit-Reset). Without a reset time a Remaining of 0 does not close the gate: the
//     next request's 429 says how long to wait, and that closes it.
//
// A wait longer than the client's MaxRetryAfter is not held: the 429 is returned to the caller then.
type rateGate struct {
	maxWait time.Duration

	mu    sync.Mutex
	until time.Time
}

// holdFor closes the gate for d from now, unless it is already closed for longer.
func (g *rateGate) holdFor(now time.Time, d time.Duration) (time.Time, bool) {
	if d <= 0 || d > g.maxWait {
		return time.Time{}, false
	}
	until := now.Add(d)
	g.mu.Lock()
	defer g.mu.Unlock()
	if until.After(g.until) {
		g.until = until
	}
	return g.until, true
}

// heldFor is how long from now the gate stays closed (0 when open).
func (g *rateGate) heldFor(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.until.Sub(now)
}

// wait blocks until the gate opens or ctx ends, and returns how long it waited. A hold that would
// take the total beyond budget is not waited for: it returns a *rateLimitWaitError at once. Waiters
// leave with a small random spread, so that the requests held back do not all reach the server in
// the same instant.
func (g *rateGate) wait(ctx context.Context, budget time.Duration) (time.Duration, error) {
	var waited time.Duration
	for {
		d := g.heldFor(time.Now())
		if d <= 0 {
			return waited, nil
		}
		if waited+d > budget {
			return waited, &rateLimitWaitError{need: d}
		}
		d += serverWaitJitter(d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return waited, ctx.Err()
		case <-t.C:
			waited += d
		}
	}
}

// observe closes the gate when resp says the vendor's window is used up; it returns how long the
// gate is closed for (0 when this response did not close it).
func (g *rateGate) observe(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	var (
		wait time.Duration
		ok   bool
	)
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, ok = serverWait(resp)
	} else if remaining, known := rateLimitRemaining(resp); known && remaining == 0 {
		wait, ok = rateLimitReset(resp)
	}
	if !ok {
		return 0
	}
	now := time.Now()
	if until, held := g.holdFor(now, wait); held {
		return until.Sub(now)
	}
	return 0
}

// rateLimitRemaining reads X-RateLimit-Remaining: how many requests the vendor's current window has
// left. known is false when the header is absent or not a number.
func rateLimitRemaining(resp *http.Response) (remaining int64, known bool) {
	v := strings.TrimSpace(resp.Header.Get("X-RateLimit-Remaining"))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// rateLimitLimit reads X-RateLimit-Limit: how many requests the vendor's window allows. ok is false
// when the header is absent or not a positive number.
func rateLimitLimit(resp *http.Response) (int64, bool) {
	v := strings.TrimSpace(resp.Header.Get("X-RateLimit-Limit"))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// rateLimitReset reads X-RateLimit-Reset as the time until the vendor's window resets. The header is
// a Unix timestamp in seconds, measured against the response's Date header when present so that a
// skewed local clock does not matter; a value below 1e9 (before 2001 as a timestamp) can only be a
// number of seconds to wait, which some APIs send in this header instead.
func rateLimitReset(resp *http.Response) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset"))
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	if f < 1e9 {
		return secondsToDuration(f), true
	}
	ref := time.Now()
	if d := resp.Header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			ref = t
		}
	}
	reset := time.Unix(0, 0).Add(secondsToDuration(f))
	return nonNegative(reset.Sub(ref)), true
}
