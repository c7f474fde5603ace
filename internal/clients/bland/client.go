package bland

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

// ErrNotFound is matched (errors.Is) by the *APIError of a missing contact: a 404, an error item
// NOT_FOUND, or a find that matched nothing.
var ErrNotFound = errors.New("not found")

// APIError is a failure answer from Bland: its HTTP status and the first item of the envelope's
// errors array.
type APIError struct {
	Status  int
	Code    string
	Message string
	Method  string
	Path    string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	code := ""
	if e.Code != "" {
		code = " " + e.Code
	}
	hint := ""
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		hint = ": set BLAND_API_KEY or the api_key argument of the provider's bland block to a valid key"
	case http.StatusTooManyRequests:
		hint = ": Bland is rate limiting this key beyond the provider's max_rate_limit_wait; try again later or raise max_rate_limit_wait"
	}
	return fmt.Sprintf("Bland answered %s %s with %d%s: %s%s", e.Method, e.Path, e.Status, code, msg, hint)
}

func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && (e.Status == http.StatusNotFound || e.Code == CodeNotFound)
}

// Client calls Bland through the shared transport (auth, retries, pacing, logging).
type Client struct {
	t *transport.Client
	// reads serves RefreshContact from listings of the account; every resolve and update discards
	// what was listed.
	reads *collection.Reads[Contact]
}

// New wraps a transport configured for Bland (raw authorization header, documented). refresh is how
// RefreshContact reads (the provider setting refresh_strategy; "" is collection.Auto).
func New(t *transport.Client, refresh collection.Strategy) *Client {
	c := &Client{t: t}
	c.reads = collection.New(refresh, collection.Source[Contact]{
		ListPage: c.listPage,
		ID:       func(ct Contact) string { return ct.ID },
	})
	return c
}

// account is the collection key of Bland's contacts: the listing covers the whole account.
const account = ""

// do sends one request and decodes the envelope's data into out. found is false when the answer
// succeeded with "data": null (find's answer when nothing matches).
func (c *Client) do(ctx context.Context, req transport.Request, out any) (found bool, err error) {
	_, found, err = c.doResp(ctx, req, out)
	return found, err
}

// doResp is do that also returns the transport's response (nil on a transport error).
func (c *Client) doResp(ctx context.Context, req transport.Request, out any) (resp *transport.Response, found bool, err error) {
	resp, err = c.t.Do(ctx, req)
	if err != nil {
		return nil, false, err
	}
	var env envelope
	decodeErr := json.Unmarshal(resp.Body, &env)
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if !ok || (decodeErr == nil && len(env.Errors) > 0) {
		apiErr := &APIError{Status: resp.StatusCode, Method: req.Method, Path: req.Path}
		switch {
		case decodeErr == nil && len(env.Errors) > 0:
			apiErr.Code, apiErr.Message = env.Errors[0].Error, env.Errors[0].Message
		case decodeErr != nil:
			apiErr.Message = strings.TrimSpace(string(resp.Body))
		}
		return resp, false, apiErr
	}
	if decodeErr != nil {
		return resp, false, fmt.Errorf("Bland answered %s %s with a body that is not the expected JSON envelope: %w", req.Method, req.Path, decodeErr)
	}
	if len(env.Data) == 0 || bytes.Equal(bytes.TrimSpace(env.Data), []byte("null")) {
		return resp, false, nil
	}
	if out != nil {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return resp, false, fmt.Errorf("Bland answered %s %s with data that is not the expected JSON: %w", req.Method, req.Path, err)
		}
	}
	return resp, true, nil
}

// ResolveContact finds the contact with the request's identifiers or creates it (documented). Resolve
// cannot make a duplicate, so the transport sends it again after a lost answer (Idempotent); the
// result's Resent then says that Created false may mean "created by the earlier attempt of this call".
// When every attempt failed after one that may have reached Bland, the error wraps
// transport.ErrOutcomeUnknown: whether a contact was created is unknown until it is looked up.
func (c *Client) ResolveContact(ctx context.Context, in ResolveRequest) (*ResolveResult, error) {
	defer c.reads.Write(account)()
	var out ResolveResult
	req := transport.Request{Method: http.MethodPost, Path: resolvePath, Body: in, Idempotent: true}
	resp, found, err := c.doResp(ctx, req, &out)
	if err != nil {
		return nil, err
	}
	if !found || out.Contact.ID == "" {
		return nil, fmt.Errorf("Bland answered POST %s without a contact id", resolvePath)
	}
	out.Resent = resp.Resent
	return &out, nil
}

