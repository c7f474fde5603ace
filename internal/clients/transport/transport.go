// Package transport is the HTTP layer shared by the vendor API clients: it
// builds requests, authenticates them, paces them, retries them when that is
// safe, and logs every attempt with secrets masked.
//
// Retries are run by github.com/hashicorp/go-retryablehttp with a policy of
// our own (see Client.Do): a request is retried by its idempotency, never by
// its caller. Under the retry loop sits a round tripper that every attempt
// goes through: it waits while the vendor has said its rate-limit window is
// used up (see rateGate), waits for a pacing token, applies the per-attempt
// timeout, lets a write that was already sent finish when the caller is
// interrupted, waits out a rate-limit answer without counting it as an
// attempt, reads the whole response body and logs the attempt.
package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/net/http/httpguts"
	"golang.org/x/time/rate"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultMaxRetryAfter    = 2 * time.Minute
	DefaultMaxRateLimitWait = 5 * time.Minute
	DefaultInterruptGrace   = 30 * time.Second

	// defaultConnsPerHost sizes the connection pool for Terraform's default
	// parallelism of 10 with some headroom.
	defaultConnsPerHost = 16
)

// LogLevelEnvPrefix is the prefix of the environment variable that sets the
// log level of one vendor's subsystem, e.g. TF_LOG_PROVIDER_CONTACTS_MAILDIVER=DEBUG.
// When unset, the subsystem logs at the provider's level (TF_LOG_PROVIDER_CONTACTS).
// Terraform and OpenTofu drop provider lines below TF_LOG_PROVIDER (else TF_LOG),
// so this variable can only lower a vendor's level below theirs, never raise it.
const LogLevelEnvPrefix = "TF_LOG_PROVIDER_CONTACTS"

// ErrOutcomeUnknown is wrapped by the error Do returns when a write (POST,
// PUT, PATCH, DELETE; not a POST marked ReadOnly) failed and one of its
// attempts may have reached the server without an answer saying whether it
// took effect: the connection was reset or closed after the request was
// written, the per-attempt timeout expired after writing, the server answered
// a 5xx other than 503, or the caller was interrupted while the request was in
// flight and its answer was then lost. For a create the caller must find out
// whether it took effect before sending it again; for an update it must read
// the object back to record what the server holds. Test with errors.Is.
var ErrOutcomeUnknown = errors.New("the request may have reached the server but no response was received, so whether it took effect is unknown")

// Config configures a Client. Zero values get the defaults described per field.
type Config struct {
	Vendor            string        // "maildiver" etc.; used in logs, errors and the tflog subsystem name
	BaseURL           string        // e.g. "https://api.maildiver.com/v1"; Request.Path is appended to it
	Auth              Auth          // may be nil
	UserAgent         string        // sent as User-Agent on every request
	MaxRetries        int           // retries after the first attempt; 0 = no retries
	Timeout           time.Duration // per attempt, including reading the body; 0 = no per-attempt timeout
	RequestsPerMinute int           // token-bucket pacing of every attempt; 0 = unlimited
	Burst             int           // bucket size; 0 = 1
	RetryWaitMin      time.Duration // default 500ms
	RetryWaitMax      time.Duration // cap for computed backoff; default 30s
	MaxRetryAfter     time.Duration // cap on a server-requested wait before a counted retry (503); default 2m; beyond it the response is returned
	// MaxRateLimitWait bounds the total time one request spends waiting out the vendor's rate limit
	// (a 429 that says how long to wait, or the gate closed by another request's). Such waits are
	// not attempts and do not use up MaxRetries. Default 5m; beyond it the 429 is returned.
	MaxRateLimitWait time.Duration
	// RateLimitWindow is the window of the vendor's X-RateLimit-Limit header (Corporate Merch: a
	// minute, documented). When set, an announced limit below the pacing rate lowers the pacing
	// rate to it. 0: the header's limit is not used.
	RateLimitWindow time.Duration
	// InterruptGrace bounds how long a write that was already sent may go on after the caller's
	// context is cancelled (Ctrl-C), when Timeout does not bound it already. Default 30s.
	InterruptGrace time.Duration
	HTTPClient     *http.Client // optional; default: a pooled keep-alive client per Config
}

