// Package mockapi is an in-memory mock of the four vendor contact APIs the provider manages
// (MailDiver, Bland AI, RevyOps, Corporate Merch), with request statistics, fault injection
// and control endpoints under /_mock/. It imports nothing from the rest of the project: it is
// an independent check of the provider, written from shared/vendors.md.
//
// Vendors live under URL prefixes (/maildiver/v1, /bland, /revyops, /corporatemerch/v2); each
// implemented vendor is one file (maildiver.go, ...) plus one OpenAPI description in openapi/
// that every request to it is validated against.
package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultAPIKey is the key (MailDiver, Corporate Merch bearer token, Bland, RevyOps) accepted
// when Options.APIKey is empty.
const DefaultAPIKey = "mock-api-key"

// maxBodyBytes bounds a vendor request body.
const maxBodyBytes = 1 << 20

// Options configures a Server.
type Options struct {
	APIKey string // the one valid key/token for every vendor; DefaultAPIKey when empty
	Seed   int64  // seeds the fault-injection randomness (0 = time-based)
	Faults Faults // faults in force from the start (and again after Reset)
}

// Faults are the injected failures. The zero value injects nothing.
type Faults struct {
	LatencyMS          int             `json:"latency_ms"`
	ErrorRate          float64         `json:"error_rate"`            // fraction of vendor requests answered 500 or 503 (not committed)
	DropResponseRate   float64         `json:"drop_response_rate"`    // fraction of WRITES (POST/PUT/PATCH/DELETE) committed, then connection closed with no response
	RateLimitPerMinute map[string]int  `json:"rate_limit_per_minute"` // vendor -> requests per minute; over it 429 with the vendor's headers
	FailNext           []CannedFailure `json:"fail_next,omitempty"`   // deterministic: the next vendor requests (in order) get these answers instead of being processed
}

// CannedFailure is one deterministic answer queued in Faults.FailNext.
type CannedFailure struct {
	Vendor     string `json:"vendor,omitempty"`      // only requests to this vendor consume it; "" = any vendor
	Method     string `json:"method,omitempty"`      // only requests with this HTTP method consume it; "" = any method
	Status     int    `json:"status,omitempty"`      // e.g. 429, 503, 500 (answered in the vendor's error shape, request NOT committed)
	RetryAfter string `json:"retry_after,omitempty"` // value of the Retry-After header when non-empty (e.g. "1" or an HTTP date)
	Drop       bool   `json:"drop,omitempty"`        // commit the request (process it fully), then close the connection with no response
}

// Stats counts the requests that reached a vendor prefix.
type Stats struct {
	Total    int            `json:"total"`
	ByVendor map[string]int `json:"by_vendor"`
	ByStatus map[string]int `json:"by_status"` // "200": N; "dropped" for connections closed with no response
	ByRoute  map[string]int `json:"by_route"`  // "PATCH /maildiver/v1/audiences/{audienceId}/contacts/{contactId}": N
}

// StatusDropped is the ByStatus key of requests whose connection was closed with no response.
const StatusDropped = "dropped"

// unmatchedRoute is the path part of the ByRoute key of a request that matches no operation.
const unmatchedRoute = "/<unmatched>"

// Server is the mock. It implements http.Handler and is safe for concurrent use.
type Server struct {
	apiKey  string
	control *http.ServeMux
	mounts  []*mount // one per vendor prefix, implemented or not

	// storeMu guards every vendor's stored data: vendor methods run with it held.
	storeMu sync.Mutex

	statsMu sync.Mutex
	stats   Stats

	faultMu       sync.Mutex // guards the fields below
	initialFaults Faults
	faults        Faults
	windows       map[string][]time.Time // vendor -> admitted request times in the last minute
	rng           *rand.Rand

	now func() time.Time
}

// mount is one vendor prefix.
type mount struct {
	name   string
	prefix string
	v      vendor      // nil when the vendor is not implemented yet
	spec   *specRouter // nil when v is nil
}

