package maildiver_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

const audience = "01959b50-eda7-7597-acb1-cfeffdd53400"

func newClient(t testing.TB, key string) *maildiver.Client {
	t.Helper()
	srv := mockapi.New(mockapi.Options{APIKey: "right-key"})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{Vendor: "maildiver", BaseURL: hs.URL + "/maildiver/v1",
		Auth: transport.BearerToken(key), MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return maildiver.New(tc, "")
}

func ptr[T any](v T) *T { return &v }

func TestListAndFindAcrossPages(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, "right-key")
	const n = 120 // more than two pages of 50
	for i := range n {
		if _, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr(fmt.Sprintf("user%03d@example.com", i))}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	if err := c.ListContacts(ctx, audience, func(ct maildiver.Contact) bool { seen[ct.Email] = true; return true }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("listed %d distinct contacts, want %d", len(seen), n)
	}
	found, err := c.FindContactByEmail(ctx, audience, "USER119@Example.com", strings.EqualFold)
	if err != nil || found.Email != "user119@example.com" {
		t.Fatalf("FindContactByEmail on the last page: %v, %v", found, err)
	}
	if _, err := c.FindContactByEmail(ctx, audience, "nobody@example.com", strings.EqualFold); !errors.Is(err, maildiver.ErrNotFound) {
		t.Fatalf("missing email: got %v, want ErrNotFound", err)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, "right-key")
	if _, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr("dup@example.com")}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr("Dup@example.com")})
	var apiErr *maildiver.APIError
	if !errors.Is(err, maildiver.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Status != 409 {
		t.Fatalf("duplicate email: got %v, want a 409 conflict", err)
	}
	if _, err := c.GetContact(ctx, audience, "01959faf-16e2-77dd-9585-cd25da58855e"); !errors.Is(err, maildiver.ErrNotFound) {
		t.Fatalf("unknown contact: got %v, want ErrNotFound", err)
	}
	if err := c.DeleteContact(ctx, audience, "01959faf-16e2-77dd-9585-cd25da58855e"); err != nil {
		t.Fatalf("deleting a contact that is already gone must succeed, got %v", err)
	}
	err = c.UpdateContact(ctx, audience, "01959faf-16e2-77dd-9585-cd25da58855e", maildiver.ContactFields{FirstName: ptr("")})
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		t.Fatalf("empty first name: got %v, want a 400", err)
	}

	bad := newClient(t, "wrong-key")
	_, err = bad.GetContact(ctx, audience, "x")
	if !errors.As(err, &apiErr) || apiErr.Status != 403 || apiErr.Code != maildiver.CodeInvalidAPIKey {
		t.Fatalf("wrong key: got %v, want 403 invalid_api_key", err)
	}
	for _, want := range []string{"403", "invalid_api_key", "MAILDIVER_API_KEY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q should mention %q", err, want)
		}
	}
}

func TestUpdateSendsOnlyNamedFields(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, "right-key")
	created, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr("ann@example.com"), FirstName: ptr("Ann"), LastName: ptr("Lee")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateContact(ctx, audience, created.ID, maildiver.ContactFields{LastName: ptr("Smith")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetContact(ctx, audience, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FirstName == nil || *got.FirstName != "Ann" || got.LastName == nil || *got.LastName != "Smith" || !got.IsSubscribed {
		t.Fatalf("after updating only last_name: %+v", got)
	}
	if got.Updated < got.Created {
		t.Fatalf("updated %d before created %d", got.Updated, got.Created)
	}
}