// Request is one API call. Path is already path-escaped by the caller and is
// relative to the base URL, e.g. "/audiences/x/contacts/y".
type Request struct {
	Method string
	Path   string
	Query  url.Values // optional
	Body   any        // JSON-encoded when non-nil; Content-Type: application/json is then set

	// Idempotent marks a POST as safe to send again after an attempt that
	// may have reached the server, e.g. a find-or-create whose repetition
	// cannot make a second object. It then gets the retry treatment of PUT.
	// Leave false for creates. When such a POST (like any write) ends in
	// failure after an attempt that may have taken effect, Do's error wraps
	// ErrOutcomeUnknown.
	Idempotent bool
	// ReadOnly marks a POST that changes nothing, e.g. a search sent as POST:
	// it is retried like a GET and its failure never wraps ErrOutcomeUnknown.
	ReadOnly bool
}

// Response is the answer to a request, whatever its status.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Resent is true when this answer is to a repeat of the request sent after an attempt that may
	// have reached the server (its answer was lost, or was a 5xx other than 503). For a
	// find-or-create it means "not created by this answer" may still mean "created by an earlier
	// attempt of this same call".
	Resent bool
}

// Client sends requests to one vendor API. It is safe for concurrent use.
type Client struct {
	vendor        string
	base          *url.URL
	auth          Auth
	userAgent     string
	maxRetries    int
	retryWaitMin  time.Duration
	retryWaitMax  time.Duration
	maxRetryAfter time.Duration
	maxRateWait   time.Duration
	hc            *http.Client
	secrets       []string // secret values and their URL-escaped forms
	sensitiveKeys []string // log field keys whose values are always masked
}

// New validates cfg and builds a Client. It fails only for an unusable BaseURL.
func New(cfg Config) (*Client, error) {
	vendor := strings.TrimSpace(cfg.Vendor)
	if vendor == "" {
		vendor = "http"
	}
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid base URL: %w", vendor, err)
	}

	c := &Client{
		vendor:        vendor,
		base:          base,
		auth:          cfg.Auth,
		userAgent:     cfg.UserAgent,
		maxRetries:    max(cfg.MaxRetries, 0),
		retryWaitMin:  cfg.RetryWaitMin,
		retryWaitMax:  cfg.RetryWaitMax,
		maxRetryAfter: cfg.MaxRetryAfter,
	}
	if c.retryWaitMin <= 0 {
		c.retryWaitMin = DefaultRetryWaitMin
	}
	if c.retryWaitMax <= 0 {
		c.retryWaitMax = DefaultRetryWaitMax
	}
	if c.retryWaitMax < c.retryWaitMin {
		c.retryWaitMax = c.retryWaitMin
	}
	if c.maxRetryAfter <= 0 {
		c.maxRetryAfter = DefaultMaxRetryAfter
	}
	c.maxRateWait = cfg.MaxRateLimitWait
	if c.maxRateWait <= 0 {
		c.maxRateWait = DefaultMaxRateLimitWait
	}
	grace := cfg.InterruptGrace
	if grace <= 0 {
		grace = DefaultInterruptGrace
	}

	var limiter *rate.Limiter
	if cfg.RequestsPerMinute > 0 {
		limiter = rate.NewLimiter(rate.Limit(float64(cfg.RequestsPerMinute)/60), max(cfg.Burst, 1))
	}

	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		t := cleanhttp.DefaultPooledTransport()
		t.MaxIdleConnsPerHost = defaultConnsPerHost
		t.MaxConnsPerHost = defaultConnsPerHost
		hc.Transport = t
	}
	base2 := hc.Transport
	if base2 == nil {
		base2 = http.DefaultTransport
	}
	hc.Transport = &attemptTransport{
		base:        base2,
		limiter:     limiter,
		gate:        &rateGate{maxWait: c.maxRateWait},
		timeout:     max(cfg.Timeout, 0),
		grace:       grace,
		maxRateWait: c.maxRateWait,
		minRateWait: c.retryWaitMin,
		window:      max(cfg.RateLimitWindow, 0),
		vendor:      vendor,
	}
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = sameHostRedirects
	}
	c.hc = &hc

	c.sensitiveKeys = []string{"authorization", "x-api-key", "client_id", "api_key", "apikey", "token"}
	if cfg.Auth != nil {
		c.secrets = expandSecrets(cfg.Auth.Secrets())
		if k, ok := cfg.Auth.(sensitiveKeyer); ok {
			c.sensitiveKeys = append(c.sensitiveKeys, k.sensitiveKeys()...)
		}
	}
	return c, nil
}

