package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// maxResponseBody caps how much of a response body is read.
const maxResponseBody = 10 << 20

// maxTraceBody caps how much of a body goes into a trace log line.
const maxTraceBody = 16 << 10

var errBodyTooLarge = fmt.Errorf("response body larger than %d MiB", maxResponseBody>>20)

// pacingError is returned when waiting for the client-side rate limit failed
// for a reason other than cancellation, e.g. the wait would outlast the
// context's deadline.
type pacingError struct{ err error }

func (e *pacingError) Error() string {
	return "waiting for the client-side request rate limit: " + e.err.Error()
}
func (e *pacingError) Unwrap() error { return e.err }

// attemptTimeoutError is returned when one attempt exceeded Config.Timeout.
type attemptTimeoutError struct {
	timeout time.Duration
	err     error
}

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("no complete response within %s", e.timeout)
}
func (e *attemptTimeoutError) Unwrap() error   { return e.err }
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }

type stateKey struct{}

// doState is shared by the pieces that handle one Client.Do call: the
// retryablehttp hooks and the attemptTransport. Attempts run one after
// another, so the plain fields need no locking.
type doState struct {
	method      string
	path        string // Request.Path, never with the query string
	idempotent  bool
	effectful   bool // a write: not a safe method, not a read-only POST (see Do)
	requestBody []byte

	attempt int // 1-based number of the current attempt

	// Outcome of the last transport round trip.
	lastErr     error
	lastNotSent bool // the last round trip certainly did not send the request

	// What the attempts so far may have done.
	sentAny                bool // some attempt's headers were written
	lastMayHaveTakenEffect bool // the last attempt may have reached the server without a clear answer
	anyMayHaveTakenEffect  bool
	resent                 bool // an attempt was sent after one that may have taken effect

	// Rate-limit waits: not attempts, bounded in total by Config.MaxRateLimitWait.
	rateLimitWaited    time.Duration
	rateLimitExhausted bool

	// Set by the retry policy: the request may have reached the server
	// and no response arrived, so it was not replayed.
	outcomeUnknown bool
}

func stateFrom(ctx context.Context) *doState {
	st, _ := ctx.Value(stateKey{}).(*doState)
	return st
}

// rateLimitWaitError is returned, before sending, when waiting for the vendor's rate-limit window
// would take this request past Config.MaxRateLimitWait.
type rateLimitWaitError struct {
	waited, need, max time.Duration
}

func (e *rateLimitWaitError) Error() string {
	return fmt.Sprintf("the vendor's rate limit would hold this request for %s more after %s of waiting, beyond the "+
		"%s allowed (max_rate_limit_wait)", e.need.Round(time.Second), e.waited.Round(time.Second), e.max)
}

// attemptTransport sits under the retry loop, so it sees every attempt. It
// waits for the vendor's rate-limit window and a pacing token, applies the
// per-attempt timeout, reads the whole response body (so that a failure while
// reading is retried like any other connection error and the connection goes
// back to the pool), records whether the request may have been sent, waits out
// a 429 that says how long to wait and sends again (not a new attempt), and
// writes the per-attempt log line.
//
// It deliberately does not implement CloseIdleConnections: retryablehttp
// calls that after every failed request, which would empty the shared pool.
type attemptTransport struct {
	base        http.RoundTripper
	limiter     *rate.Limiter
	gate        *rateGate // nil: the vendor's rate-limit headers are not followed
	timeout     time.Duration
	grace       time.Duration // how long a sent write may go on after an interrupt, when timeout is 0
	maxRateWait time.Duration // total rate-limit waiting allowed per request
	minRateWait time.Duration // the least wait after a 429 (a Retry-After of 0 would spin)
	window      time.Duration // the window of X-RateLimit-Limit; 0: not used
	vendor      string
}

type attemptTrace struct {
	gotConn      atomic.Bool
	wroteHeaders atomic.Bool
	tlsFailed    atomic.Bool
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)
	for {
		if err := t.waitTurn(ctx, st); err != nil {
			t.record(ctx, st, 0, nil, err, true, false, 0)
			return nil, err
		}
		resp, err := t.exchange(ctx, st, req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || st == nil || t.gate == nil {
			return resp, err
		}
		// A 429: the vendor refused the request without processing it. When it says how long to
		// wait, wait that long (the gate holds every request of this client meanwhile) and send
		// again, without counting an attempt, as long as the total stays within maxRateWait and
		// the context's deadline.
		wait, ok := serverWait(resp)
		if !ok {
			return resp, nil // no hint: a counted retry with backoff
		}
		wait = max(wait, t.minRateWait)
		if st.rateLimitWaited+wait > t.maxRateWait {
			st.rateLimitExhausted = true
			return resp, nil
		}
		if deadline, has := ctx.Deadline(); has && time.Until(deadline) < wait {
			st.rateLimitExhausted = true
			return resp, nil
		}
		t.gate.holdFor(time.Now(), wait)
		next, rerr := rewind(req, st)
		if rerr != nil {
			// This transport cannot send the body again; retryablehttp can: the 429 goes back to it
			// as an answer, a counted retry with backoff.
			return resp, nil //nolint:nilerr // the 429 is the answer, not rerr
		}
		req = next
	}
}

