package bland_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: terraform query lists the account's contacts with their identities, filtered and limited.
func TestAccBlandContact_query(t *testing.T) {
	acctest.RunQuery(t, acctest.QueryFixture{
		Type:     "contacts_bland_contact",
		Provider: func(m *acctest.Mock) string { return providerConfig(m) },
		Seed: func(t *testing.T, m *acctest.Mock, email, name string) string {
			return seedContact(t, m, map[string]any{"email": email, "name": name})
		},
		Filter: fmt.Sprintf("    email_contains = %q\n    name_contains = %q", "@one.", "ONE"),
	})
}
