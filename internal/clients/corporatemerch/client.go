package corporatemerch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

// ErrNotFound is matched (errors.Is) by the *APIError of a 404: there is no contact with that id.
var ErrNotFound = errors.New("not found")

// ErrValidation is matched by the *APIError of a validation failure (422, assumed); its FieldErrors
// say which fields were refused and why.
var ErrValidation = errors.New("validation failed")

// APIError is a non-success answer from Corporate Merch.
type APIError struct {
	Status  int
	Message string
	// FieldErrors holds a validation failure's messages per wire field name (the Field* constants).
	// Keys naming an array element ("lists.0") are folded into the array's name ("lists").
	FieldErrors map[string][]string
	Method      string
	Path        string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Corporate Merch answered %s %s with %d: %s", e.Method, e.Path, e.Status, msg)
	for _, f := range e.Fields() {
		fmt.Fprintf(&b, "\n  %s: %s", f, strings.Join(e.FieldErrors[f], "; "))
	}
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		b.WriteString("\nSet CORPORATEMERCH_API_TOKEN or the api_token argument of the provider's corporatemerch block to a valid token.")
	case http.StatusTooManyRequests:
		b.WriteString("\nCorporate Merch is rate limiting this token beyond the provider's max_rate_limit_wait: lower " +
			"requests_per_minute in the provider's corporatemerch block, raise max_rate_limit_wait, or try again later.")
	}
	return b.String()
}

// Fields lists the wire field names of FieldErrors, sorted.
func (e *APIError) Fields() []string {
	out := make([]string, 0, len(e.FieldErrors))
	for f := range e.FieldErrors {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrValidation:
		return e.Status == StatusValidation
	}
	return false
}

// Client calls Corporate Merch through the shared transport (Bearer auth, pacing, retries, logging).
type Client struct {
	t *transport.Client
}

// New wraps a transport configured for Corporate Merch (Bearer token, seed).
func New(t *transport.Client) *Client { return &Client{t: t} }

func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := c.t.Do(ctx, transport.Request{Method: method, Path: path, Query: query, Body: body})
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(resp, method, path)
	}
	if out == nil || len(strings.TrimSpace(string(resp.Body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("Corporate Merch answered %s %s with a body that is not the expected JSON: %w", method, path, err)
	}
	return nil
}

func newAPIError(resp *transport.Response, method, path string) *APIError {
	e := &APIError{Status: resp.StatusCode, Method: method, Path: path}
	var eb errorBody
	if json.Unmarshal(resp.Body, &eb) != nil {
		e.Message = strings.TrimSpace(string(resp.Body))
		return e
	}
	e.Message = eb.Message
	for k, msgs := range eb.Errors {
		field, _, _ := strings.Cut(k, ".")
		if e.FieldErrors == nil {
			e.FieldErrors = map[string][]string{}
		}
		e.FieldErrors[field] = append(e.FieldErrors[field], msgs...)
	}
	for _, msgs := range e.FieldErrors {
		sort.Strings(msgs)
	}
	return e
}

// contactFrom unwraps a {"data":{...}} answer.
func contactFrom(env envelope, method, path string) (*Contact, error) {
	if env.Data == nil {
		return nil, fmt.Errorf("Corporate Merch answered %s %s without the contact (no \"data\" object)", method, path)
	}
	return env.Data, nil
}

// CreateContact creates a contact and returns it as stored (documented: {"data":{...contact, "id"}}).
// When the connection fails after the request may have reached Corporate Merch, the error wraps
// transport.ErrOutcomeUnknown: the caller must find out whether the contact was created before trying
// again (see FindContactsByEmail).
func (c *Client) CreateContact(ctx context.Context, in ContactFields) (*Contact, error) {
	var env envelope
	if err := c.do(ctx, http.MethodPost, contactsPath, nil, in, &env); err != nil {
		return nil, err
	}
	ct, err := contactFrom(env, http.MethodPost, contactsPath)
	if err != nil {
		return nil, err
	}
	if ct.ID == 0 {
		return nil, fmt.Errorf("Corporate Merch created a contact for %s but its answer carried no id", in.Email)
	}
	return ct, nil
}

// GetContact reads one contact (assumed route and answer).
func (c *Client) GetContact(ctx context.Context, id int64) (*Contact, error) {
	var env envelope
	path := contactPath(id)
	if err := c.do(ctx, http.MethodGet, path, nil, nil, &env); err != nil {
		return nil, err
	}
	return contactFrom(env, http.MethodGet, path)
}

// UpdateContact replaces a contact with in, the full contact (assumed: PUT; fields not sent are
// cleared), and returns it as stored. An answer without the contact is followed by a read.
func (c *Client) UpdateContact(ctx context.Context, id int64, in ContactFields) (*Contact, error) {
	var env envelope
	path := contactPath(id)
	if err := c.do(ctx, http.MethodPut, path, nil, in, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return c.GetContact(ctx, id)
	}
	return env.Data, nil
}

// DeleteContact removes a contact (assumed: 204). A contact that is already gone is not an error, so a
// retried delete whose first answer was lost still succeeds.
func (c *Client) DeleteContact(ctx context.Context, id int64) error {
	err := c.do(ctx, http.MethodDelete, contactPath(id), nil, nil, nil)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// ListContacts calls fn for every contact, page by page, with the largest page the API allows
// (documented: ?page=&limit=, limit at most 50). fn returns false to stop early.
func (c *Client) ListContacts(ctx context.Context, fn func(Contact) bool) error {
	for page := 1; ; page++ {
		q := url.Values{pageParam: {strconv.Itoa(page)}, limitParam: {strconv.Itoa(maxPageSize)}}
		var p contactPage
		if err := c.do(ctx, http.MethodGet, contactsPath, q, nil, &p); err != nil {
			return err
		}
		for _, ct := range p.Data {
			if !fn(ct) {
				return nil
			}
		}
		last := p.Pagination.LastPage
		if len(p.Data) == 0 || !p.Pagination.HasMore || (last > 0 && page >= last) {
			return nil
		}
	}
}

// FindContactsByEmail returns every contact whose email is the same as email by same (the provider's
// one definition of equal addresses for Corporate Merch). The API documents no search, so this pages
// through the whole list: at 50 contacts a page, it costs one request per 50 contacts of the account.
func (c *Client) FindContactsByEmail(ctx context.Context, email string, same func(a, b string) bool) ([]Contact, error) {
	var out []Contact
	err := c.ListContacts(ctx, func(ct Contact) bool {
		if same(ct.Email, email) {
			out = append(out, ct)
		}
		return true
	})
	return out, err
}