// rewind returns a copy of req with a fresh body, to send it again.
func rewind(req *http.Request, st *doState) (*http.Request, error) {
	r := req.Clone(req.Context())
	if st.requestBody != nil {
		r.Body = io.NopCloser(bytes.NewReader(st.requestBody))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(st.requestBody)), nil }
		r.ContentLength = int64(len(st.requestBody))
	} else if req.Body != nil && req.Body != http.NoBody {
		return nil, errors.New("request body cannot be rewound")
	}
	return r, nil
}

// waitTurn waits until the vendor's rate-limit window allows a request (gate) and a pacing token is
// free. Gate waits count towards the request's rate-limit budget.
func (t *attemptTransport) waitTurn(ctx context.Context, st *doState) error {
	if t.gate != nil {
		budget := t.maxRateWait
		if st != nil {
			budget -= st.rateLimitWaited
		}
		waited, err := t.gate.wait(ctx, budget)
		if st != nil {
			st.rateLimitWaited += waited
		}
		if err != nil {
			var over *rateLimitWaitError
			if errors.As(err, &over) && st != nil {
				over.waited, over.max = st.rateLimitWaited, t.maxRateWait
			}
			return err
		}
		if waited > 0 && st != nil {
			tflog.SubsystemDebug(ctx, t.vendor, "waited for the vendor's rate-limit window to reset", map[string]any{
				"vendor":  t.vendor,
				"method":  st.method,
				"path":    st.path,
				"attempt": st.attempt,
				"wait_ms": waited.Milliseconds(),
			})
		}
	}
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			if ctx.Err() == nil {
				err = &pacingError{err: err}
			} else {
				err = ctx.Err()
			}
			return err
		}
	}
	return nil
}

// exchange sends req once and reads the answer.
func (t *attemptTransport) exchange(ctx context.Context, st *doState, req *http.Request) (*http.Response, error) {
	var tr attemptTrace

	// A read is cancelled with its caller. A write keeps going once its headers are out: the server
	// may be committing it, and its answer is what lets the caller record what happened. It is bounded
	// by the per-attempt timeout, or by the grace period after the interrupt.
	actx := ctx
	if st != nil && !isSafe(st.method) {
		wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		defer cancel()
		actx = wctx
		var graceTimer atomic.Pointer[time.Timer]
		stop := context.AfterFunc(ctx, func() {
			if !tr.wroteHeaders.Load() {
				cancel()
				return
			}
			graceTimer.Store(time.AfterFunc(t.grace, cancel))
		})
		defer func() {
			if !stop() {
				if gt := graceTimer.Load(); gt != nil {
					gt.Stop()
				}
			}
		}()
	}
	if t.timeout > 0 {
		var cancelTimeout context.CancelFunc
		actx, cancelTimeout = context.WithTimeout(actx, t.timeout)
		defer cancelTimeout()
	}

	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { tr.gotConn.Store(true) },
		WroteHeaders: func() { tr.wroteHeaders.Store(true) },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				tr.tlsFailed.Store(true)
			}
		},
	})

	start := time.Now()
	resp, err := t.base.RoundTrip(req.WithContext(actx))
	var body []byte
	if err == nil {
		body, err = readBody(resp.Body)
		if err == nil {
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
		} else {
			resp = nil
		}
	}
	elapsed := time.Since(start)

	if err != nil && t.timeout > 0 && errors.Is(actx.Err(), context.DeadlineExceeded) && (ctx.Err() == nil || tr.wroteHeaders.Load()) {
		err = &attemptTimeoutError{timeout: t.timeout, err: err}
	}

	// The request was certainly not sent when not even its headers were written: the connection
	// could not be set up, or the attempt was cancelled or failed before writing. Once the headers
	// are out, anything may have happened on the server.
	sent := tr.wroteHeaders.Load() || err == nil
	notSent := err != nil && (isBeforeSendError(err) || !sent)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	t.record(ctx, st, status, body, err, notSent, sent, elapsed)
	if resp != nil {
		t.followRateLimit(ctx, st, resp)
	}
	return resp, err
}

