package mockapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// specRouter is a vendor's parsed OpenAPI description and a router over its paths. The paths
// are relative to the vendor prefix, so requests are matched with the prefix stripped. It is
// read-only once built and shared by every Server.
type specRouter struct {
	doc    *openapi3.T
	router routers.Router
}

// routeMatch is the outcome of routing one request.
type routeMatch struct {
	route    *routers.Route
	template string            // the OpenAPI path template; "" when no path matched
	params   map[string]string // path parameter values
	err      *mockError        // 404 or 405 when no operation matched
}

var (
	specMu    sync.Mutex
	specCache = map[string]*specRouter{}
)

// cachedSpec parses a vendor's OpenAPI description once per process.
func cachedSpec(name string, data []byte) (*specRouter, error) {
	specMu.Lock()
	defer specMu.Unlock()
	if sr, ok := specCache[name]; ok {
		return sr, nil
	}
	sr, err := loadSpec(data)
	if err != nil {
		return nil, err
	}
	specCache[name] = sr
	return sr, nil
}

func loadSpec(data []byte) (*specRouter, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("loading: %w", err)
	}
	// The seed's PATCH operation carries an example of an invalid body (first_name ""), so
	// examples are not validated.
	opts := []openapi3.ValidationOption{openapi3.DisableExamplesValidation()}
	if err := doc.Validate(loader.Context, opts...); err != nil {
		return nil, fmt.Errorf("validating: %w", err)
	}
	// The servers entry documents the mock prefix; matching is done on the stripped path.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc, opts...)
	if err != nil {
		return nil, fmt.Errorf("building router: %w", err)
	}
	return &specRouter{doc: doc, router: router}, nil
}

var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// find matches method and path (the vendor prefix removed) to an operation.
func (sr *specRouter) find(method, path string) routeMatch {
	route, params, err := sr.router.FindRoute(&http.Request{Method: method, URL: &url.URL{Path: path}})
	if err == nil {
		return routeMatch{route: route, template: route.Path, params: params}
	}
	// The legacy router reports "method not allowed" only for literal paths: look for the
	// same path under another method to tell 405 from 404.
	var allowed []string
	template := ""
	for _, m := range routeMethods {
		if m == method {
			continue
		}
		if rt, _, err := sr.router.FindRoute(&http.Request{Method: m, URL: &url.URL{Path: path}}); err == nil {
			allowed = append(allowed, m)
			template = rt.Path
		}
	}
	if len(allowed) > 0 {
		sort.Strings(allowed)
		return routeMatch{template: template, err: &mockError{kind: errMethodNotAllowed, status: http.StatusMethodNotAllowed,
			message: "Method not allowed", field: strings.Join(allowed, ", ")}}
	}
	return routeMatch{err: &mockError{kind: errNotFound, status: http.StatusNotFound}}
}

// validate checks the request against the matched operation (parameters and body; security is
// left to the vendor's own authenticate). rest is the path without the vendor prefix.
func (sr *specRouter) validate(r *http.Request, rest string, rt routeMatch, body []byte) *mockError {
	req := r.Clone(r.Context())
	u := *r.URL
	u.Path = rest
	u.RawPath = ""
	req.URL = &u
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: rt.params,
		Route:      rt.route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true,
		},
	}
	err := openapi3filter.ValidateRequest(context.WithoutCancel(r.Context()), in)
	if err == nil {
		return nil
	}
	return describeValidationError(err)
}

// describeValidationError turns a kin-openapi validation error into a 400 naming the field.
func describeValidationError(err error) *mockError {
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		err = me[0]
	}
	bad := func(field, msg string) *mockError {
		return &mockError{kind: errBadRequest, status: http.StatusBadRequest, field: field, message: msg}
	}

	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return bad("", "invalid request")
	}
	if p := re.Parameter; p != nil {
		if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
			return &mockError{kind: errRequired, status: http.StatusBadRequest, field: p.Name,
				message: fmt.Sprintf("%s %s parameter is required", p.Name, p.In)}
		}
		var se *openapi3.SchemaError
		if errors.As(re.Err, &se) {
			return bad(p.Name, phraseSchemaError(p.Name, se))
		}
		return bad(p.Name, fmt.Sprintf("%s %s parameter is invalid", p.Name, p.In))
	}

	// Request body.
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return &mockError{kind: errRequired, status: http.StatusBadRequest, message: "request body is required"}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		return bad("", "request body must not be empty")
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		field := strings.Join(se.JSONPointer(), ".")
		if se.SchemaField == "required" {
			return &mockError{kind: errRequired, status: http.StatusBadRequest, field: field, message: field + " is required"}
		}
		return bad(field, phraseSchemaError(field, se))
	}
	var pe *openapi3filter.ParseError
	if errors.As(re.Err, &pe) {
		return bad("", "request body is not valid JSON")
	}
	if strings.Contains(re.Reason, "Content-Type") || strings.Contains(re.Reason, "content type") {
		return bad("", "Content-Type must be application/json")
	}
	return bad("", "request body is invalid: "+re.Reason)
}

// phraseSchemaError words a schema error about field, e.g. "is_subscribed must be a boolean".
func phraseSchemaError(field string, se *openapi3.SchemaError) string {
	subject := field
	if subject == "" {
		subject = "request body"
	}
	reason := se.Reason
	if reason == "" {
		reason = "does not match the schema (" + se.SchemaField + ")"
	}
	if r, ok := strings.CutPrefix(reason, "value "); ok {
		return subject + " " + r
	}
	if r, ok := strings.CutPrefix(reason, "Value "); ok {
		return subject + " " + r
	}
	return subject + ": " + reason
}
