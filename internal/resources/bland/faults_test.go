package bland_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with Bland's store and the state in agreement. Bland's create is a
// resolve (find-or-create), sent again after a lost answer; its lookup is the read-only find; it has
// no delete.
func TestAccBlandContact_faults(t *testing.T) {
	cases := acctest.StandardFaultCases(acctest.FaultMethods{
		Lookup: http.MethodPost, Update: http.MethodPatch, Delete: "",
		LookupAttempts: 7, // the resolve's other attempts (max_retries 3), then every attempt of the find
		Email:          "email:fault@example.com",
	})
	acctest.RunFaultTable(t, faultFixture, cases)
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestBlandContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, interruptFixture)
}

// interruptFixture is the contact the protocol-level tests create.
var interruptFixture = acctest.InterruptFixture{
	Vendor: "bland",
	Type:   "contacts_bland_contact",
	Provider: func(m *acctest.Mock) acctest.Values {
		return acctest.Values{"max_retries": 3, "bland": acctest.Values{"api_key": acctest.APIKey, "base_url": blandBaseURL(m)}}
	},
	Resource: acctest.Values{"email": "ctrl-c@example.com", "name": "Ada"},
}

// An update whose answer is lost after it was applied, and whose every later attempt fails: the
// failed apply records what Bland holds (the new value), not the value before.
func TestBlandContact_uncertainUpdate(t *testing.T) {
	acctest.RunUncertainUpdate(t, acctest.UncertainUpdateFixture{
		InterruptFixture: interruptFixture,
		UpdateMethod:     http.MethodPatch,
		Attribute:        "name",
		StoreField:       "name",
		NewValue:         "Augusta",
		MaxRetries:       3,
	})
}

// faultFixture is the contact the fault tables create, update and destroy.
var faultFixture = acctest.VendorFixture{
	Vendor:  "bland",
	Address: addr,
	Config: func(m *acctest.Mock, body string) string {
		if body == "" {
			return providerConfig(m)
		}
		return contactConfig(m, body)
	},
	Initial: `
  email = "fault@example.com"
  name  = "Ada"
`,
	Updated: `
  email = "fault@example.com"
  name  = "Augusta"
`,
	CheckStored: func(c map[string]any, updated bool) error {
		want := map[bool]string{false: "Ada", true: "Augusta"}[updated]
		if c["name"] != want {
			return fmt.Errorf("Bland holds %v, want name %s", c, want)
		}
		return nil
	},
	KeepsContactOnDestroy: true,
}

// A lost create answer must not take over someone else's contact that has the same key: the lookup
// finds it, sees it is not the one the create made, and the apply fails as "already exists" would.
func TestAccBlandContact_lostCreateAnswerDoesNotTakeOver(t *testing.T) {
	acctest.RunNoTakeover(t, faultFixture, func(t *testing.T, m *acctest.Mock) string {
		code, body := m.VendorRequest(t, http.MethodPost, "/bland/v1/contacts/resolve",
			http.Header{"Authorization": {acctest.APIKey}}, map[string]any{"email": "fault@example.com", "name": "Someone Else"})
		return seededID(t, code, body)
	}, regexp.MustCompile(`(?s)Bland\s+contact\s+already\s+exists.*terraform\s+import`))
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
func TestBlandContact_destroyPendingCreate(t *testing.T) {
	acctest.RunPendingDestroy(t, interruptFixture, http.MethodPost, 7, true)
}
