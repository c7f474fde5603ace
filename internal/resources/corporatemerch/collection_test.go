package corporatemerch_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 10: refresh reads contacts from listings of the account, and is never stale.
func TestAccCorporateMerchContact_collectionReads(t *testing.T) {
	acctest.RunCollectionReads(t, acctest.CollectionFixture{
		Vendor:       "corporatemerch",
		ResourceType: "contacts_corporatemerch_contact",
		Provider: func(m *acctest.Mock, strategy string) string {
			return acctest.VendorProvider("corporatemerch", map[string]string{
				"api_token": fmt.Sprintf("%q", acctest.APIKey), "base_url": fmt.Sprintf("%q", baseURL(m)),
				"requests_per_minute": "0"}, strategy)
		},
		Body: func(email, firstName string) string {
			return fmt.Sprintf(`  first_name   = %q
  last_name    = "Lovelace"
  email        = %q
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"`, firstName, email)
		},
		ImportID:       func(email string) string { return "email:" + email },
		DataSourceByID: func(idExpr string) string { return "  id = " + idExpr },
		DataSourceType: "contacts_corporatemerch_contact",
		NameAttribute:  "first_name",
		StoreNameField: "first_name",
		CreateOutOfBand: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			return seedContact(t, m, map[string]any{"email": email, "first_name": firstName, "last_name": "Lovelace"})
		},
		ListRoute: "GET /corporatemerch/v2/contacts",
		GetRoute:  "GET /corporatemerch/v2/contacts/{id}",
	})
}
