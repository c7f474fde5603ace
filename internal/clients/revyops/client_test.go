package revyops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

// recorded is one request the fake RevyOps received.
type recorded struct {
	method, path, query string
	header              http.Header
	body                string
}

// fakeRevyOps serves handler and records every request.
func fakeRevyOps(t *testing.T, apiKey, clientID string, handler http.HandlerFunc) (*Client, *[]recorded) {
	t.Helper()
	var (
		mu   sync.Mutex
		reqs []recorded
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)})
		mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	tr, err := transport.New(transport.Config{Vendor: "revyops", BaseURL: srv.URL + "/api", Auth: Auth(apiKey, clientID)})
	if err != nil {
		t.Fatal(err)
	}
	return New(tr, ""), &reqs
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

const contactJSON = `{"id": 4021, "updated_time": "2026-01-02T03:04:05.000001Z", "email": "ann@example.com",
  "linkedin_url": "", "first_name": "Ann", "last_name": "", "company_id": 1,
  "contact_custom_fields": [{"id": 9001, "updated_time": "2026-01-02T03:04:05Z", "field_name": "tier", "field_value": "gold"}],
  "origin": "", "contact_status": "new", "first_campaign_email_sent": null, "last_campaign_email_sent": null,
  "last_reply_received": null, "previous_status": null, "status_changed_at": null}`

