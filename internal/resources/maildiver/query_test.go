package maildiver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: terraform query lists an audience's contacts with their identities, filtered and limited.
func TestAccMailDiverContact_query(t *testing.T) {
	acctest.RunQuery(t, acctest.QueryFixture{
		Type:     "contacts_maildiver_contact",
		Provider: func(m *acctest.Mock) string { return m.ProviderConfig() },
		Seed: func(t *testing.T, m *acctest.Mock, email, firstName string) string {
			code, body := m.VendorRequest(t, http.MethodPost, "/maildiver/v1/audiences/"+acctest.MailDiverAudienceID+"/contacts",
				http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, map[string]any{"email": email, "first_name": firstName})
			var c struct{ ID string }
			if code != http.StatusCreated || json.Unmarshal(body, &c) != nil {
				t.Fatalf("seeding: %d %s", code, body)
			}
			return c.ID
		},
		Base:   fmt.Sprintf("    audience_id = %q", acctest.MailDiverAudienceID),
		Filter: `    email_contains = "@ONE.example"`,
		Extra:  map[string]string{"audience_id": acctest.MailDiverAudienceID},
	})
}
