package corporatemerch_test

import (
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: terraform query lists the account's contacts with their identities, filtered and limited.
func TestAccCorporateMerchContact_query(t *testing.T) {
	acctest.RunQuery(t, acctest.QueryFixture{
		Type:     "contacts_corporatemerch_contact",
		Provider: func(m *acctest.Mock) string { return providerConfig(m, "0") },
		Seed: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			return seedContact(t, m, map[string]any{"email": email, "first_name": firstName, "last_name": "Lovelace"})
		},
		Filter: `    email_contains = "@one.example"
    contact_type   = "employee"`,
		IntID: true,
	})
}