func TestRoutesAndAuthentication(t *testing.T) {
	c, reqs := fakeRevyOps(t, "the-key", "the-client", answer(http.StatusOK, contactJSON))
	ctx := context.Background()
	if _, err := c.GetContact(ctx, 4021); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContact(ctx, 4021, ContactFields{}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteContact(ctx, 4021); err != nil {
		t.Fatal(err)
	}
	want := []struct{ method, path, query string }{
		{"GET", "/api/public/v2/contacts/4021", "client_id=the-client&structure=NESTED"},
		{"PATCH", "/api/public/v2/contacts/4021", "client_id=the-client&structure=NESTED"},
		{"DELETE", "/api/public/contacts/4021", "client_id=the-client"},
	}
	if len(*reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(*reqs), len(want))
	}
	for i, w := range want {
		r := (*reqs)[i]
		if r.method != w.method || r.path != w.path || r.query != w.query {
			t.Errorf("request %d: %s %s?%s, want %s %s?%s", i, r.method, r.path, r.query, w.method, w.path, w.query)
		}
		if r.header.Get("x-api-key") != "the-key" {
			t.Errorf("request %d: x-api-key %q", i, r.header.Get("x-api-key"))
		}
	}

	t.Run("only the credentials that are set are sent", func(t *testing.T) {
		c, reqs := fakeRevyOps(t, "", "the-client", answer(http.StatusOK, contactJSON))
		if _, err := c.GetContact(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if r := (*reqs)[0]; r.header.Values("x-api-key") != nil || !strings.Contains(r.query, "client_id=the-client") {
			t.Fatalf("client id only: header %v, query %s", r.header, r.query)
		}
		c, reqs = fakeRevyOps(t, "the-key", "", answer(http.StatusOK, contactJSON))
		if _, err := c.GetContact(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if r := (*reqs)[0]; r.header.Get("x-api-key") != "the-key" || strings.Contains(r.query, "client_id") {
			t.Fatalf("key only: header %v, query %s", r.header, r.query)
		}
	})
}

func TestContactDecoding(t *testing.T) {
	var c Contact
	if err := json.Unmarshal([]byte(contactJSON), &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != 4021 || *c.CompanyID != 1 || *c.FirstName != "Ann" || *c.LastName != "" || c.PreviousStatus != nil ||
		!reflect.DeepEqual(c.CustomFields, CustomFields{"tier": "gold"}) {
		t.Fatalf("decoded %+v", c)
	}

	for name, tc := range map[string]struct {
		raw  string
		want CustomFields
	}{
		"nested":                   {`[{"id":1,"field_name":"a","field_value":"x"},{"id":2,"field_name":"b","field_value":""}]`, CustomFields{"a": "x", "b": ""}},
		"flat":                     {`{"a":"x","b":""}`, CustomFields{"a": "x", "b": ""}},
		"null":                     {`null`, CustomFields{}},
		"empty nested":             {`[]`, CustomFields{}},
		"null values hold nothing": {`{"a":null,"b":"y"}`, CustomFields{"b": "y"}},
		"nested null value":        {`[{"field_name":"a","field_value":null}]`, CustomFields{}},
	} {
		t.Run(name, func(t *testing.T) {
			var got CustomFields
			if err := json.Unmarshal([]byte(tc.raw), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	var bad CustomFields
	if err := json.Unmarshal([]byte(`"text"`), &bad); err == nil {
		t.Fatal("a string is neither structure")
	}
}

func TestContactFieldsEncoding(t *testing.T) {
	email := "ann@example.com"
	for name, tc := range map[string]struct {
		in   ContactFields
		want string
	}{
		"nothing":           {ContactFields{}, `{}`},
		"company by id":     {ContactFields{CompanyID: &CompanyRef{ID: 7}}, `{"company_id":7}`},
		"company by domain": {ContactFields{CompanyID: &CompanyRef{Domain: "acme.com"}}, `{"company_id":"acme.com"}`},
		"custom fields set and cleared": {
			ContactFields{Email: &email, CustomFields: append(SetCustomFields(map[string]string{"b": "2", "a": "1"}), CustomFieldPatch{Name: "gone"})},
			`{"email":"ann@example.com","contact_custom_fields":[{"field_name":"a","field_value":"1"},{"field_name":"b","field_value":"2"},{"field_name":"gone","field_value":null}]}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Fatalf("got %s, want %s", b, tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		status  int
		body    string
		is      error
		message []string
	}{
		{400, `{"detail":"email: Enter a valid email address."}`, nil, []string{"400", "RevyOps rejected the data: email: Enter a valid email address."}},
		{400, `{"email":["Enter a valid email address."],"company_id":["Invalid pk."]}`, nil,
			[]string{"company_id: Invalid pk.; email: Enter a valid email address."}},
		{401, `{"detail":"Company does not belong to this client."}`, ErrCompanyNotOwned, []string{"the company does not belong to this client"}},
		{403, `{"detail":"Invalid API key."}`, ErrCredentials, []string{"Invalid API key.", "REVYOPS_API_KEY", "REVYOPS_CLIENT_ID", "revyops block"}},
		{404, `{"detail":"Not found."}`, ErrNotFound, []string{"no such contact"}},
		{409, `{"detail":"A contact with this email already exists for this client."}`, ErrConflict, []string{"already has this email or LinkedIn URL"}},
		{500, `<html>boom</html>`, nil, []string{"internal error (<html>boom</html>)", "try again later"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			c, _ := fakeRevyOps(t, "k", "", answer(tc.status, tc.body))
			_, err := c.GetContact(context.Background(), 5)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tc.status {
				t.Fatalf("got %v, want an *APIError with status %d", err, tc.status)
			}
			for _, s := range []error{ErrNotFound, ErrConflict, ErrCompanyNotOwned, ErrCredentials} {
				if errors.Is(err, s) != (s == tc.is) {
					t.Errorf("errors.Is(err, %v) = %v", s, s != tc.is)
				}
			}
			for _, m := range tc.message {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%q does not contain %q", err, m)
				}
			}
		})
	}
	t.Run("delete of a contact already gone succeeds", func(t *testing.T) {
		c, _ := fakeRevyOps(t, "k", "", answer(404, `{"detail":"Not found."}`))
		if err := c.DeleteContact(context.Background(), 5); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("create without an id", func(t *testing.T) {
		c, _ := fakeRevyOps(t, "k", "", answer(201, `{"email":"a@example.com"}`))
		if _, err := c.CreateContact(context.Background(), ContactFields{}); err == nil || !strings.Contains(err.Error(), "no id") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestListAndFindByEmail(t *testing.T) {
	// Three pages of two; the filter matches loosely (one look-alike address) so the client must compare.
	pages := map[string]string{
		"1": `{"count":5,"next":"/x?page=2","previous":null,"results":[{"id":1,"email":"Ann@Example.com"},{"id":2,"email":"ann@example.com.evil"}]}`,
		"2": `{"count":5,"next":"/x?page=3","previous":"/x?page=1","results":[{"id":3,"email":"bob@example.com"},{"id":4,"email":"x@example.com"}]}`,
		"3": `{"count":5,"next":null,"previous":"/x?page=2","results":[{"id":5,"email":"y@example.com"}]}`,
	}
	c, reqs := fakeRevyOps(t, "k", "", func(w http.ResponseWriter, r *http.Request) {
		answer(200, pages[r.URL.Query().Get("page")])(w, r)
	})
	found, err := c.FindContactsByEmail(context.Background(), " ann@example.com ", sameTrimmedFold)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].ID != 1 {
		t.Fatalf("found %+v, want contact 1 only", found)
	}
	if len(*reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(*reqs))
	}
	if q := (*reqs)[0].query; !strings.Contains(q, "email=ann%40example.com") || !strings.Contains(q, "page_size=100") || !strings.Contains(q, "page=1") {
		t.Fatalf("first query %q", q)
	}

	t.Run("stops early", func(t *testing.T) {
		*reqs = nil
		n := 0
		if err := c.ListContacts(context.Background(), ListFilter{}, func(Contact) bool { n++; return n < 3 }); err != nil {
			t.Fatal(err)
		}
		if n != 3 || len(*reqs) != 2 {
			t.Fatalf("saw %d contacts in %d requests", n, len(*reqs))
		}
	})
	t.Run("a server that never ends is stopped by count", func(t *testing.T) {
		c, reqs := fakeRevyOps(t, "k", "", answer(200, `{"count":1,"next":"/x?page=99","previous":null,"results":[{"id":1,"email":"a@example.com"}]}`))
		if err := c.ListContacts(context.Background(), ListFilter{}, func(Contact) bool { return true }); err != nil {
			t.Fatal(err)
		}
		if len(*reqs) != 1 {
			t.Fatalf("%d requests", len(*reqs))
		}
	})
}

// sameTrimmedFold compares addresses as RevyOps' filter is assumed to: trimmed, ignoring case.
func sameTrimmedFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
