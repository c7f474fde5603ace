package maildiver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

// ErrNotFound is matched (errors.Is) by the *APIError of a 404: the contact or audience is gone.
var ErrNotFound = errors.New("not found")

// ErrConflict is matched by the *APIError of a 409: the audience already has a contact with that email.
var ErrConflict = errors.New("conflict")

// APIError is a non-success answer from MailDiver.
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
		hint = ": set MAILDIVER_API_KEY or the api_key argument of the provider's maildiver block to a valid key"
	case http.StatusTooManyRequests:
		hint = ": MailDiver is rate limiting this key beyond the provider's max_rate_limit_wait; try again later, raise max_rate_limit_wait, or lower requests_per_minute in the maildiver block"
	}
	return fmt.Sprintf("MailDiver answered %s %s with %d%s: %s%s", e.Method, e.Path, e.Status, code, msg, hint)
}

func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrConflict:
		return e.Status == http.StatusConflict
	}
	return false
}

// Client calls MailDiver through the shared transport (auth, retries, pacing, logging).
type Client struct {
	t *transport.Client
	// reads serves RefreshContact and FindContactByEmail from listings of an audience; every write
	// of an audience discards what was listed of it.
	reads *collection.Reads[Contact]
}

// New wraps a transport configured for MailDiver (Bearer auth, seed). refresh is how RefreshContact
// reads (the provider setting refresh_strategy; "" is collection.Auto).
func New(t *transport.Client, refresh collection.Strategy) *Client {
	c := &Client{t: t}
	c.reads = collection.New(refresh, collection.Source[Contact]{
		ListPage: c.listPage,
		ID:       func(ct Contact) string { return ct.ID },
	})
	return c
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := c.t.Do(ctx, transport.Request{Method: method, Path: path, Query: query, Body: body})
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := &APIError{Status: resp.StatusCode, Method: method, Path: path}
		var eb errorBody
		if json.Unmarshal(resp.Body, &eb) == nil {
			apiErr.Code, apiErr.Message = eb.Code, eb.Message
		} else {
			apiErr.Message = strings.TrimSpace(string(resp.Body))
		}
		return apiErr
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("MailDiver answered %s %s with a body that is not the expected JSON: %w", method, path, err)
	}
	return nil
}

// CreateContact adds a contact to an audience and returns it as stored (assumed: 201 with the contact).
// When the connection fails after the request may have reached MailDiver, the error wraps
// transport.ErrOutcomeUnknown and the caller should look the contact up by email before retrying.
func (c *Client) CreateContact(ctx context.Context, audienceID string, in ContactFields) (*Contact, error) {
	defer c.reads.Write(audienceID)()
	var out Contact
	if err := c.do(ctx, http.MethodPost, contactsPath(audienceID), nil, in, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		return nil, fmt.Errorf("MailDiver created a contact in audience %s but its answer carried no id", audienceID)
	}
	return &out, nil
}

// RefreshContact reads one contact for a refresh: from a listing of its audience shared with the
// other reads of that audience when the refresh strategy lists (documented: the listing's items are
// the same contact objects a GET answers), else with GetContact, which also decides for a contact
// the listing does not hold. A missing contact is an error matching ErrNotFound.
func (c *Client) RefreshContact(ctx context.Context, audienceID, contactID string) (*Contact, error) {
	ct, err := c.reads.Read(ctx, audienceID, contactID, func(ctx context.Context) (Contact, error) {
		got, err := c.GetContact(ctx, audienceID, contactID)
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

// GetContact reads one contact with its own request (documented), never from a listing.
func (c *Client) GetContact(ctx context.Context, audienceID, contactID string) (*Contact, error) {
	var out Contact
	if err := c.do(ctx, http.MethodGet, contactPath(audienceID, contactID), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateContact sends the seed's PATCH with the fields that are set. MailDiver answers only
// {"message":"Contact updated"}, so callers read the contact back to learn the server's view.
func (c *Client) UpdateContact(ctx context.Context, audienceID, contactID string, in ContactFields) error {
	defer c.reads.Write(audienceID)()
	return c.do(ctx, http.MethodPatch, contactPath(audienceID, contactID), nil, in, nil)
}

// DeleteContact removes a contact (assumed route and answer). A contact that is already gone is not an
// error, so a retried delete whose first answer was lost still succeeds.
func (c *Client) DeleteContact(ctx context.Context, audienceID, contactID string) error {
	defer c.reads.Write(audienceID)()
	err := c.do(ctx, http.MethodDelete, contactPath(audienceID, contactID), nil, nil, nil)
	if errors.Is(err, ErrNotFound) {
		// An unknown audience is also a 404; either way nothing is left to delete.
		return nil
	}
	return err
}

// ListContacts calls fn for every contact of an audience, page by page (documented: 50 a page, cursor
// is the last email of the previous page), with requests of its own (never from RefreshContact's
// listings). fn returns false to stop early.
func (c *Client) ListContacts(ctx context.Context, audienceID string, fn func(Contact) bool) error {
	cursor := ""
	for {
		page, err := c.listPage(ctx, audienceID, cursor)
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

// listPage fetches the page of an audience's listing after cursor ("" for the first). Next is empty
// on the last page: when MailDiver answers a null or unchanged cursor, or an empty page.
func (c *Client) listPage(ctx context.Context, audienceID, cursor string) (collection.Page[Contact], error) {
	var q url.Values
	if cursor != "" {
		q = url.Values{listCursorParam: []string{cursor}}
	}
	var page contactList
	if err := c.do(ctx, http.MethodGet, contactsPath(audienceID), q, nil, &page); err != nil {
		return collection.Page[Contact]{}, err
	}
	out := collection.Page[Contact]{Items: page.Contacts}
	if page.Cursor != nil && *page.Cursor != "" && *page.Cursor != cursor && len(page.Contacts) > 0 {
		out.Next = *page.Cursor
	}
	return out, nil
}

// FindContactByEmail returns the audience's contact whose email is the same as email by same (the
// provider's one definition of equal addresses for MailDiver), or an error matching ErrNotFound. The
// API has no search, so it looks in a complete listing of the audience (one request per 50 contacts),
// shared with RefreshContact and other lookups until the next write of the audience.
func (c *Client) FindContactByEmail(ctx context.Context, audienceID, email string, same func(a, b string) bool) (*Contact, error) {
	matches, err := c.reads.Find(ctx, audienceID, func(ct Contact) bool { return same(ct.Email, email) })
	if err != nil {
		return nil, err
	}
	var found *Contact
	if len(matches) > 0 {
		found = &matches[0]
	}
	if found == nil {
		return nil, &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Method: http.MethodGet,
			Path: contactsPath(audienceID), Message: fmt.Sprintf("no contact with email %q in audience %s", email, audienceID)}
	}
	return found, nil
}
