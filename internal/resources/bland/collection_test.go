package bland_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 10: refresh reads contacts from listings of the account, and is never stale.
func TestAccBlandContact_collectionReads(t *testing.T) {
	acctest.RunCollectionReads(t, acctest.CollectionFixture{
		Vendor:       "bland",
		ResourceType: "contacts_bland_contact",
		Provider: func(m *acctest.Mock, strategy string) string {
			return acctest.VendorProvider("bland", map[string]string{
				"api_key": fmt.Sprintf("%q", acctest.APIKey), "base_url": fmt.Sprintf("%q", blandBaseURL(m))}, strategy)
		},
		Body: func(email, name string) string {
			return fmt.Sprintf("  email = %q\n  name = %q", email, name)
		},
		ImportID:          func(email string) string { return "email:" + email },
		DataSourceByEmail: func(emailExpr string) string { return "  email = " + emailExpr },
		DataSourceByID:    func(idExpr string) string { return "  id = " + idExpr },
		DataSourceType:    "contacts_bland_contact",
		NameAttribute:     "name",
		StoreNameField:    "name",
		CreateOutOfBand: func(t *testing.T, m *acctest.Mock, email, name string) string {
			return seedContact(t, m, map[string]any{"email": email, "name": name})
		},
		ListRoute: "GET /bland/v1/contacts",
		GetRoute:  routeGet,
	})
}
