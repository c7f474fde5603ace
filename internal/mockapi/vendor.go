package mockapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Errors returned by the out-of-band store methods (Server.PatchContact, Server.DeleteContact).
var (
	ErrUnknownVendor = errors.New("unknown vendor")
	ErrNotFound      = errors.New("contact not found")
	ErrConflict      = errors.New("contact conflicts with another contact")
	ErrBadField      = errors.New("bad field")
)

// vendorPrefixes lists every vendor the mock knows, with its URL prefix. A vendor without an
// implementation registered in newVendors answers 404 for now (its requests are still counted).
var vendorPrefixes = []struct{ name, prefix string }{
	{"maildiver", "/maildiver/v1"},
	{"bland", "/bland"},
	{"revyops", "/revyops"},
	{"corporatemerch", "/corporatemerch/v2"},
}

// newVendors builds the implemented vendors. Adding a vendor = one file implementing vendor,
// one OpenAPI yaml in openapi/, and one line here.
func newVendors(now time.Time) []vendor {
	return []vendor{
		newMailDiver(now),
		newCorporateMerch(now),
		newBland(now),
		newRevyOps(now),
	}
}

// vendor is what one vendor's file implements. Every method except spec/name is called with the
// server's store lock held, so implementations need no locking of their own.
type vendor interface {
	// name is the vendor's key ("maildiver"), as used in stats, faults and /_mock/store/{vendor}.
	name() string
	// spec is the vendor's embedded OpenAPI document (paths relative to the vendor prefix).
	spec() []byte

	// authenticate checks the request's credentials against the one valid key.
	// It returns nil when the request may proceed.
	authenticate(r *http.Request, apiKey string) *mockError
	// precheck runs the vendor's own checks that have vendor-specific wording, before the
	// OpenAPI validation. It returns nil when the request may proceed to validation.
	precheck(req *vendorRequest) *mockError
	// handle processes a request that passed authentication and validation.
	handle(req *vendorRequest) response
	// errorResponse renders a mock-level error in the vendor's own error shape.
	errorResponse(e *mockError) response
	// rateLimitHeaders adds the vendor's rate-limit headers; called for every response of the
	// vendor when a rate limit is configured for it (rl.limited on the 429 answer).
	rateLimitHeaders(h http.Header, rl rateLimitInfo)

	// reset drops everything but the seeded fixtures.
	reset(now time.Time)
	// contacts lists the stored contacts in the vendor's JSON shape, in creation order.
	contacts() []map[string]any
	// patchContact merges fields into a stored contact (out-of-band change) and returns it.
	patchContact(id string, fields map[string]any, now time.Time) (map[string]any, error)
	// deleteContact removes a stored contact (out-of-band change).
	deleteContact(id string) error
}

// errKind classifies the errors the mock itself produces, so each vendor renders them its way.
type errKind int

const (
	errBadRequest       errKind = iota // schema validation failed (400)
	errRequired                        // a required field is missing (400)
	errUnauthorized                    // credentials missing (401)
	errForbidden                       // credentials invalid (403)
	errNotFound                        // no such route or resource (404)
	errMethodNotAllowed                // path known, method not (405)
	errConflict                        // duplicate (409)
	errRateLimited                     // over the rate limit (429)
	errInternal                        // injected 500
	errUnavailable                     // injected 503
	errOther                           // canned failure with another status
)

// mockError is an error before a vendor renders it.
type mockError struct {
	kind    errKind
	status  int    // HTTP status
	code    string // vendor-specific code when the vendor code set it; "" = derive from kind
	field   string // the offending field, when known
	message string // human-readable message; "" = vendor default for the kind
}

// vendorRequest is a request after routing.
type vendorRequest struct {
	method     string
	route      string            // the OpenAPI path template, e.g. /audiences/{audienceId}/contacts
	path       string            // the request path with the vendor prefix removed
	pathParams map[string]string // values of the template's parameters
	query      url.Values
	header     http.Header
	body       []byte
	now        time.Time
}

// response is a vendor's answer. A nil body writes no body.
type response struct {
	status int
	body   any
	header http.Header
}

// rateLimitInfo describes the state of a vendor's rate-limit window for one request.
type rateLimitInfo struct {
	limit     int       // requests per minute
	remaining int       // slots left in the window after this request
	reset     time.Time // when the oldest slot in the window frees
	limited   bool      // this request is answered 429
	now       time.Time // when the request was admitted or refused
}

func jsonResponse(status int, body any) response {
	return response{status: status, body: body}
}

// readOnlyAsShown lets a store PATCH carry a read-only field of the store's GET shape (an id, a
// timestamp the vendor sets) when it holds the value the GET shows, so a GET answer can be sent back
// with some fields changed; any other value is refused with ErrBadField.
func readOnlyAsShown(vendor, field string, sent, shown any) error {
	if canonicalJSON(sent) == canonicalJSON(shown) {
		return nil
	}
	return fmt.Errorf("%w: %s %s is read-only (send it as the store shows it, %s, or leave it out)",
		ErrBadField, vendor, field, canonicalJSON(shown))
}

// canonicalJSON renders v as JSON with numbers as float64 and keys sorted, so a value decoded from a
// request compares equal to the Go value it was encoded from.
func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return string(b)
	}
	b, _ = json.Marshal(x)
	return string(b)
}