// New builds a Server. It panics if an embedded OpenAPI description is broken (a programming
// error caught by the package's tests).
func New(opts Options) *Server {
	s := &Server{
		apiKey:  opts.APIKey,
		windows: map[string][]time.Time{},
		now:     time.Now,
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	seed := uint64(opts.Seed)
	if opts.Seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.initialFaults = cloneFaults(opts.Faults)
	s.faults = cloneFaults(opts.Faults)
	s.stats = emptyStats()

	impl := map[string]vendor{}
	for _, v := range newVendors(s.now()) {
		impl[v.name()] = v
	}
	for _, p := range vendorPrefixes {
		m := &mount{name: p.name, prefix: p.prefix, v: impl[p.name]}
		if m.v != nil {
			sr, err := cachedSpec(m.name, m.v.spec())
			if err != nil {
				panic(fmt.Sprintf("mockapi: OpenAPI description of %s: %v", m.name, err))
			}
			m.spec = sr
		}
		s.mounts = append(s.mounts, m)
	}
	s.control = s.controlMux()
	return s
}

// ServeHTTP serves the vendor prefixes and the /_mock/ control endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if path == "/_mock" || strings.HasPrefix(path, "/_mock/") {
		s.control.ServeHTTP(w, r)
		return
	}
	for _, m := range s.mounts {
		if path == m.prefix || strings.HasPrefix(path, m.prefix+"/") {
			s.serveVendor(w, r, m)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "no vendor at " + path})
}

// Stats returns a copy of the request counts.
func (s *Server) Stats() Stats {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := Stats{
		Total:    s.stats.Total,
		ByVendor: make(map[string]int, len(s.stats.ByVendor)),
		ByStatus: make(map[string]int, len(s.stats.ByStatus)),
		ByRoute:  make(map[string]int, len(s.stats.ByRoute)),
	}
	for k, v := range s.stats.ByVendor {
		out.ByVendor[k] = v
	}
	for k, v := range s.stats.ByStatus {
		out.ByStatus[k] = v
	}
	for k, v := range s.stats.ByRoute {
		out.ByRoute[k] = v
	}
	return out
}

// Faults returns a copy of the faults in force (FailNext holds the entries not consumed yet).
func (s *Server) Faults() Faults {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := cloneFaults(s.faults)
	if f.RateLimitPerMinute == nil {
		f.RateLimitPerMinute = map[string]int{}
	}
	return f
}

// SetFaults replaces the faults in force and restarts the rate-limit windows.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = cloneFaults(f)
	s.windows = map[string][]time.Time{}
}

// Reset clears the stored data (keeping the seeded fixtures, such as MailDiver's "Demo"
// audience), the stats and the rate-limit windows, and puts back the faults given in Options.
func (s *Server) Reset() {
	s.storeMu.Lock()
	now := s.now()
	for _, m := range s.mounts {
		if m.v != nil {
			m.v.reset(now)
		}
	}
	s.storeMu.Unlock()

	s.statsMu.Lock()
	s.stats = emptyStats()
	s.statsMu.Unlock()

	s.SetFaults(s.initialFaults)
}

// Contacts lists a vendor's stored contacts in the vendor's own JSON shape, in creation order.
// It returns nil for an unknown vendor and an empty slice for a vendor not implemented yet.
func (s *Server) Contacts(vendor string) []map[string]any {
	m := s.mountByName(vendor)
	if m == nil {
		return nil
	}
	if m.v == nil {
		return []map[string]any{}
	}
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	return m.v.contacts()
}

// PatchContact merges fields into a stored contact, as if another system had changed it, and
// bumps its update time. Errors: ErrUnknownVendor, ErrNotFound, ErrConflict, ErrBadField.
func (s *Server) PatchContact(vendor, id string, fields map[string]any) error {
	_, err := s.patchContact(vendor, id, fields)
	return err
}

func (s *Server) patchContact(vendor, id string, fields map[string]any) (map[string]any, error) {
	m := s.mountByName(vendor)
	if m == nil || m.v == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownVendor, vendor)
	}
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	return m.v.patchContact(id, fields, s.now())
}

// DeleteContact removes a stored contact, as if another system had deleted it.
// Errors: ErrUnknownVendor, ErrNotFound.
func (s *Server) DeleteContact(vendor, id string) error {
	m := s.mountByName(vendor)
	if m == nil || m.v == nil {
		return fmt.Errorf("%w: %q", ErrUnknownVendor, vendor)
	}
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	return m.v.deleteContact(id)
}