// FindContact looks a contact up by the one identifier set in in (documented). Find is read-only, so
// it is retried like a GET (ReadOnly). No match gives an error matching ErrNotFound.
func (c *Client) FindContact(ctx context.Context, in FindRequest) (*Contact, error) {
	var out Contact
	req := transport.Request{Method: http.MethodPost, Path: findPath, Body: in, ReadOnly: true}
	found, err := c.do(ctx, req, &out)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Method: http.MethodPost, Path: findPath,
			Message: "no contact has " + in.describe()}
	}
	return &out, nil
}

// describe names the identifier a find looks for, e.g. `email "ada@example.com"`.
func (in FindRequest) describe() string {
	var parts []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"phone number", in.PhoneNumber}, {"email", in.Email}, {"external id", in.ExternalID}} {
		if f.v != nil {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, *f.v))
		}
	}
	if len(parts) == 0 {
		return "no identifier"
	}
	return strings.Join(parts, " or ")
}

// RefreshContact reads one contact with its identifiers for a refresh: from a listing of the account
// shared with the other reads when the refresh strategy lists, else with GetContact, which also
// decides for a contact the listing does not hold. A missing contact is an error matching ErrNotFound.
func (c *Client) RefreshContact(ctx context.Context, id string) (*Contact, error) {
	ct, err := c.reads.Read(ctx, account, id, func(ctx context.Context) (Contact, error) {
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

// ListContacts calls fn for every contact of the account that carries identifiers, page by page (the
// documented listing, 200 a page), with requests of its own (never from RefreshContact's listings). fn
// returns false to stop early.
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

// listPage fetches the page of the account's listing at offset cursor ("" for 0), the largest page the
// listing allows. Next is the following offset, empty on the last page.
func (c *Client) listPage(ctx context.Context, _ string, cursor string) (collection.Page[Contact], error) {
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil {
			return collection.Page[Contact]{}, fmt.Errorf("bland: listing cursor %q is not an offset", cursor)
		}
		offset = n
	}
	q := url.Values{listLimitParam: {strconv.Itoa(ListPageSize)}, listOffsetParam: {strconv.Itoa(offset)}}
	var listed []Contact
	resp, _, err := c.doResp(ctx, transport.Request{Method: http.MethodGet, Path: contactsPath, Query: q}, &listed)
	if err != nil {
		return collection.Page[Contact]{}, err
	}
	var p listPagination
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		return collection.Page[Contact]{}, fmt.Errorf("Bland answered GET %s without the expected pagination: %w", contactsPath, err)
	}
	out := collection.Page[Contact]{Items: make([]Contact, 0, len(listed))}
	for _, ct := range listed {
		if ct.ID != "" && len(ct.Identifiers) > 0 {
			out.Items = append(out.Items, ct)
		}
	}
	if p.Pagination.HasMore && len(listed) > 0 {
		out.Next = strconv.Itoa(offset + len(listed))
	}
	return out, nil
}

// GetContact reads one contact with its identifiers (documented), with its own request.
func (c *Client) GetContact(ctx context.Context, id string) (*Contact, error) {
	var out Contact
	path := contactPath(id)
	found, err := c.do(ctx, transport.Request{Method: http.MethodGet, Path: path}, &out)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Method: http.MethodGet, Path: path, Message: "Contact not found"}
	}
	return &out, nil
}

// UpdateContact sends the seed's PATCH and returns Bland's answer, the updated contact (seed), whose
// documented example has no identifiers: read the contact back when they matter.
func (c *Client) UpdateContact(ctx context.Context, id string, in UpdateRequest) (*Contact, error) {
	defer c.reads.Write(account)()
	var out Contact
	path := contactPath(id)
	if _, err := c.do(ctx, transport.Request{Method: http.MethodPatch, Path: path, Body: in}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Values returns the contact's identifier values of one type, primary first.
func (c *Contact) Values(identifierType string) []string {
	var primary, rest []string
	for _, id := range c.Identifiers {
		if id.Type != identifierType {
			continue
		}
		if id.IsPrimary {
			primary = append(primary, id.Value)
		} else {
			rest = append(rest, id.Value)
		}
	}
	return append(primary, rest...)
}
