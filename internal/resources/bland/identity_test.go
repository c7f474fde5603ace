package bland_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: the identity {id} names the contact, is stable, and imports it.
func TestAccBlandContact_identity(t *testing.T) {
	acctest.RunIdentity(t, acctest.IdentityFixture{
		Vendor:  "bland",
		Address: addr,
		Config: func(m *acctest.Mock, name string) string {
			return contactConfig(m, fmt.Sprintf("  email = \"identity@example.com\"\n  name = %q", name))
		},
	})
}