func (s *Server) mountByName(name string) *mount {
	for _, m := range s.mounts {
		if m.name == name {
			return m
		}
	}
	return nil
}

// serveVendor handles one request to a vendor prefix: stats, faults, auth, routing,
// validation, then the vendor's handler.
func (s *Server) serveVendor(w http.ResponseWriter, r *http.Request, m *mount) {
	rest := strings.TrimPrefix(r.URL.Path, m.prefix)
	if rest == "" {
		rest = "/"
	}

	var rt routeMatch
	if m.spec != nil {
		rt = m.spec.find(r.Method, rest)
	}
	routeKey := r.Method + " " + m.prefix + unmatchedRoute
	if rt.template != "" {
		routeKey = r.Method + " " + m.prefix + rt.template
	}
	s.countRequest(m.name, routeKey)

	// The status is counted just before the answer is written (or the connection dropped), so a
	// client that reads /_mock/stats after it gets an answer always sees that answer counted.
	s.process(&countingWriter{ResponseWriter: w, count: s.countStatus}, r, m, rest, rt)
}

// countingWriter lets writeResponse count a status before the client can see the answer.
type countingWriter struct {
	http.ResponseWriter
	count func(status string)
}

// Unwrap lets http.ResponseController reach the connection (to drop it).
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// process answers a vendor request.
func (s *Server) process(w http.ResponseWriter, r *http.Request, m *mount, rest string, rt routeMatch) {
	if m.v == nil {
		// A vendor not implemented yet.
		writeResponse(w, jsonResponse(http.StatusNotFound, map[string]string{"message": "Not found"}), nil, false)
		return
	}
	v := m.v

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeResponse(w, v.errorResponse(&mockError{kind: errBadRequest, status: http.StatusBadRequest,
			message: "request body could not be read"}), nil, false)
		return
	}

	f := s.faultSnapshot()
	if f.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(f.LatencyMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}

	drop := false
	var extra http.Header
	if c, ok := s.takeCanned(m.name, r.Method); ok {
		if !c.Drop {
			resp := v.errorResponse(cannedError(c.Status))
			if c.RetryAfter != "" {
				if resp.header == nil {
					resp.header = http.Header{}
				}
				resp.header.Set("Retry-After", c.RetryAfter)
			}
			writeResponse(w, resp, nil, false)
			return
		}
		drop = true
	} else {
		now := s.now()
		if rl, configured := s.admit(m.name, now); configured {
			extra = http.Header{}
			v.rateLimitHeaders(extra, rl)
			if rl.limited {
				writeResponse(w, v.errorResponse(&mockError{kind: errRateLimited, status: http.StatusTooManyRequests}), extra, false)
				return
			}
		} else if d, ok := v.(documentedRateLimiter); ok {
			extra = http.Header{}
			v.rateLimitHeaders(extra, s.observe(m.name, now, d.documentedRateLimitPerMinute()))
		}
		if s.chance(f.ErrorRate) {
			e := &mockError{kind: errInternal, status: http.StatusInternalServerError}
			var h http.Header
			if s.chance(0.5) {
				e = &mockError{kind: errUnavailable, status: http.StatusServiceUnavailable}
				h = http.Header{"Retry-After": []string{"1"}}
			}
			resp := v.errorResponse(e)
			resp.header = mergeHeader(resp.header, h)
			writeResponse(w, resp, extra, false)
			return
		}
		if isWrite(r.Method) && s.chance(f.DropResponseRate) {
			drop = true
		}
	}

	if e := v.authenticate(r, s.apiKey); e != nil {
		writeResponse(w, v.errorResponse(e), extra, drop)
		return
	}
	if rt.err != nil {
		writeResponse(w, v.errorResponse(rt.err), extra, drop)
		return
	}
	req := &vendorRequest{
		method:     r.Method,
		route:      rt.template,
		path:       rest,
		pathParams: rt.params,
		query:      r.URL.Query(),
		header:     r.Header,
		body:       body,
		now:        s.now(),
	}
	if e := v.precheck(req); e != nil {
		writeResponse(w, v.errorResponse(e), extra, drop)
		return
	}
	if e := m.spec.validate(r, rest, rt, body); e != nil {
		writeResponse(w, v.errorResponse(e), extra, drop)
		return
	}

	s.storeMu.Lock()
	req.now = s.now()
	resp := v.handle(req)
	s.storeMu.Unlock()
	writeResponse(w, resp, extra, drop)
}