// BaseURL returns the normalised base URL (without a trailing slash).
func (c *Client) BaseURL() string {
	return c.base.String()
}

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("the base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("cannot parse %q: %w", redactUserinfo(raw), err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q must start with https:// (or http://)", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", u.Redacted())
	}
	if u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a #fragment", u.Redacted())
	}
	trimmed := strings.TrimRight(u.EscapedPath(), "/")
	path, err := url.PathUnescape(trimmed)
	if err != nil {
		return nil, fmt.Errorf("%q has an invalid path: %w", u.Redacted(), err)
	}
	u.Path, u.RawPath = path, trimmed
	return u, nil
}

func redactUserinfo(raw string) string {
	if i := strings.Index(raw, "@"); i >= 0 {
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			return raw[:j+3] + "xxxxx" + raw[i:]
		}
	}
	return raw
}

// sameHostRedirects follows redirects only within the same host and never
// from https to http, so that credentials are not sent elsewhere. Any other
// redirect response is returned to the caller as it is.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
		return http.ErrUseLastResponse
	}
	return nil
}

// expandSecrets returns the non-empty secrets with their URL-escaped forms,
// which is how a secret query parameter appears inside a URL.
func expandSecrets(secrets []string) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range secrets {
		add(s)
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
	}
	return out
}

// buildURL appends the escaped path to the base URL and merges the query.
func (c *Client) buildURL(path string, query url.Values) (*url.URL, error) {
	u := *c.base
	q := c.base.Query()
	if i := strings.IndexByte(path, '?'); i >= 0 {
		extra, err := url.ParseQuery(path[i+1:])
		if err != nil {
			return nil, fmt.Errorf("invalid query in path: %w", err)
		}
		for k, vs := range extra {
			q[k] = append(q[k], vs...)
		}
		path = path[:i]
	}
	rawPath := c.base.EscapedPath()
	if p := strings.TrimLeft(path, "/"); p != "" {
		rawPath += "/" + p
	} else if strings.HasSuffix(path, "/") || rawPath == "" {
		rawPath += "/"
	}
	unescaped, err := url.PathUnescape(rawPath)
	if err != nil {
		return nil, fmt.Errorf("invalid path escaping: %w", err)
	}
	u.Path, u.RawPath = unescaped, rawPath
	for k, vs := range query {
		q[k] = append(q[k], vs...)
	}
	u.RawQuery = q.Encode()
	return &u, nil
}

// logContext returns ctx with this vendor's log subsystem, masking secrets.
func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, c.vendor, tflog.WithLevelFromEnv(LogLevelEnvPrefix, envName(c.vendor)))
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, c.vendor, c.sensitiveKeys...)
	if len(c.secrets) > 0 {
		ctx = tflog.SubsystemMaskLogStrings(ctx, c.vendor, c.secrets...)
	}
	return ctx
}

func envName(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '_'
	}, s)
}

