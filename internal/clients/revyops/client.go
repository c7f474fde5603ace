package revyops

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

// Sentinels matched (errors.Is) by the *APIError of the statuses the seed documents.
var (
	// ErrNotFound: 404, no contact with this id (seed).
	ErrNotFound = errors.New("not found")
	// ErrConflict: 409, another contact of the workspace has this email or LinkedIn URL (seed).
	ErrConflict = errors.New("conflict")
	// ErrCompanyNotOwned: 401, the company does not belong to this client (seed). RevyOps answers
	// missing or wrong credentials with 403, not 401.
	ErrCompanyNotOwned = errors.New("company does not belong to this client")
	// ErrCredentials: 403, missing authentication credentials or an invalid API key (seed).
	ErrCredentials = errors.New("credentials refused")
)

// APIError is a non-success answer from RevyOps. Detail is the server's own explanation.
type APIError struct {
	Status int
	Detail string
	Method string
	Path   string
}

func (e *APIError) Error() string {
	detail := e.Detail
	if detail == "" {
		detail = http.StatusText(e.Status)
	}
	prefix := fmt.Sprintf("RevyOps answered %s %s with %d", e.Method, e.Path, e.Status)
	switch e.Status {
	case http.StatusBadRequest:
		return fmt.Sprintf("%s: RevyOps rejected the data: %s", prefix, detail)
	case http.StatusUnauthorized:
		return fmt.Sprintf("%s: the company does not belong to this client (%s): use a company_id or company_domain "+
			"of a company in your own RevyOps workspace", prefix, detail)
	case http.StatusForbidden:
		return fmt.Sprintf("%s: the credentials are missing or invalid (%s): set REVYOPS_API_KEY or REVYOPS_CLIENT_ID, "+
			"or api_key or client_id in the provider's revyops block, to valid values", prefix, detail)
	case http.StatusNotFound:
		return fmt.Sprintf("%s: no such contact (%s)", prefix, detail)
	case http.StatusConflict:
		return fmt.Sprintf("%s: another contact of this workspace already has this email or LinkedIn URL (%s)", prefix, detail)
	case http.StatusTooManyRequests:
		return fmt.Sprintf("%s: RevyOps is rate limiting this client (%s) beyond the provider's max_rate_limit_wait: "+
			"lower requests_per_minute in the revyops block, raise max_rate_limit_wait, or try again later", prefix, detail)
	}
	if e.Status >= 500 {
		return fmt.Sprintf("%s: RevyOps had an internal error (%s); try again later", prefix, detail)
	}
	return fmt.Sprintf("%s: %s", prefix, detail)
}

func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrCompanyNotOwned:
		return e.Status == http.StatusUnauthorized
	case ErrCredentials:
		return e.Status == http.StatusForbidden
	}
	return false
}

// Client calls RevyOps through the shared transport (auth, retries, pacing, logging).
type Client struct {
	t *transport.Client
	// reads serves RefreshContact and FindContactsByEmail from listings of the workspace; every
	// create, update and delete discards what was listed.
	reads *collection.Reads[Contact]
}

// New wraps a transport configured for RevyOps (x-api-key header and/or client_id query parameter).
// refresh is how RefreshContact reads (the provider setting refresh_strategy; "" is collection.Auto).
func New(t *transport.Client, refresh collection.Strategy) *Client {
	c := &Client{t: t}
	c.reads = collection.New(refresh, collection.Source[Contact]{
		ListPage: c.listPage,
		ID:       func(ct Contact) string { return strconv.FormatInt(ct.ID, 10) },
	})
	return c
}

// workspace is the collection key of RevyOps' contacts: the listing covers the whole workspace.
const workspace = ""

// Auth is RevyOps' authentication: the API key in the x-api-key header and the client id in the
// client_id query parameter, each sent only when set.
func Auth(apiKey, clientID string) transport.Auth {
	return transport.Combine(transport.APIKeyHeader(APIKeyHeader, apiKey), transport.QueryParam(ClientIDParam, clientID))
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := c.t.Do(ctx, transport.Request{Method: method, Path: path, Query: query, Body: body})
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &APIError{Status: resp.StatusCode, Method: method, Path: path, Detail: errorDetail(resp.Body)}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("RevyOps answered %s %s with a body that is not the expected JSON: %w", method, path, err)
	}
	return nil
}

