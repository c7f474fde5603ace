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

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
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
	// reads serves RefreshContact and FindContactsByEmail from listings of the account; every create,
	// update and delete discards what was listed.
	reads *collection.Reads[Contact]
}

// New wraps a transport configured for Corporate Merch (Bearer token, seed). refresh is how
// RefreshContact reads (the provider setting refresh_strategy; "" is collection.Auto).
func New(t *transport.Client, refresh collection.Strategy) *Client {
	c := &Client{t: t}
	c.reads = collection.New(refresh, collection.Source[Contact]{
		ListPage: c.listPage,
		ID:       func(ct Contact) string { return strconv.FormatInt(ct.ID, 10) },
	})
	return c
}

// account is the collection key of Corporate Merch's contacts: the listing covers the whole account.
const account = ""

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
	defer c.reads.Write(account)()
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

// RefreshContact reads one contact for a refresh: from a listing of the account shared with the other
// reads when the refresh strategy lists (documented listing; its items are taken to be the contact
// objects GetContact answers, assumed like GetContact's answer itself), else with GetContact, which
// also decides for a contact the listing does not hold. A missing contact is an error matching
// ErrNotFound.
func (c *Client) RefreshContact(ctx context.Context, id int64) (*Contact, error) {
	ct, err := c.reads.Read(ctx, account, strconv.FormatInt(id, 10), func(ctx context.Context) (Contact, error) {
		got, err := c.GetContact(ctx, id)
		if err != nil {
			return Contact{}, err
		}
		return *got, nil
	})
	if err != nil {
		return nil, err
	}
	return &ct, nil
}

// GetContact reads one contact with its own request (assumed route and answer).
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
	defer c.reads.Write(account)()
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
	defer c.reads.Write(account)()
	err := c.do(ctx, http.MethodDelete, contactPath(id), nil, nil, nil)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// ListContacts calls fn for every contact, page by page, with the largest page the API allows
// (documented: ?page=&limit=, limit at most 50), with requests of its own (never from RefreshContact's
// listings). fn returns false to stop early.
func (c *Client) ListContacts(ctx context.Context, fn func(Contact) bool) error {
	cursor := ""
	for {
		page, err := c.listPage(ctx, account, cursor)
		if err != nil {
			return err
		}
		for _, ct := range page.Items {
			if !fn(ct) {
				return nil
			}
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

// listPage fetches the page that cursor numbers ("" for the first) with the largest page size. Next is
// the following page number, empty on the last page: when the answer has no more, is empty, or is the
// last page it announces.
func (c *Client) listPage(ctx context.Context, _ string, cursor string) (collection.Page[Contact], error) {
	page := 1
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 1 {
			return collection.Page[Contact]{}, fmt.Errorf("corporatemerch: listing cursor %q is not a page number", cursor)
		}
		page = n
	}
	q := url.Values{pageParam: {strconv.Itoa(page)}, limitParam: {strconv.Itoa(maxPageSize)}}
	var p contactPage
	if err := c.do(ctx, http.MethodGet, contactsPath, q, nil, &p); err != nil {
		return collection.Page[Contact]{}, err
	}
	out := collection.Page[Contact]{Items: p.Data}
	last := p.Pagination.LastPage
	if len(p.Data) > 0 && p.Pagination.HasMore && (last == 0 || page < last) {
		out.Next = strconv.Itoa(page + 1)
	}
	return out, nil
}

// FindContactsByEmail returns every contact whose email is the same as email by same (the provider's
// one definition of equal addresses for Corporate Merch). The API documents no search, so this looks
// in a complete listing of the account (one request per 50 contacts), shared with RefreshContact and
// other lookups until the next write.
func (c *Client) FindContactsByEmail(ctx context.Context, email string, same func(a, b string) bool) ([]Contact, error) {
	return c.reads.Find(ctx, account, func(ct Contact) bool { return same(ct.Email, email) })
}
