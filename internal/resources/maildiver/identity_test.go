package maildiver_test

import (
	"fmt"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 11: the identity {audience_id, id} names the contact, is stable, and imports it.
func TestAccMailDiverContact_identity(t *testing.T) {
	acctest.RunIdentity(t, acctest.IdentityFixture{
		Vendor:  "maildiver",
		Address: addr,
		Config: func(m *acctest.Mock, firstName string) string {
			return contactConfig(m, fmt.Sprintf("  email = \"identity@example.com\"\n  first_name = %q", firstName))
		},
		Extra: map[string]string{"audience_id": acctest.MailDiverAudienceID},
	})
}