// errorDetail extracts the server's explanation from an error body: detail when present, else the
// field errors ({"email": ["Enter a valid email address."]}) as "email: Enter a valid email address.",
// else the raw text.
func errorDetail(body []byte) string {
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil && eb.Detail != "" {
		return eb.Detail
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil && len(fields) > 0 {
		names := make([]string, 0, len(fields))
		for k := range fields {
			names = append(names, k)
		}
		sort.Strings(names)
		var parts []string
		for _, k := range names {
			var msgs []string
			if json.Unmarshal(fields[k], &msgs) == nil {
				parts = append(parts, k+": "+strings.Join(msgs, " "))
				continue
			}
			var msg string
			if json.Unmarshal(fields[k], &msg) == nil {
				parts = append(parts, k+": "+msg)
				continue
			}
			parts = append(parts, k+": "+string(fields[k]))
		}
		return strings.Join(parts, "; ")
	}
	return strings.TrimSpace(string(body))
}

func nestedQuery() url.Values { return url.Values{structureParam: []string{structureNested}} }

// CreateContact creates a contact (documented: 201 with the contact; 409 on a duplicate email or
// LinkedIn URL; 401 for another client's company). When the connection fails after the request may
// have reached RevyOps, the error wraps transport.ErrOutcomeUnknown and the caller should look the
// contact up by email before trying again.
func (c *Client) CreateContact(ctx context.Context, in ContactFields) (*Contact, error) {
	defer c.reads.Write(workspace)()
	var out Contact
	if err := c.do(ctx, http.MethodPost, contactsPath, nil, in, &out); err != nil {
		return nil, err
	}
	if out.ID == 0 {
		return nil, errors.New("RevyOps created a contact but its answer carried no id")
	}
	return &out, nil
}

// RefreshContact reads one contact for a refresh: from a listing of the workspace shared with the
// other reads when the refresh strategy lists, else with GetContact, which also decides for a contact
// the listing does not hold. A missing contact is an error matching ErrNotFound.
func (c *Client) RefreshContact(ctx context.Context, id int64) (*Contact, error) {
	ct, err := c.reads.Read(ctx, workspace, strconv.FormatInt(id, 10), func(ctx context.Context) (Contact, error) {
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

// GetContact reads one contact with its own request (documented).
func (c *Client) GetContact(ctx context.Context, id int64) (*Contact, error) {
	var out Contact
	if err := c.do(ctx, http.MethodGet, contactPath(id), nestedQuery(), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateContact sends the seed's PATCH with the fields that are set and returns the contact as the
// server now holds it (seed: ContactPatchResponseV2).
func (c *Client) UpdateContact(ctx context.Context, id int64, in ContactFields) (*Contact, error) {
	defer c.reads.Write(workspace)()
	var out Contact
	if err := c.do(ctx, http.MethodPatch, contactPath(id), nestedQuery(), in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteContact removes a contact. A contact that is already gone is not an error, so a retried delete
// whose first answer was lost still succeeds.
func (c *Client) DeleteContact(ctx context.Context, id int64) error {
	defer c.reads.Write(workspace)()
	err := c.do(ctx, http.MethodDelete, deleteContactPath(id), nil, nil, nil)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// ListFilter narrows the list endpoint (documented filters). Empty fields are not sent.
type ListFilter struct {
	Email     string
	Domain    string // the company's domain
	FirstName string
	LastName  string
}

// ListContacts calls fn for every contact the filter selects, page by page (documented: page is
// 1-based; page_size at most 100, assumed), with requests of its own (never from RefreshContact's
// listings). fn returns false to stop early.
func (c *Client) ListContacts(ctx context.Context, filter ListFilter, fn func(Contact) bool) error {
	cursor := ""
	for {
		page, err := c.listPageFiltered(ctx, filter, cursor)
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

// listPage fetches a page of the whole workspace's listing, for RefreshContact.
func (c *Client) listPage(ctx context.Context, _ string, cursor string) (collection.Page[Contact], error) {
	return c.listPageFiltered(ctx, ListFilter{}, cursor)
}

// listPageFiltered fetches the page that cursor numbers ("" for the first) of the contacts filter
// selects, in the NESTED structure. Next is the following page number, empty on the last page: when
// RevyOps answers no next link or an empty page, or when the page number reaches the count (a guard
// against a server that keeps answering "next" past the end, whatever page size it really uses).
func (c *Client) listPageFiltered(ctx context.Context, filter ListFilter, cursor string) (collection.Page[Contact], error) {
	page := 1
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 1 {
			return collection.Page[Contact]{}, fmt.Errorf("revyops: listing cursor %q is not a page number", cursor)
		}
		page = n
	}
	q := nestedQuery()
	q.Set(listPageParam, strconv.Itoa(page))
	q.Set(listPageSizeParam, strconv.Itoa(pageSizeMax))
	if filter.Email != "" {
		q.Set(listEmailParam, filter.Email)
	}
	if filter.Domain != "" {
		q.Set(listDomainParam, filter.Domain)
	}
	if filter.FirstName != "" {
		q.Set(listFirstNameParam, filter.FirstName)
	}
	if filter.LastName != "" {
		q.Set(listLastNameParam, filter.LastName)
	}
	var p contactPage
	if err := c.do(ctx, http.MethodGet, contactsPath, q, nil, &p); err != nil {
		return collection.Page[Contact]{}, err
	}
	out := collection.Page[Contact]{Items: p.Results}
	if p.Next != nil && *p.Next != "" && len(p.Results) > 0 && page < p.Count {
		out.Next = strconv.Itoa(page + 1)
	}
	return out, nil
}

// FindContactsByEmail returns the contacts whose email is the same as this address by same (the
// provider's one definition of equal addresses for RevyOps), using the list endpoint's email filter
// (documented). Email is unique per workspace (documented), so more than one result means the
// workspace breaks that rule and the caller must not guess.
func (c *Client) FindContactsByEmail(ctx context.Context, email string, same func(a, b string) bool) ([]Contact, error) {
	email = strings.TrimSpace(email)
	if listed, ok := c.reads.Listed(workspace, func(ct Contact) bool { return same(ct.Email, email) }); ok {
		// A complete listing of the workspace, taken since the last write, is at hand.
		return listed, nil
	}
	var found []Contact
	err := c.ListContacts(ctx, ListFilter{Email: email}, func(ct Contact) bool {
		// The filter may match more loosely than the whole address (assumed): compare here too, by the
		// provider's one definition of equal addresses for RevyOps.
		if same(ct.Email, email) {
			found = append(found, ct)
		}
		return true
	})
	return found, err
}
