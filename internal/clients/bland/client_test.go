package bland_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

func newClient(t testing.TB, key string) (*bland.Client, *mockapi.Server) {
	t.Helper()
	srv := mockapi.New(mockapi.Options{APIKey: "right-key"})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{Vendor: "bland", BaseURL: hs.URL + "/bland",
		Auth: transport.RawAuthorization(key), MaxRetries: 2, RetryWaitMin: 1, RetryWaitMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	return bland.New(tc, ""), srv
}

func ptr(s string) *string { return &s }

func TestResolveFindGetUpdate(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, "right-key")
	res, err := c.ResolveContact(ctx, bland.ResolveRequest{PhoneNumber: ptr("+15550001"), Email: ptr("Ann@Example.com"),
		Name: ptr("Ann"), Metadata: bland.Metadata{"tier": json.RawMessage(`"gold"`)}})
	if err != nil || !res.Created || res.Contact.ID == "" || *res.Contact.Name != "Ann" || string(res.Contact.Metadata["tier"]) != `"gold"` {
		t.Fatalf("resolve: %+v, %v", res, err)
	}
	again, err := c.ResolveContact(ctx, bland.ResolveRequest{Email: ptr("ann@example.com")})
	if err != nil || again.Created || again.Contact.ID != res.Contact.ID {
		t.Fatalf("second resolve: %+v, %v; want the same contact, not created", again, err)
	}

	got, err := c.GetContact(ctx, res.Contact.ID)
	if err != nil || strings.Join(got.Values(bland.IdentifierEmail), ",") != "ann@example.com" ||
		strings.Join(got.Values(bland.IdentifierPhoneNumber), ",") != "+15550001" {
		t.Fatalf("get: %+v, %v", got, err)
	}
	found, err := c.FindContact(ctx, bland.FindRequest{PhoneNumber: ptr("+15550001")})
	if err != nil || found.ID != res.Contact.ID || len(found.Identifiers) != 2 {
		t.Fatalf("find: %+v, %v", found, err)
	}

	upd, err := c.UpdateContact(ctx, got.ID, bland.UpdateRequest{Metadata: bland.Metadata{"tier": bland.Null, "new": json.RawMessage(`1`)}})
	if err != nil || upd.Metadata["tier"] != nil || string(upd.Metadata["new"]) != "1" {
		t.Fatalf("update: %+v, %v", upd, err)
	}
}

func TestUpdateRequestOmitsUnsetFields(t *testing.T) {
	b, _ := json.Marshal(bland.UpdateRequest{Name: ptr("x"), Metadata: bland.Metadata{"gone": bland.Null}})
	if string(b) != `{"name":"x","metadata":{"gone":null}}` {
		t.Fatalf("body %s", b)
	}
	if !(bland.UpdateRequest{Metadata: bland.Metadata{}}).IsEmpty() {
		t.Fatal("an update with no keys should be empty")
	}
}

func TestErrorsAreTyped(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, "right-key")

	_, err := c.GetContact(ctx, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
	var apiErr *bland.APIError
	if !errors.Is(err, bland.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Code != bland.CodeNotFound || apiErr.Message != "Contact not found" {
		t.Fatalf("missing contact: %v", err)
	}
	if _, err := c.FindContact(ctx, bland.FindRequest{Email: ptr("nobody@example.com")}); !errors.Is(err, bland.ErrNotFound) ||
		!strings.Contains(err.Error(), `email "nobody@example.com"`) {
		t.Fatalf("find with no match: %v", err)
	}
	_, err = c.ResolveContact(ctx, bland.ResolveRequest{Name: ptr("no identifier")})
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || apiErr.Code != bland.CodeBadRequest {
		t.Fatalf("resolve without identifier: %v", err)
	}

	wrong, _ := newClient(t, "wrong-key")
	_, err = wrong.GetContact(ctx, "x")
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Code != bland.CodeUnauthorized || !strings.Contains(err.Error(), "BLAND_API_KEY") {
		t.Fatalf("wrong key: %v", err)
	}
}

// A resolve whose answer is lost is sent again (it cannot make a duplicate) and its answer says so: the
// contact the first attempt created comes back with created false and Resent true. When every attempt
// after the lost one fails, the outcome is unknown. Find, a read-only POST, is retried like a GET.
func TestResolveIsResentFindIsRetried(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, "right-key")
	srv.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "bland", Drop: true}}})
	res, err := c.ResolveContact(ctx, bland.ResolveRequest{ExternalID: ptr("x-1")})
	if err != nil {
		t.Fatalf("dropped resolve: %v, want it resent", err)
	}
	if n := srv.Stats().ByRoute["POST /bland/v1/contacts/resolve"]; n != 2 || len(srv.Contacts("bland")) != 1 {
		t.Fatalf("resolve sent %d times, %d contacts; want 2 and 1 (resent, no duplicate)", n, len(srv.Contacts("bland")))
	}
	if res.Created || !res.Resent {
		t.Fatalf("resent resolve: created %v resent %v, want false and true", res.Created, res.Resent)
	}

	srv.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{
		{Vendor: "bland", Drop: true},
		{Vendor: "bland", Status: http.StatusInternalServerError}, {Vendor: "bland", Status: http.StatusInternalServerError},
		{Vendor: "bland", Status: http.StatusInternalServerError},
	}})
	if _, err := c.ResolveContact(ctx, bland.ResolveRequest{ExternalID: ptr("x-2")}); !errors.Is(err, transport.ErrOutcomeUnknown) {
		t.Fatalf("resolve failing after a lost answer: %v, want ErrOutcomeUnknown", err)
	}

	srv.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "bland", Status: http.StatusBadGateway}}})
	if _, err := c.FindContact(ctx, bland.FindRequest{ExternalID: ptr("x-1")}); err != nil {
		t.Fatalf("find after a 502: %v", err)
	}
	if n := srv.Stats().ByRoute["POST /bland/v1/contacts/find"]; n != 2 {
		t.Fatalf("find sent %d times, want 2 (retried after the 502)", n)
	}
}

func TestValuesPutsThePrimaryFirst(t *testing.T) {
	c := bland.Contact{Identifiers: []bland.Identifier{
		{Type: "email", Value: "b@example.com"}, {Type: "phone_number", Value: "+1", IsPrimary: true},
		{Type: "email", Value: "a@example.com", IsPrimary: true},
	}}
	if got := strings.Join(c.Values("email"), ","); got != "a@example.com,b@example.com" {
		t.Fatalf("Values(email) = %s", got)
	}
	if got := c.Values("external_id"); got != nil {
		t.Fatalf("Values(external_id) = %v", got)
	}
}
