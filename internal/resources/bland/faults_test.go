package bland_test

import (
	"fmt"
	"net/http"
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
	acctest.RunFaultTable(t, acctest.VendorFixture{
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
	}, cases)
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
