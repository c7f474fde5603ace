package corporatemerch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

func newTestClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tc, err := transport.New(transport.Config{
		Vendor: "corporatemerch", BaseURL: srv.URL + "/v2", Auth: transport.BearerToken("tok"),
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return New(tc, "")
}

func ptr[T any](v T) *T { return &v }

// The create body uses the wire names, leaves out unset optional fields, and the answer's envelope
// is unwrapped.
func TestCreateContactWireFormat(t *testing.T) {
	var got map[string]any
	var auth, path string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		auth, path = r.Header.Get("Authorization"), r.Method+" "+r.URL.Path
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &got)
		w.WriteHeader(http.StatusCreated)
		_, _ = fmt.Fprint(w, `{"data":{"id":1234,"first_name":"Ada","email":"ada@example.com","birthday":"1990-01-15T00:00:00.000000Z",
			"lists":[1,{"id":3,"name":"x"}],"labels":[],"unit":"Suite 5","address_forced":true,"start_date":null}}`)
	})
	ct, err := c.CreateContact(context.Background(), ContactFields{
		FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Country: "US", City: "Springfield",
		State: "IL", PostalCode: "62701", Type: "employee", Address2: ptr("Suite 5"), Phone: ptr("+1 555"),
		AnniversaryDate: ptr("2018-06-20"), AddressForceAccept: ptr(true), Lists: []int32{1, 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer tok" || path != "POST /v2/contacts" {
		t.Errorf("sent %s with %q", path, auth)
	}
	want := map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "country": "US", "city": "Springfield",
		"state": "IL", "zip_code": "62701", "type": "employee", "unit": "Suite 5", "phone_number": "+1 555",
		"wedding_anniversary": "2018-06-20", "address_forced": true, "lists": []any{1.0, 3.0},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("body\n got %v\nwant %v", got, want)
	}
	if ct.ID != 1234 || ct.Birthday != "1990-01-15" || ct.StartDate != "" || fmt.Sprint(ct.Lists) != "[1 3]" ||
		len(ct.Labels) != 0 || ct.Address2 == nil || *ct.Address2 != "Suite 5" || ct.AddressForceAccept == nil || !*ct.AddressForceAccept {
		t.Errorf("decoded %+v", ct)
	}
}

// Lists and Labels: nil is left out, empty is sent as [] (the full contact has none).
func TestContactFieldsEmptyLists(t *testing.T) {
	b, err := json.Marshal(ContactFields{Lists: []int32{}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `"lists":[]`) || strings.Contains(s, `"labels"`) || strings.Contains(s, `"gender"`) {
		t.Errorf("marshalled %s", s)
	}
}

func TestAPIErrors(t *testing.T) {
	status, body := 0, ""
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = fmt.Fprint(w, body)
	})
	ctx := context.Background()

	status, body = 422, `{"message":"The selected list ids do not exist: 99. (and 1 more error)","errors":{"lists":["The selected list ids do not exist: 99."],"lists.1":["The lists.1 field must be a 32-bit integer."],"state":["bad state"]}}`
	_, err := c.CreateContact(ctx, ContactFields{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrValidation) || errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	if fmt.Sprint(apiErr.Fields()) != "[lists state]" || len(apiErr.FieldErrors[FieldLists]) != 2 {
		t.Errorf("field errors %v", apiErr.FieldErrors)
	}
	if msg := err.Error(); !strings.Contains(msg, "422") || !strings.Contains(msg, "\n  lists: The lists.1 field must be a 32-bit integer.; The selected list ids do not exist: 99.") {
		t.Errorf("message %q", msg)
	}

	status, body = 404, `{"message":"Not found"}`
	if _, err := c.GetContact(ctx, 7); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "GET /contacts/7 with 404: Not found") {
		t.Errorf("get: %v", err)
	}
	if err := c.DeleteContact(ctx, 7); err != nil {
		t.Errorf("delete of a missing contact: %v", err)
	}

	status, body = 401, `{"message":"Unauthenticated."}`
	if _, err := c.GetContact(ctx, 7); err == nil || !strings.Contains(err.Error(), "CORPORATEMERCH_API_TOKEN") {
		t.Errorf("401: %v", err)
	}

	status, body = 500, `<html>oops</html>`
	if _, err := c.GetContact(ctx, 7); err == nil || !strings.Contains(err.Error(), "500: <html>oops</html>") {
		t.Errorf("500: %v", err)
	}

	status, body = 200, `{"nodata":true}`
	if _, err := c.GetContact(ctx, 7); err == nil || !strings.Contains(err.Error(), `no "data" object`) {
		t.Errorf("answer without data: %v", err)
	}
}

// An update whose answer does not carry the contact is followed by a read.
func TestUpdateContactReadsBackWhenAnswerIsEmpty(t *testing.T) {
	var seen []string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		if r.Method == http.MethodPut {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = fmt.Fprint(w, `{"data":{"id":5,"city":"Read back"}}`)
	})
	ct, err := c.UpdateContact(context.Background(), 5, ContactFields{City: "x"})
	if err != nil || ct.City != "Read back" {
		t.Fatalf("got %+v %v", ct, err)
	}
	if fmt.Sprint(seen) != "[PUT /v2/contacts/5 GET /v2/contacts/5]" {
		t.Errorf("requests %v", seen)
	}
}

// FindContactsByEmail pages through the list with the largest page and matches ignoring case.
func TestFindContactsByEmailPages(t *testing.T) {
	const total = 120
	var queries []string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		queries = append(queries, q.Encode())
		page, _ := strconv.Atoi(q.Get("page"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		last := (total + limit - 1) / limit
		var data []string
		for i := (page - 1) * limit; i < min(page*limit, total); i++ {
			email := fmt.Sprintf("c%d@example.com", i)
			if i == 7 || i == 101 {
				email = "Twin@Example.com"
			}
			data = append(data, fmt.Sprintf(`{"id":%d,"email":%q}`, i+1, email))
		}
		_, _ = fmt.Fprintf(w, `{"data":[%s],"pagination":{"path":"/contacts","total":%d,"limit":%d,"current_page":%d,"last_page":%d,"has_more":%v}}`,
			strings.Join(data, ","), total, limit, page, last, page < last)
	})
	found, err := c.FindContactsByEmail(context.Background(), "twin@example.com", strings.EqualFold)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].ID != 8 || found[1].ID != 102 {
		t.Errorf("found %+v", found)
	}
	if fmt.Sprint(queries) != "[limit=50&page=1 limit=50&page=2 limit=50&page=3]" {
		t.Errorf("queries %v", queries)
	}
}

func TestDateAndIDListDecoding(t *testing.T) {
	var ct Contact
	err := json.Unmarshal([]byte(`{"birthday":"1990-01-15","start_date":"2024-01-15 00:00:00","client_since":null,"lists":null,"labels":[{"id":2}]}`), &ct)
	if err != nil {
		t.Fatal(err)
	}
	if ct.Birthday != "1990-01-15" || ct.StartDate != "2024-01-15" || ct.ClientSince != "" || ct.Lists != nil || fmt.Sprint(ct.Labels) != "[2]" {
		t.Errorf("decoded %+v", ct)
	}
	for _, bad := range []string{`{"lists":["a"]}`, `{"labels":[{"name":"x"}]}`, `{"birthday":5}`} {
		if err := json.Unmarshal([]byte(bad), &ct); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}
