package maildiver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with MailDiver's store and the state in agreement.
func TestAccMailDiverContact_faults(t *testing.T) {
	cases := acctest.StandardFaultCases(acctest.FaultMethods{
		Lookup: http.MethodGet, Update: http.MethodPatch, Delete: http.MethodDelete,
		LookupAttempts: 4, // every attempt of the lookup (max_retries 3)
		Email:          "email:fault@example.com",
	})
	acctest.RunFaultTable(t, faultFixture, cases)
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestMailDiverContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, interruptFixture)
}

// interruptFixture is the contact the protocol-level tests create.
var interruptFixture = acctest.InterruptFixture{
	Vendor: "maildiver",
	Type:   "contacts_maildiver_contact",
	Provider: func(m *acctest.Mock) acctest.Values {
		return acctest.Values{"max_retries": 3, "maildiver": acctest.Values{"api_key": acctest.APIKey, "base_url": m.MailDiverBaseURL()}}
	},
	Resource: acctest.Values{"audience_id": acctest.MailDiverAudienceID, "email": "ctrl-c@example.com", "first_name": "Ada"},
}

// An update whose answer is lost after it was applied, and whose every later attempt fails: the
// failed apply records what MailDiver holds (the new value), not the value before.
func TestMailDiverContact_uncertainUpdate(t *testing.T) {
	acctest.RunUncertainUpdate(t, acctest.UncertainUpdateFixture{
		InterruptFixture: interruptFixture,
		UpdateMethod:     http.MethodPatch,
		Attribute:        "first_name",
		StoreField:       "first_name",
		NewValue:         "Augusta",
		MaxRetries:       3,
	})
}

// faultFixture is the contact the fault tables create, update and destroy.
var faultFixture = acctest.VendorFixture{
	Vendor:  "maildiver",
	Address: addr,
	Config: func(m *acctest.Mock, body string) string {
		if body == "" {
			return m.ProviderConfig()
		}
		return contactConfig(m, body)
	},
	Initial: `
  email      = "fault@example.com"
  first_name = "Ada"
`,
	Updated: `
  email      = "fault@example.com"
  first_name = "Augusta"
`,
	CheckStored: func(c map[string]any, updated bool) error {
		want := map[bool]string{false: "Ada", true: "Augusta"}[updated]
		if c["email"] != "fault@example.com" || c["first_name"] != want {
			return fmt.Errorf("MailDiver holds %v, want %s <fault@example.com>", c, want)
		}
		return nil
	},
}

// A lost create answer must not take over someone else's contact that has the same key: the lookup
// finds it, sees it is not the one the create made, and the apply fails as "already exists" would.
func TestAccMailDiverContact_lostCreateAnswerDoesNotTakeOver(t *testing.T) {
	acctest.RunNoTakeover(t, faultFixture, func(t *testing.T, m *acctest.Mock) string {
		code, body := m.VendorRequest(t, http.MethodPost, "/maildiver/v1/audiences/"+acctest.MailDiverAudienceID+"/contacts",
			http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, map[string]any{"email": "fault@example.com", "first_name": "Owner"})
		return seededID(t, code, body)
	}, regexp.MustCompile(`(?s)MailDiver\s+contact\s+already\s+exists.*not\s+the\s+one\s+this\s+create\s+made.*terraform\s+import`))
}

// seededID reads the id of a contact created straight at the mock.
func seededID(t *testing.T, code int, body []byte) string {
	t.Helper()
	if code >= 300 {
		t.Fatalf("seeding a contact: %d %s", code, body)
	}
	m := regexp.MustCompile(`"id"\s*:\s*"?([0-9a-f-]+)"?`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no id in %s", body)
	}
	return string(m[1])
}

// A create recorded without an id (its outcome could not be learned) and then destroyed without a
// refresh (terraform destroy -refresh=false): the destroy finds what the create made and deletes it.
func TestMailDiverContact_destroyPendingCreate(t *testing.T) {
	acctest.RunPendingDestroy(t, interruptFixture, http.MethodGet, 4, false)
}