// cannedError is the error answered for a CannedFailure with the given status.
func cannedError(status int) *mockError {
	if status == 0 {
		status = http.StatusInternalServerError
	}
	kind := errOther
	switch status {
	case http.StatusBadRequest:
		kind = errBadRequest
	case http.StatusUnauthorized:
		kind = errUnauthorized
	case http.StatusForbidden:
		kind = errForbidden
	case http.StatusNotFound:
		kind = errNotFound
	case http.StatusMethodNotAllowed:
		kind = errMethodNotAllowed
	case http.StatusConflict:
		kind = errConflict
	case http.StatusTooManyRequests:
		kind = errRateLimited
	case http.StatusInternalServerError:
		kind = errInternal
	case http.StatusServiceUnavailable:
		kind = errUnavailable
	}
	return &mockError{kind: kind, status: status}
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// writeResponse writes resp (plus extra headers), or when drop is set closes the connection
// without writing anything, counting the status first (see countingWriter).
func writeResponse(w http.ResponseWriter, resp response, extra http.Header, drop bool) {
	counted := func(status string) {
		if c, ok := w.(*countingWriter); ok {
			c.count(status)
		}
	}
	if drop {
		counted(StatusDropped)
		dropConnection(w)
		return
	}
	h := w.Header()
	for k, vs := range extra {
		h[k] = append([]string(nil), vs...)
	}
	for k, vs := range resp.header {
		h[k] = append([]string(nil), vs...)
	}
	if resp.body == nil {
		counted(strconv.Itoa(resp.status))
		w.WriteHeader(resp.status)
		return
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(resp.body); err != nil {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		counted(strconv.Itoa(http.StatusInternalServerError))
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "mockapi: encoding the response failed\n")
		return
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	counted(strconv.Itoa(resp.status))
	w.WriteHeader(resp.status)
	_, _ = w.Write(buf.Bytes())
}

// dropConnection closes the client connection with no response bytes. It needs a
// ResponseWriter that can be hijacked (a real HTTP/1 server); otherwise it aborts the handler
// with http.ErrAbortHandler, which makes net/http drop the connection too.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	writeResponse(w, jsonResponse(status, body), nil, false)
}

func mergeHeader(a, b http.Header) http.Header {
	if len(b) == 0 {
		return a
	}
	if a == nil {
		a = http.Header{}
	}
	for k, vs := range b {
		a[k] = append(a[k], vs...)
	}
	return a
}

// ---- stats ----

func emptyStats() Stats {
	return Stats{ByVendor: map[string]int{}, ByStatus: map[string]int{}, ByRoute: map[string]int{}}
}

func (s *Server) countRequest(vendor, route string) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.stats.Total++
	s.stats.ByVendor[vendor]++
	s.stats.ByRoute[route]++
}

func (s *Server) countStatus(status string) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.stats.ByStatus[status]++
}

// ---- faults ----

func cloneFaults(f Faults) Faults {
	out := f
	if f.RateLimitPerMinute != nil {
		out.RateLimitPerMinute = make(map[string]int, len(f.RateLimitPerMinute))
		for k, v := range f.RateLimitPerMinute {
			out.RateLimitPerMinute[k] = v
		}
	}
	out.FailNext = append([]CannedFailure(nil), f.FailNext...)
	return out
}

// faultSnapshot returns the faults in force (without copying FailNext).
func (s *Server) faultSnapshot() Faults {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := s.faults
	f.FailNext = nil
	f.RateLimitPerMinute = nil
	return f
}