// Do sends the request, retrying as the policy allows, and returns the final
// response whatever its status. It returns an error only when no usable
// response was obtained, or when a write failed after an attempt that may
// have taken effect (the error then wraps ErrOutcomeUnknown).
//
// Retry policy (the only place in the provider that retries):
//   - GET, HEAD, PUT, PATCH, DELETE, OPTIONS and POSTs marked Idempotent or
//     ReadOnly are safe to repeat: they are retried on 429, on every 5xx and
//     on every connection error, up to MaxRetries times.
//   - Any other POST (a create) is retried only when the server certainly did
//     not process it: on 429 and 503, and on errors that happened before the
//     request was written (dial, DNS, TLS handshake). A 5xx other than 503, or
//     a connection error after the request was written, returns an error
//     wrapping ErrOutcomeUnknown, without a replay.
//   - A 429 that says how long to wait (Retry-After, or X-RateLimit-Reset) is
//     waited out and sent again without counting as an attempt, for at most
//     MaxRateLimitWait in all; a 429 without such a hint is a counted retry.
//   - Other waits follow a 503's Retry-After (up to MaxRetryAfter, else the
//     response is returned), or an exponential backoff with jitter between
//     RetryWaitMin and RetryWaitMax. No wait outlasts the context's deadline.
//   - A request that cannot be built (a header value with a newline, say) is
//     an error at once: it was never sent, so it is neither retried nor
//     reported as possibly sent.
//
// Interrupts: when ctx is cancelled, nothing new is sent. A write (POST, PUT,
// PATCH, DELETE) whose headers were already written is allowed to finish, bounded
// by the per-attempt timeout (or InterruptGrace), and its answer is returned, so
// the caller can record what the server did.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	logPath := req.Path
	if i := strings.IndexByte(logPath, '?'); i >= 0 {
		logPath = logPath[:i]
	}
	st := &doState{
		method:     method,
		path:       logPath,
		idempotent: isIdempotent(method) || req.Idempotent || req.ReadOnly,
		// A write: its failure after an attempt that may have taken effect leaves the outcome unknown.
		effectful: !isSafe(method) && !req.ReadOnly,
	}

	if err := ctx.Err(); err != nil {
		return nil, c.failure(ctx, st, err)
	}

	u, err := c.buildURL(req.Path, req.Query)
	if err != nil {
		return nil, c.newError(fmt.Sprintf("%s: %s %s: %v; nothing was sent", c.vendor, method, logPath, err), err, ErrNotSent)
	}

	var body any
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, c.newError(fmt.Sprintf("%s: %s %s: encoding the request body: %v; nothing was sent", c.vendor, method, logPath, err), err, ErrNotSent)
		}
		st.requestBody = b
		body = b
	}

	lctx := context.WithValue(c.logContext(ctx), stateKey{}, st)
	rreq, err := retryablehttp.NewRequestWithContext(lctx, method, u.String(), body)
	if err != nil {
		cause := unwrapURLError(err)
		return nil, c.newError(fmt.Sprintf("%s: %s %s: building the request: %v; nothing was sent", c.vendor, method, logPath, cause), cause, ErrNotSent)
	}
	rreq.Header.Set("Accept", "application/json")
	if body != nil {
		rreq.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		rreq.Header.Set("User-Agent", c.userAgent)
	}
	if c.auth != nil {
		c.auth.Apply(rreq.Request)
	}
	if err := checkHeaders(rreq.Header); err != nil {
		// net/http would refuse it in every attempt; say so once, naming the header, never its value.
		return nil, c.newError(fmt.Sprintf("%s: %s %s: building the request: %v; nothing was sent", c.vendor, method, logPath, err), err, ErrNotSent)
	}

	resp, err := c.retryClient(lctx, st).Do(rreq)
	if err != nil {
		return nil, c.failure(ctx, st, err)
	}
	// The attemptTransport has already read the body into memory: closing it cannot fail.
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, c.failure(ctx, st, err)
	}
	if st.effectful && st.anyMayHaveTakenEffect && (resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests) {
		// A write that failed in the end after an attempt that may have taken effect.
		return nil, c.newError(fmt.Sprintf("%s: %s %s: answered %d %s after %s, and an earlier attempt may have reached the server, "+
			"so whether it took effect is unknown", c.vendor, method, logPath, resp.StatusCode, http.StatusText(resp.StatusCode),
			attemptsText(st.attempt)), ErrOutcomeUnknown, &statusError{code: resp.StatusCode})
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Resent: st.resent}, nil
}

