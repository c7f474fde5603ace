package maildiver_test

import (
	"fmt"
	"net/http"
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
	acctest.RunFaultTable(t, acctest.VendorFixture{
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
	}, cases)
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
