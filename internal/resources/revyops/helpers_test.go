package revyops_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

const (
	addr        = "contacts_revyops_contact.test"
	routeCreate = "POST /revyops/public/v2/contacts"
	routeList   = "GET /revyops/public/v2/contacts"
	routeGet    = "GET /revyops/public/v2/contacts/{contact_id}"
	routePatch  = "PATCH /revyops/public/v2/contacts/{contact_id}"
	routeDelete = "DELETE /revyops/public/contacts/{contact_id}"
)

func baseURL(m *acctest.Mock) string { return m.URL + "/revyops" }

// providerConfig points RevyOps at the test's mock, with fast retries.
func providerConfig(m *acctest.Mock) string {
	return fmt.Sprintf(`
provider "contacts" {
  max_retries = 3
  revyops {
    api_key  = %q
    base_url = %q
  }
}
`, acctest.APIKey, baseURL(m))
}

func contactConfig(m *acctest.Mock, body string) string {
	return providerConfig(m) + fmt.Sprintf(`
resource "contacts_revyops_contact" "test" {
%s
}
`, body)
}

// captureID stores the contact's id from state, for steps that change the contact out of band.
func captureID(id *string) resource.TestCheckFunc { return acctest.CaptureID(addr, id) }

// storedContact returns the mock's copy of a contact.
func storedContact(m *acctest.Mock, id string) (map[string]any, bool) {
	return m.StoredContact("revyops", id)
}

// storedFields returns a stored contact's custom fields as name -> value.
func storedFields(c map[string]any) map[string]string {
	out := map[string]string{}
	list, _ := c["contact_custom_fields"].([]any)
	for _, item := range list {
		f := item.(map[string]any)
		out[fmt.Sprint(f["field_name"])] = fmt.Sprint(f["field_value"])
	}
	return out
}

// createOutOfBand creates a contact straight at the mock, as another RevyOps user would, and returns its id.
func createOutOfBand(t *testing.T, m *acctest.Mock, body map[string]any) string {
	t.Helper()
	code, raw := m.VendorRequest(t, http.MethodPost, "/revyops/public/v2/contacts",
		http.Header{"X-Api-Key": {acctest.APIKey}}, body)
	if code != http.StatusCreated {
		t.Fatalf("creating a contact out of band: %d %s", code, raw)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(c.ID)
}

// noRequests fails the test when any request reached the mock.
func noRequests(t *testing.T, m *acctest.Mock) {
	t.Helper()
	if n := m.Requests(); n != 0 {
		t.Fatalf("%d requests reached the mock (%v); a failed plan must send none", n, m.Stats().ByRoute)
	}
}

// errorMatching matches an error that contains each part in order. Terraform wraps long diagnostic
// lines, so any space in a part also matches a line break.
func errorMatching(parts ...string) *regexp.Regexp {
	quoted := make([]string, 0, len(parts))
	for _, p := range parts {
		quoted = append(quoted, strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
