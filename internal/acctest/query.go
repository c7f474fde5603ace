package acctest

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// QueryFixture is one vendor's list resource for RunQuery.
type QueryFixture struct {
	Type string // the resource type, e.g. "contacts_maildiver_contact"
	// Provider is the provider block for the vendor against the mock.
	Provider func(m *Mock) string
	// Seed makes a contact with this email and first name (Bland: name) at the vendor as another
	// system would; it returns its id.
	Seed func(t *testing.T, m *Mock, email, firstName string) string
	// Base is the list block's config arguments that every query needs (MailDiver: audience_id).
	Base string
	// Filter is a config argument that selects the two seeded contacts whose email ends in
	// "@one.example" (and whose first names start with "One") and not the third.
	Filter string
	// IntID says the identity's id is a number; Extra is the identity's other attributes.
	IntID bool
	Extra map[string]string
}

// RunQuery proves a vendor's list resource (terraform query, Terraform 1.14+): with three contacts
// made outside Terraform, a query lists all three with their identities, a filter selects those it
// names, and a limit stops the listing.
func RunQuery(t *testing.T, f QueryFixture) {
	m := NewMock(t)
	emails := []string{"alpha@one.example", "beta@one.example", "gamma@two.example"}
	names := []string{"Onealpha", "Onebeta", "Twogamma"}
	ids := map[string]string{}
	// The ids are known only once the first step has seeded the contacts: compare at check time.
	identity := func(email string) map[string]knownvalue.Check {
		c := map[string]knownvalue.Check{"id": knownvalue.StringFunc(func(v string) error {
			if v != ids[email] {
				return fmt.Errorf("id %q is not %s's %q", v, email, ids[email])
			}
			return nil
		})}
		if f.IntID {
			c["id"] = knownvalue.Int64Func(func(v int64) error {
				if strconv.FormatInt(v, 10) != ids[email] {
					return fmt.Errorf("id %d is not %s's %s", v, email, ids[email])
				}
				return nil
			})
		}
		for k, v := range f.Extra {
			c[k] = knownvalue.StringExact(v)
		}
		return c
	}
	list := func(name, args, meta string) string {
		return fmt.Sprintf("list %q %q {\n  provider = contacts\n%s\n  config {\n%s\n%s\n  }\n}\n", f.Type, name, meta, f.Base, args)
	}
	addr := func(name string) string { return f.Type + "." + name }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: Factories(nil),
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBelow(tfversion.Version1_14_0), // terraform query is Terraform 1.14+
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					for i, e := range emails {
						ids[e] = f.Seed(t, m, e, names[i])
					}
				},
				Config: f.Provider(m),
			},
			{
				Query:  true,
				Config: list("all", "", "") + list("one", f.Filter, "") + list("two", "", "  limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(addr("all"), 3),
					querycheck.ExpectIdentity(addr("all"), identity(emails[0])),
					querycheck.ExpectIdentity(addr("all"), identity(emails[1])),
					querycheck.ExpectIdentity(addr("all"), identity(emails[2])),
					querycheck.ExpectLength(addr("one"), 2),
					querycheck.ExpectIdentity(addr("one"), identity(emails[0])),
					querycheck.ExpectIdentity(addr("one"), identity(emails[1])),
					querycheck.ExpectLength(addr("two"), 2),
				},
			},
		},
	})
}
