package revyops_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: the identity {id}, a number, names the contact, is stable, and imports it.
func TestAccRevyOpsContact_identity(t *testing.T) {
	acctest.RunIdentity(t, acctest.IdentityFixture{
		Vendor:  "revyops",
		Address: addr,
		Config: func(m *acctest.Mock, firstName string) string {
			return contactConfig(m, fmt.Sprintf("  email = \"identity@example.com\"\n  first_name = %q", firstName))
		},
		IntID: true,
	})
}