// takeCanned removes and returns the first queued CannedFailure that applies to a request of vendor
// with method.
func (s *Server) takeCanned(vendor, method string) (CannedFailure, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, c := range s.faults.FailNext {
		if (c.Vendor == "" || c.Vendor == vendor) && (c.Method == "" || strings.EqualFold(c.Method, method)) {
			s.faults.FailNext = append(s.faults.FailNext[:i:i], s.faults.FailNext[i+1:]...)
			return c, true
		}
	}
	return CannedFailure{}, false
}

// chance draws from the seeded source and reports whether the event of probability p happens.
func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return s.rng.Float64() < p
}

// admit applies the vendor's rate limit (a sliding one-minute window of admitted requests).
// configured is false when no limit is set for the vendor.
func (s *Server) admit(vendor string, now time.Time) (rl rateLimitInfo, configured bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	limit := s.faults.RateLimitPerMinute[vendor]
	if limit <= 0 {
		return rateLimitInfo{}, false
	}
	win := s.windows[vendor]
	cut := now.Add(-time.Minute)
	i := 0
	for i < len(win) && !win[i].After(cut) {
		i++
	}
	win = win[i:]
	if len(win) >= limit {
		s.windows[vendor] = win
		return rateLimitInfo{limit: limit, remaining: 0, reset: win[0].Add(time.Minute), limited: true, now: now}, true
	}
	win = append(win, now)
	s.windows[vendor] = win
	return rateLimitInfo{limit: limit, remaining: limit - len(win), reset: win[0].Add(time.Minute), now: now}, true
}

// documentedRateLimiter is implemented by a vendor whose every response carries its rate-limit
// headers (Corporate Merch). When no limit is configured for it in Faults, the headers still report
// the vendor's documented limit and what the last minute left of it, but nothing is refused.
type documentedRateLimiter interface {
	documentedRateLimitPerMinute() int
}

// observe counts a request in the vendor's one-minute window against limit without refusing it, for
// the headers of a vendor whose limit is not enforced.
func (s *Server) observe(vendor string, now time.Time, limit int) rateLimitInfo {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	win := s.windows[vendor]
	cut := now.Add(-time.Minute)
	i := 0
	for i < len(win) && !win[i].After(cut) {
		i++
	}
	win = append(win[i:], now)
	s.windows[vendor] = win
	return rateLimitInfo{limit: limit, remaining: max(limit-len(win), 0), reset: win[0].Add(time.Minute), now: now}
}

// retryAfterSeconds is the Retry-After value (whole seconds, at least 1) until t.
func retryAfterSeconds(now, t time.Time) string {
	d := t.Sub(now)
	secs := int64((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return strconv.FormatInt(secs, 10)
}

// Validate reports faults that cannot be applied: rates outside 0-1, negative numbers,
// unknown vendor names, canned failures without a 4xx/5xx status or drop.
func (f Faults) Validate() error {
	var errs []error
	if f.LatencyMS < 0 {
		errs = append(errs, errors.New("latency_ms must not be negative"))
	}
	if f.ErrorRate < 0 || f.ErrorRate > 1 {
		errs = append(errs, errors.New("error_rate must be between 0 and 1"))
	}
	if f.DropResponseRate < 0 || f.DropResponseRate > 1 {
		errs = append(errs, errors.New("drop_response_rate must be between 0 and 1"))
	}
	for v, n := range f.RateLimitPerMinute {
		if !knownVendor(v) {
			errs = append(errs, fmt.Errorf("rate_limit_per_minute: unknown vendor %q", v))
		}
		if n < 0 {
			errs = append(errs, fmt.Errorf("rate_limit_per_minute[%s] must not be negative", v))
		}
	}
	for i, c := range f.FailNext {
		if c.Vendor != "" && !knownVendor(c.Vendor) {
			errs = append(errs, fmt.Errorf("fail_next[%d]: unknown vendor %q", i, c.Vendor))
		}
		if !c.Drop && (c.Status < 400 || c.Status > 599) {
			errs = append(errs, fmt.Errorf("fail_next[%d]: status must be 400-599 unless drop is set", i))
		}
	}
	return errors.Join(errs...)
}

func knownVendor(name string) bool {
	for _, p := range vendorPrefixes {
		if p.name == name {
			return true
		}
	}
	return false
}
