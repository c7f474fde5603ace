package collection_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

const audience = "01959b50-eda7-7597-acb1-cfeffdd53400"

func ptr[T any](v T) *T { return &v }

// vendorCase drives one vendor's client: create n contacts, refresh one by id (returning its first
// name), rename one, and delete one (nil when the vendor has no delete).
type vendorCase struct {
	vendor, prefix string
	auth           func(key string) transport.Auth
	pageSize       int
	listRoute      string
	open           func(t *transport.Client, s collection.Strategy) any
	create         func(ctx context.Context, c any, i int) (id string, err error)
	refresh        func(ctx context.Context, c any, id string) (name string, err error)
	rename         func(ctx context.Context, c any, id, name string) error
	remove         func(ctx context.Context, c any, id string) error
	notFound       error
}

func vendorCases() []vendorCase {
	email := func(i int) string { return fmt.Sprintf("user%04d@example.com", i) }
	id64 := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	return []vendorCase{
		{
			vendor: "maildiver", prefix: "/maildiver/v1", auth: transport.BearerToken, pageSize: maildiver.ListPageSize,
			listRoute: "GET /maildiver/v1/audiences/{audienceId}/contacts",
			open:      func(t *transport.Client, s collection.Strategy) any { return maildiver.New(t, s) },
			create: func(ctx context.Context, c any, i int) (string, error) {
				ct, err := c.(*maildiver.Client).CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr(email(i)), FirstName: ptr("Ada")})
				if err != nil {
					return "", err
				}
				return ct.ID, nil
			},
			refresh: func(ctx context.Context, c any, id string) (string, error) {
				ct, err := c.(*maildiver.Client).RefreshContact(ctx, audience, id)
				if err != nil {
					return "", err
				}
				return *ct.FirstName, nil
			},
			rename: func(ctx context.Context, c any, id, name string) error {
				return c.(*maildiver.Client).UpdateContact(ctx, audience, id, maildiver.ContactFields{FirstName: ptr(name)})
			},
			remove: func(ctx context.Context, c any, id string) error {
				return c.(*maildiver.Client).DeleteContact(ctx, audience, id)
			},
			notFound: maildiver.ErrNotFound,
		},
		{
			vendor: "bland", prefix: "/bland", auth: transport.RawAuthorization, pageSize: bland.ListPageSize,
			listRoute: "GET /bland/v1/contacts",
			open:      func(t *transport.Client, s collection.Strategy) any { return bland.New(t, s) },
			create: func(ctx context.Context, c any, i int) (string, error) {
				r, err := c.(*bland.Client).ResolveContact(ctx, bland.ResolveRequest{Email: ptr(email(i)), Name: ptr("Ada")})
				if err != nil {
					return "", err
				}
				return r.Contact.ID, nil
			},
			refresh: func(ctx context.Context, c any, id string) (string, error) {
				ct, err := c.(*bland.Client).RefreshContact(ctx, id)
				if err != nil {
					return "", err
				}
				if len(ct.Identifiers) == 0 {
					return "", errors.New("refreshed without identifiers")
				}
				return *ct.Name, nil
			},
			rename: func(ctx context.Context, c any, id, name string) error {
				_, err := c.(*bland.Client).UpdateContact(ctx, id, bland.UpdateRequest{Name: ptr(name)})
				return err
			},
			notFound: bland.ErrNotFound,
		},
		{
			vendor: "revyops", prefix: "/revyops", auth: func(k string) transport.Auth { return revyops.Auth(k, "") },
			pageSize: revyops.ListPageSize, listRoute: "GET /revyops/public/v2/contacts",
			open: func(t *transport.Client, s collection.Strategy) any { return revyops.New(t, s) },
			create: func(ctx context.Context, c any, i int) (string, error) {
				ct, err := c.(*revyops.Client).CreateContact(ctx, revyops.ContactFields{Email: ptr(email(i)), FirstName: ptr("Ada")})
				if err != nil {
					return "", err
				}
				return strconv.FormatInt(ct.ID, 10), nil
			},
			refresh: func(ctx context.Context, c any, id string) (string, error) {
				ct, err := c.(*revyops.Client).RefreshContact(ctx, id64(id))
				if err != nil {
					return "", err
				}
				return *ct.FirstName, nil
			},
			rename: func(ctx context.Context, c any, id, name string) error {
				_, err := c.(*revyops.Client).UpdateContact(ctx, id64(id), revyops.ContactFields{FirstName: ptr(name)})
				return err
			},
			remove: func(ctx context.Context, c any, id string) error {
				return c.(*revyops.Client).DeleteContact(ctx, id64(id))
			},
			notFound: revyops.ErrNotFound,
		},
		{
			vendor: "corporatemerch", prefix: "/corporatemerch/v2", auth: transport.BearerToken,
			pageSize: corporatemerch.ListPageSize, listRoute: "GET /corporatemerch/v2/contacts",
			open: func(t *transport.Client, s collection.Strategy) any { return corporatemerch.New(t, s) },
			create: func(ctx context.Context, c any, i int) (string, error) {
				ct, err := c.(*corporatemerch.Client).CreateContact(ctx, cmFields(email(i), "Ada"))
				if err != nil {
					return "", err
				}
				return strconv.FormatInt(ct.ID, 10), nil
			},
			refresh: func(ctx context.Context, c any, id string) (string, error) {
				ct, err := c.(*corporatemerch.Client).RefreshContact(ctx, id64(id))
				if err != nil {
					return "", err
				}
				return ct.FirstName, nil
			},
			rename: func(ctx context.Context, c any, id, name string) error {
				cl := c.(*corporatemerch.Client)
				ct, err := cl.GetContact(ctx, id64(id))
				if err != nil {
					return err
				}
				_, err = cl.UpdateContact(ctx, id64(id), cmFields(ct.Email, name))
				return err
			},
			remove: func(ctx context.Context, c any, id string) error {
				return c.(*corporatemerch.Client).DeleteContact(ctx, id64(id))
			},
			notFound: corporatemerch.ErrNotFound,
		},
	}
}

