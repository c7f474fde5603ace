package corporatemerch_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: the identity {id}, a number, names the contact, is stable, and imports it.
func TestAccCorporateMerchContact_identity(t *testing.T) {
	acctest.RunIdentity(t, acctest.IdentityFixture{
		Vendor:  "corporatemerch",
		Address: addr,
		Config: func(m *acctest.Mock, firstName string) string {
			return contactConfig(m, fmt.Sprintf(`  first_name   = %q
  last_name    = "Lovelace"
  email        = "identity@example.com"
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"`, firstName))
		},
		IntID: true,
	})
}
