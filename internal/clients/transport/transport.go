// Package transport is the HTTP layer shared by the vendor API clients: it
// builds requests, authenticates them, paces them, retries them when that is
// safe, and logs every attempt with secrets masked.
//
// Retries are run by github.com/hashicorp/go-retryablehttp with a policy of
// our own (see Client.Do). Under the retry loop sits a round tripper that
// every attempt goes through: it waits while the vendor has said its
// rate-limit window is used up (see rateGate), waits for a pacing token,
// applies the per-attempt timeout, reads the whole response body and logs the
// attempt.
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
	"golang.org/x/time/rate"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultRetryWaitMin  = 500 * time.Millisecond
	DefaultRetryWaitMax  = 30 * time.Second
	DefaultMaxRetryAfter = 2 * time.Minute

	// defaultConnsPerHost sizes the connection pool for Terraform's default
	// parallelism of 10 with some headroom.
	defaultConnsPerHost = 16
)

// LogLevelEnvPrefix is the prefix of the environment variable that sets the
// log level of one vendor's subsystem, e.g. TF_LOG_PROVIDER_CONTACTS_MAILDIVER=DEBUG.
// When unset, the subsystem logs at the provider's level.
const LogLevelEnvPrefix = "TF_LOG_PROVIDER_CONTACTS"

// ErrOutcomeUnknown is wrapped by the error Do returns when a request that is
// not safe to replay (POST) may have reached the server but no response
// arrived: the connection was reset or closed after the request was written,
// the per-attempt timeout expired after writing, or the context was cancelled
// while the request was in flight. The caller must find out whether it took
// effect before trying again. Test with errors.Is.
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
	MaxRetryAfter     time.Duration // cap on a server-requested wait; default 2m; beyond it the response is returned
	HTTPClient        *http.Client  // optional; default: a pooled keep-alive client per Config
}

// Request is one API call. Path is already path-escaped by the caller and is
// relative to the base URL, e.g. "/audiences/x/contacts/y".
type Request struct {
	Method string
	Path   string
	Query  url.Values // optional
	Body   any        // JSON-encoded when non-nil; Content-Type: application/json is then set

	// Idempotent marks a request whose method is not idempotent (POST) as
	// safe to replay, e.g. a read-only search sent as POST. It then gets
	// the retry treatment of GET. Leave false for creates.
	Idempotent bool
}

// Response is the answer to a request, whatever its status.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
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
		base:    base2,
		limiter: limiter,
		gate:    &rateGate{maxWait: c.maxRetryAfter},
		timeout: max(cfg.Timeout, 0),
		vendor:  vendor,
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
// response was obtained.
//
// Retry policy:
//   - GET, HEAD, PUT, PATCH, DELETE, OPTIONS (and requests marked Idempotent)
//     are retried on 429, 502, 503, 504 and on any connection error.
//   - POST is retried only when the server certainly did not process it: on
//     429 and 503, and on errors that happened before the request was sent
//     (dial, DNS, TLS handshake). Any other connection error returns an error
//     wrapping ErrOutcomeUnknown, without a replay.
//   - A Retry-After header (seconds or HTTP date) or, on a 429,
//     X-RateLimit-Reset (Unix seconds) sets the wait; if it is longer than
//     MaxRetryAfter, or would outlast the context's deadline, the response is
//     returned at once. Otherwise the wait is an exponential backoff with
//     jitter between RetryWaitMin and RetryWaitMax.
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
		idempotent: isIdempotent(method) || req.Idempotent,
	}

	if err := ctx.Err(); err != nil {
		return nil, c.failure(ctx, st, err)
	}

	u, err := c.buildURL(req.Path, req.Query)
	if err != nil {
		return nil, c.newError(fmt.Sprintf("%s: %s %s: %v", c.vendor, method, logPath, err), err)
	}

	var body any
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, c.newError(fmt.Sprintf("%s: %s %s: encoding the request body: %v", c.vendor, method, logPath, err), err)
		}
		st.requestBody = b
		body = b
	}

	lctx := context.WithValue(c.logContext(ctx), stateKey{}, st)
	rreq, err := retryablehttp.NewRequestWithContext(lctx, method, u.String(), body)
	if err != nil {
		return nil, c.newError(fmt.Sprintf("%s: %s %s: building the request: %v", c.vendor, method, logPath, unwrapURLError(err)), unwrapURLError(err))
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

	resp, err := c.retryClient(lctx, st).Do(rreq)
	if err != nil {
		return nil, c.failure(ctx, st, err)
	}
	defer resp.Body.Close()
	// The attemptTransport has already read the body into memory.
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, c.failure(ctx, st, err)
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}, nil
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
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return c.checkRetry(ctx, st, resp, err)
		},
		Backoff: func(min, max time.Duration, n int, resp *http.Response) time.Duration {
			return c.backoff(lctx, st, min, max, n, resp)
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			if err == nil && resp != nil {
				// Retries exhausted on a retryable status: the caller
				// gets the last response.
				return resp, nil
			}
			if resp != nil {
				resp.Body.Close()
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
		if !retryableStatus(resp.StatusCode, st.idempotent) {
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
				"status":             resp.StatusCode,
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
				"status":            resp.StatusCode,
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

func (c *Client) backoff(ctx context.Context, st *doState, min, max time.Duration, n int, resp *http.Response) time.Duration {
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
		wait = exponentialBackoff(min, max, n)
	}
	fields["wait_ms"] = wait.Milliseconds()
	tflog.SubsystemDebug(ctx, c.vendor, "retrying HTTP request", fields)
	return wait
}

// failure turns the error of the retry engine into the error Do returns.
func (c *Client) failure(ctx context.Context, st *doState, err error) error {
	prefix := fmt.Sprintf("%s: %s %s", c.vendor, st.method, st.path)
	if cerr := ctx.Err(); cerr != nil {
		msg := prefix + ": request cancelled"
		if errors.Is(cerr, context.DeadlineExceeded) {
			msg += " (deadline exceeded)"
		}
		errs := []error{cerr}
		if !st.idempotent && st.lastErr != nil && !st.lastNotSent {
			msg += "; it may already have reached the server, so whether it took effect is unknown"
			errs = append(errs, ErrOutcomeUnknown)
		}
		return c.newError(msg, errs...)
	}
	cause := unwrapURLError(err)
	if st.outcomeUnknown {
		msg := fmt.Sprintf("%s: %s; the request may have reached the server, so it was not retried and whether it took effect is unknown",
			prefix, describeError(cause))
		return c.newError(msg, ErrOutcomeUnknown, cause)
	}
	attempts := "1 attempt"
	if st.attempt > 1 {
		attempts = fmt.Sprintf("%d attempts", st.attempt)
	}
	return c.newError(fmt.Sprintf("%s: %s after %s", prefix, describeError(cause), attempts), cause)
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
