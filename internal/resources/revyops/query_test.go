package revyops_test

import (
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: terraform query lists the workspace's contacts with their identities, filtered by RevyOps
// and limited.
func TestAccRevyOpsContact_query(t *testing.T) {
	acctest.RunQuery(t, acctest.QueryFixture{
		Type:     "contacts_revyops_contact",
		Provider: func(m *acctest.Mock) string { return providerConfig(m) },
		Seed: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			return createOutOfBand(t, m, map[string]any{"email": email, "first_name": firstName})
		},
		Filter: `    first_name = "one"`,
		IntID:  true,
	})
}
