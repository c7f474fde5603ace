package maildiver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 10: refresh reads contacts from listings of their audience, and is never stale.
func TestAccMailDiverContact_collectionReads(t *testing.T) {
	acctest.RunCollectionReads(t, acctest.CollectionFixture{
		Vendor:       "maildiver",
		ResourceType: "contacts_maildiver_contact",
		Provider: func(m *acctest.Mock, strategy string) string {
			return acctest.VendorProvider("maildiver", map[string]string{
				"api_key": fmt.Sprintf("%q", acctest.APIKey), "base_url": fmt.Sprintf("%q", m.MailDiverBaseURL())}, strategy)
		},
		Body: func(email, firstName string) string {
			return fmt.Sprintf("  audience_id = %q\n  email = %q\n  first_name = %q", acctest.MailDiverAudienceID, email, firstName)
		},
		ImportID: func(email string) string { return acctest.MailDiverAudienceID + "/email:" + email },
		DataSourceByEmail: func(emailExpr string) string {
			return fmt.Sprintf("  audience_id = %q\n  email = %s", acctest.MailDiverAudienceID, emailExpr)
		},
		DataSourceByID: func(idExpr string) string {
			return fmt.Sprintf("  audience_id = %q\n  id = %s", acctest.MailDiverAudienceID, idExpr)
		},
		DataSourceType: "contacts_maildiver_contact",
		NameAttribute:  "first_name",
		StoreNameField: "first_name",
		CreateOutOfBand: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			code, body := m.VendorRequest(t, http.MethodPost, "/maildiver/v1/audiences/"+acctest.MailDiverAudienceID+"/contacts",
				http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, map[string]any{"email": email, "first_name": firstName})
			if code != http.StatusCreated {
				t.Fatalf("creating a contact out of band: %d %s", code, body)
			}
			var c struct{ ID string }
			if err := json.Unmarshal(body, &c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		},
		ListRoute: "GET /maildiver/v1/audiences/{audienceId}/contacts",
		GetRoute:  routeGet,
	})
}
