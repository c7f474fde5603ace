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
	requestBody []byte

	attempt int // 1-based number of the current attempt

	// Outcome of the last transport round trip.
	lastErr     error
	lastNotSent bool // the last round trip certainly did not send the request

	// Set by the retry policy: the request may have reached the server
	// and no response arrived, so it was not replayed.
	outcomeUnknown bool
}

func stateFrom(ctx context.Context) *doState {
	st, _ := ctx.Value(stateKey{}).(*doState)
	return st
}

// attemptTransport sits under the retry loop, so it sees every attempt. It
// waits for a pacing token, applies the per-attempt timeout, reads the whole
// response body (so that a failure while reading is retried like any other
// connection error and the connection goes back to the pool), records whether
// the request may have been sent, and writes the per-attempt log line.
//
// It deliberately does not implement CloseIdleConnections: retryablehttp
// calls that after every failed request, which would empty the shared pool.
type attemptTransport struct {
	base    http.RoundTripper
	limiter *rate.Limiter
	gate    *rateGate // nil: the vendor's rate-limit headers are not followed
	timeout time.Duration
	vendor  string
}

type attemptTrace struct {
	gotConn      atomic.Bool
	wroteHeaders atomic.Bool
	tlsFailed    atomic.Bool
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)

	if t.gate != nil {
		waited, err := t.gate.wait(ctx)
		if err != nil {
			t.record(ctx, st, 0, nil, err, true, 0)
			return nil, err
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
			t.record(ctx, st, 0, nil, err, true, 0)
			return nil, err
		}
	}

	actx, cancel := ctx, context.CancelFunc(func() {})
	if t.timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, t.timeout)
	}
	defer cancel()

	var tr attemptTrace
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

	if err != nil && t.timeout > 0 && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = &attemptTimeoutError{timeout: t.timeout, err: err}
	}

	// The request was certainly not sent when the connection could not be
	// set up, or when a connection was obtained but not even the headers
	// were written to it. Once the headers are out, anything may have
	// happened on the server.
	notSent := false
	if err != nil {
		notSent = isBeforeSendError(err) ||
			(!tr.wroteHeaders.Load() && (tr.gotConn.Load() || tr.tlsFailed.Load()))
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	t.record(ctx, st, status, body, err, notSent, elapsed)
	if resp != nil {
		t.followRateLimit(ctx, st, resp)
	}
	return resp, err
}

// followRateLimit logs the vendor's X-RateLimit-Remaining and, when the response says the window is
// used up, closes the gate so that no attempt of this client is sent before the window resets.
func (t *attemptTransport) followRateLimit(ctx context.Context, st *doState, resp *http.Response) {
	if t.gate == nil || st == nil {
		return
	}
	fields := map[string]any{"vendor": t.vendor, "method": st.method, "path": st.path, "status": resp.StatusCode}
	remaining, known := rateLimitRemaining(resp)
	if known {
		fields["rate_limit_remaining"] = remaining
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
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, maxResponseBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxResponseBody {
		return nil, errBodyTooLarge
	}
	return b, nil
}

// record stores the outcome in the call state and logs it.
func (t *attemptTransport) record(ctx context.Context, st *doState, status int, respBody []byte, err error, notSent bool, elapsed time.Duration) {
	if st == nil {
		return
	}
	st.lastErr = err
	st.lastNotSent = notSent

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