// followRateLimit reads the vendor's rate-limit headers on every answer. They seed this client's
// pacing, so that a process started right after another one (a plan, then an apply) does not spend
// the vendor's window a second time:
//   - X-RateLimit-Limit (with Config.RateLimitWindow known) lowers the pacing rate to the vendor's
//     announced limit when that is lower than configured;
//   - X-RateLimit-Remaining: 0 takes a token from the pacer, so the next request waits a full pacing
//     interval for the window to free a slot;
//   - a 429, or Remaining 0 with X-RateLimit-Reset, closes the gate until the vendor's reset.
func (t *attemptTransport) followRateLimit(ctx context.Context, st *doState, resp *http.Response) {
	if t.gate == nil || st == nil {
		return
	}
	fields := map[string]any{"vendor": t.vendor, "method": st.method, "path": st.path, "status": resp.StatusCode}
	remaining, known := rateLimitRemaining(resp)
	if known {
		fields["rate_limit_remaining"] = remaining
	}
	if t.limiter != nil {
		if limit, ok := rateLimitLimit(resp); ok && t.window > 0 {
			announced := rate.Limit(float64(limit) / t.window.Seconds())
			if announced < t.limiter.Limit() {
				t.limiter.SetLimit(announced)
				fields["pacing_per_minute"] = float64(announced) * 60
				tflog.SubsystemDebug(ctx, t.vendor, "vendor announced a lower rate limit; pacing to it", fields)
			}
		}
		if known && remaining <= 0 {
			t.limiter.Reserve()
		}
	}
	held := t.gate.observe(resp)
	if held <= 0 {
		if known {
			tflog.SubsystemTrace(ctx, t.vendor, "vendor rate-limit window", fields)
		}
		return
	}
	fields["hold_ms"] = held.Milliseconds()
	tflog.SubsystemDebug(ctx, t.vendor, "vendor rate-limit window used up; holding this client's requests until it resets", fields)
}

func readBody(body io.ReadCloser) ([]byte, error) {
	// What matters is the read: a body read to its end has nothing left for Close to fail on, and
	// after a failed read the read's error is the one to report.
	defer func() { _ = body.Close() }()
	b, err := io.ReadAll(io.LimitReader(body, maxResponseBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxResponseBody {
		return nil, errBodyTooLarge
	}
	return b, nil
}

// record stores the outcome in the call state and logs it. sent: the request's headers were written.
func (t *attemptTransport) record(ctx context.Context, st *doState, status int, respBody []byte, err error, notSent, sent bool, elapsed time.Duration) {
	if st == nil {
		return
	}
	st.lastErr = err
	st.lastNotSent = notSent
	st.sentAny = st.sentAny || sent
	st.lastMayHaveTakenEffect = (err != nil && !notSent) || (err == nil && mayHaveTakenEffect(status))
	st.anyMayHaveTakenEffect = st.anyMayHaveTakenEffect || st.lastMayHaveTakenEffect

	fields := map[string]any{
		"vendor":      t.vendor,
		"method":      st.method,
		"path":        st.path,
		"attempt":     st.attempt,
		"duration_ms": elapsed.Milliseconds(),
	}
	if err != nil {
		fields["error"] = describeError(err)
		tflog.SubsystemDebug(ctx, t.vendor, "HTTP request attempt failed", fields)
		return
	}
	fields["status"] = status
	tflog.SubsystemDebug(ctx, t.vendor, "HTTP request attempt", fields)

	// Bodies are contact data in the vendor APIs, never credentials; any
	// credential echoed back by a server is masked by the subsystem's
	// secret masking all the same. Headers are never logged.
	if tflog.SubsystemIsTrace(ctx, t.vendor) {
		tfields := map[string]any{
			"vendor":  t.vendor,
			"method":  st.method,
			"path":    st.path,
			"attempt": st.attempt,
			"status":  status,
		}
		if len(st.requestBody) > 0 {
			tfields["request_body"] = truncate(st.requestBody)
		}
		if len(respBody) > 0 {
			tfields["response_body"] = truncate(respBody)
		}
		tflog.SubsystemTrace(ctx, t.vendor, "HTTP request and response bodies", tfields)
	}
}

func truncate(b []byte) string {
	if len(b) <= maxTraceBody {
		return string(b)
	}
	return string(b[:maxTraceBody]) + fmt.Sprintf("... (%d bytes in total)", len(b))
}
