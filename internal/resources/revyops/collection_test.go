package revyops_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 10: refresh reads contacts from listings of the workspace, and is never stale.
func TestAccRevyOpsContact_collectionReads(t *testing.T) {
	acctest.RunCollectionReads(t, acctest.CollectionFixture{
		Vendor:       "revyops",
		ResourceType: "contacts_revyops_contact",
		Provider: func(m *acctest.Mock, strategy string) string {
			return acctest.VendorProvider("revyops", map[string]string{
				"api_key": fmt.Sprintf("%q", acctest.APIKey), "base_url": fmt.Sprintf("%q", baseURL(m))}, strategy)
		},
		Body: func(email, firstName string) string {
			return fmt.Sprintf("  email = %q\n  first_name = %q", email, firstName)
		},
		ImportID:          func(email string) string { return "email:" + email },
		DataSourceByEmail: func(emailExpr string) string { return "  email = " + emailExpr },
		DataSourceByID:    func(idExpr string) string { return "  id = " + idExpr },
		DataSourceType:    "contacts_revyops_contact",
		NameAttribute:     "first_name",
		StoreNameField:    "first_name",
		CreateOutOfBand: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			return createOutOfBand(t, m, map[string]any{"email": email, "first_name": firstName})
		},
		ListRoute: routeList,
		GetRoute:  routeGet,
	})
}
