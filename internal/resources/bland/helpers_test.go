package bland_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

const (
	addr = "contacts_bland_contact.test"

	routeResolve = "POST /bland/v1/contacts/resolve"
	routeFind    = "POST /bland/v1/contacts/find"
	routePatch   = "PATCH /bland/v1/contacts/{contact_id}"
	routeGet     = "GET /bland/v1/contacts/{contact_id}"
	routeDelete  = "DELETE /bland/v1/contacts/{contact_id}"
)

// blandBaseURL is the mock's Bland base URL.
func blandBaseURL(m *acctest.Mock) string { return m.URL + "/bland" }

// providerConfig points Bland at the mock, with fast retries.
func providerConfig(m *acctest.Mock) string {
	return fmt.Sprintf(`
provider "contacts" {
  max_retries = 3
  bland {
    api_key  = %q
    base_url = %q
  }
}
`, acctest.APIKey, blandBaseURL(m))
}

func contactConfig(m *acctest.Mock, body string) string {
	return providerConfig(m) + fmt.Sprintf(`
resource "contacts_bland_contact" "test" {
%s
}
`, body)
}

// captureID stores the contact's id from state, for steps that change the contact out of band.
func captureID(id *string) resource.TestCheckFunc { return acctest.CaptureID(addr, id) }

// stored returns the mock's copy of a contact.
func stored(m *acctest.Mock, id string) (map[string]any, bool) { return m.StoredContact("bland", id) }

// storedMetadata is the mock's metadata of a contact as compact JSON with sorted keys.
func storedMetadata(m *acctest.Mock, id string) string {
	c, ok := stored(m, id)
	if !ok {
		return "<no contact " + id + ">"
	}
	b, _ := json.Marshal(c["metadata"])
	return string(b)
}

// storedIdentifiers lists "type=value" for each identifier of a stored contact, "*" marking primaries.
func storedIdentifiers(m *acctest.Mock, id string) []string {
	c, _ := stored(m, id)
	list, _ := c["identifiers"].([]any)
	var out []string
	for _, x := range list {
		ident := x.(map[string]any)
		s := fmt.Sprintf("%s=%s", ident["identifier_type"], ident["identifier_value"])
		if ident["is_primary"] == true {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

// seedContact resolves a contact at the mock as another Bland user would, and returns its id.
func seedContact(t *testing.T, m *acctest.Mock, body map[string]any) string {
	t.Helper()
	code, raw := m.VendorRequest(t, http.MethodPost, "/bland/v1/contacts/resolve",
		http.Header{"Authorization": {acctest.APIKey}}, body)
	var out struct {
		Data struct {
			Contact struct {
				ID string `json:"id"`
			} `json:"contact"`
			Created bool `json:"created"`
		} `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal(raw, &out) != nil || !out.Data.Created {
		t.Fatalf("seeding a Bland contact: %d %s", code, raw)
	}
	return out.Data.Contact.ID
}