// ErrNotSent is wrapped by the error Do returns when the request was certainly never sent: it could
// not be built, or the caller was interrupted before it went out.
var ErrNotSent = errors.New("the request was not sent")

// checkHeaders reports a header whose value net/http would refuse to send (a newline or another
// control character, as a credential read from a file with its trailing newline has).
func checkHeaders(h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			if !httpguts.ValidHeaderFieldValue(v) {
				return fmt.Errorf("the %s header's value has a character HTTP does not allow (a newline or another control "+
					"character, for example from a credential read from a file with its line break); check the setting it comes from", name)
			}
		}
	}
	return nil
}

// statusError is the cause of a failure that is an answer, not a connection error.
type statusError struct{ code int }

func (e *statusError) Error() string {
	return fmt.Sprintf("answered %d %s", e.code, http.StatusText(e.code))
}

func attemptsText(n int) string {
	if n <= 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// retryClient builds the retry engine for one Do call. It is cheap: it only
// holds the shared *http.Client and closures over the call's state.
func (c *Client) retryClient(lctx context.Context, st *doState) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.hc,
		Logger:       nil, // the default logger writes to stderr; we log per attempt ourselves
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.retryWaitMax,
		RetryMax:     c.maxRetries,
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, i int) {
			st.attempt = i + 1
			if i > 0 && st.lastMayHaveTakenEffect {
				st.resent = true
			}
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return c.checkRetry(ctx, st, resp, err)
		},
		Backoff: func(minWait, maxWait time.Duration, n int, resp *http.Response) time.Duration {
			return c.backoff(lctx, st, minWait, maxWait, n, resp)
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			if err == nil && resp != nil {
				// Retries exhausted on a retryable status: the caller
				// gets the last response.
				return resp, nil
			}
			if resp != nil {
				_ = resp.Body.Close() // read into memory by the attemptTransport: closing it cannot fail
			}
			if err == nil {
				err = errors.New("no response")
			}
			return nil, err
		},
	}
}