func cmFields(email, first string) corporatemerch.ContactFields {
	return corporatemerch.ContactFields{FirstName: first, LastName: "Lovelace", Email: email, Country: "US",
		Address: ptr("1 Main St"), City: "Springfield", State: "IL", PostalCode: "62701", Type: "employee"}
}

// Each vendor's client pages through its real listing (the mock's, checked against its OpenAPI
// description) for a refresh: one request per page and no GET, every contact as a GET would give it;
// and each of its writes discards the listing, so a refresh after a rename or a delete sees it.
func TestVendorListingsServeRefresh(t *testing.T) {
	for _, vc := range vendorCases() {
		t.Run(vc.vendor, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := mockapi.New(mockapi.Options{APIKey: "key"})
			hs := httptest.NewServer(srv)
			t.Cleanup(hs.Close)
			tc, err := transport.New(transport.Config{Vendor: vc.vendor, BaseURL: hs.URL + vc.prefix, Auth: vc.auth("key"), MaxRetries: 1})
			if err != nil {
				t.Fatal(err)
			}
			c := vc.open(tc, collection.List)
			n := 2*vc.pageSize + 7 // three pages
			ids := make([]string, n)
			for i := range n {
				if ids[i], err = vc.create(ctx, c, i); err != nil {
					t.Fatal(err)
				}
			}
			before := srv.Stats()
			for _, id := range ids {
				if name, err := vc.refresh(ctx, c, id); err != nil || name != "Ada" {
					t.Fatalf("refresh of %s = %q, %v", id, name, err)
				}
			}
			after := srv.Stats()
			lists := after.ByRoute[vc.listRoute] - before.ByRoute[vc.listRoute]
			if total := after.Total - before.Total; lists != 3 || total != 3 {
				t.Errorf("refreshing %d contacts sent %d requests, %d of them listings; want 3 listings and nothing else", n, total, lists)
			}

			if err := vc.rename(ctx, c, ids[n-1], "Grace"); err != nil {
				t.Fatal(err)
			}
			if name, err := vc.refresh(ctx, c, ids[n-1]); err != nil || name != "Grace" {
				t.Errorf("refresh after a rename = %q, %v; want Grace", name, err)
			}
			if vc.remove == nil {
				return
			}
			if err := vc.remove(ctx, c, ids[0]); err != nil {
				t.Fatal(err)
			}
			if _, err := vc.refresh(ctx, c, ids[0]); !errors.Is(err, vc.notFound) {
				t.Errorf("refresh after a delete: %v, want not found", err)
			}
		})
	}
}