func (c *Client) checkRetry(ctx context.Context, st *doState, resp *http.Response, err error) (bool, error) {
	if err == nil && resp != nil {
		code := resp.StatusCode
		if !st.idempotent && mayHaveTakenEffect(code) {
			// A create answered with a server error: it may have been committed before the error.
			st.outcomeUnknown = true
			return false, &statusError{code: code}
		}
		if !retryableStatus(code, st.idempotent) {
			return false, nil
		}
		if code == http.StatusTooManyRequests && st.rateLimitExhausted {
			// The wait the vendor asked for is beyond MaxRateLimitWait or the deadline: its answer
			// tells the user more than more waiting would.
			return false, nil
		}
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		wait, ok := serverWait(resp)
		if ok && wait > c.maxRetryAfter {
			tflog.SubsystemDebug(ctx, c.vendor, "server asked to wait longer than the maximum; returning its response", map[string]any{
				"vendor":             c.vendor,
				"method":             st.method,
				"path":               st.path,
				"status":             code,
				"requested_wait_ms":  wait.Milliseconds(),
				"max_retry_after_ms": c.maxRetryAfter.Milliseconds(),
			})
			return false, nil
		}
		if deadline, ok2 := ctx.Deadline(); ok && ok2 && time.Until(deadline) < wait {
			// Waiting would only end in a "deadline exceeded"; the
			// server's answer tells the user more.
			tflog.SubsystemDebug(ctx, c.vendor, "server asked to wait beyond the context deadline; returning its response", map[string]any{
				"vendor":            c.vendor,
				"method":            st.method,
				"path":              st.path,
				"status":            code,
				"requested_wait_ms": wait.Milliseconds(),
			})
			return false, nil
		}
		return true, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err == nil {
		return false, nil
	}
	// st.lastErr == nil means the error did not come from a round trip
	// (e.g. a redirect policy error after a response arrived).
	notSent := st.lastErr != nil && st.lastNotSent
	if !st.idempotent && !notSent {
		st.outcomeUnknown = true
		return false, nil
	}
	if st.lastErr == nil || isPermanentError(err) {
		return false, nil
	}
	return true, nil
}

func (c *Client) backoff(ctx context.Context, st *doState, minWait, maxWait time.Duration, n int, resp *http.Response) time.Duration {
	fields := map[string]any{
		"vendor":  c.vendor,
		"method":  st.method,
		"path":    st.path,
		"attempt": st.attempt,
	}
	var wait time.Duration
	if resp != nil {
		fields["status"] = resp.StatusCode
		if w, ok := serverWait(resp); ok && w > 0 {
			wait = w + serverWaitJitter(w)
			fields["server_requested_wait_ms"] = w.Milliseconds()
		}
	} else if st.lastErr != nil {
		fields["error"] = describeError(st.lastErr)
	}
	if wait == 0 {
		wait = exponentialBackoff(minWait, maxWait, n)
	}
	fields["wait_ms"] = wait.Milliseconds()
	tflog.SubsystemDebug(ctx, c.vendor, "retrying HTTP request", fields)
	return wait
}

// failure turns the error of the retry engine into the error Do returns.
func (c *Client) failure(ctx context.Context, st *doState, err error) error {
	prefix := fmt.Sprintf("%s: %s %s", c.vendor, st.method, st.path)
	if cerr := ctx.Err(); cerr != nil {
		reason := "interrupted (Terraform was asked to stop)"
		if errors.Is(cerr, context.DeadlineExceeded) {
			reason = "timed out (the operation's deadline passed)"
		}
		switch {
		case !st.sentAny:
			return c.newError(prefix+": "+reason+" before the request was sent; nothing was sent", cerr, ErrNotSent)
		case st.effectful && st.anyMayHaveTakenEffect:
			return c.newError(prefix+": "+reason+" after the request was sent and before its answer arrived; it may have "+
				"reached the server, so whether it took effect is unknown", cerr, ErrOutcomeUnknown)
		default:
			return c.newError(prefix+": "+reason+" after "+attemptsText(st.attempt), cerr)
		}
	}
	cause := unwrapURLError(err)
	var rl *rateLimitWaitError
	if errors.As(cause, &rl) || errors.Is(cause, ErrNotSent) {
		return c.newError(fmt.Sprintf("%s: %s; nothing was sent", prefix, describeError(cause)), cause, ErrNotSent)
	}
	if st.outcomeUnknown || (st.effectful && st.anyMayHaveTakenEffect) {
		msg := fmt.Sprintf("%s: %s; the request may have reached the server, so whether it took effect is unknown",
			prefix, describeError(cause))
		if st.outcomeUnknown {
			msg = fmt.Sprintf("%s: %s; the request may have reached the server, so it was not sent again and whether it "+
				"took effect is unknown", prefix, describeError(cause))
		}
		return c.newError(msg, ErrOutcomeUnknown, cause)
	}
	return c.newError(fmt.Sprintf("%s: %s after %s", prefix, describeError(cause), attemptsText(st.attempt)), cause)
}

// unwrapURLError drops the *url.Error wrappers added by net/http: their
// message holds the full URL, which may carry a secret query parameter.
func unwrapURLError(err error) error {
	for {
		var ue *url.Error
		if !errors.As(err, &ue) || ue.Err == nil {
			return err
		}
		if ue == err {
			err = ue.Err
			continue
		}
		// A *url.Error deeper in the chain: keep only its cause.
		return ue.Err
	}
}

// requestError is the error type Do returns: a message fit for an end user,
// free of secrets, that still unwraps to its causes.
type requestError struct {
	msg  string
	errs []error
}

func (e *requestError) Error() string   { return e.msg }
func (e *requestError) Unwrap() []error { return e.errs }

func (c *Client) newError(msg string, errs ...error) error {
	for _, s := range c.secrets {
		msg = strings.ReplaceAll(msg, s, "***")
	}
	return &requestError{msg: msg, errs: errs}
}
