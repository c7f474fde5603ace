package corporatemerch_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with Corporate Merch's store and the state in agreement, and a
// lost create answer never makes a second contact with the same email (Corporate Merch would accept
// one).
func TestAccCorporateMerchContact_faults(t *testing.T) {
	cases := acctest.StandardFaultCases(acctest.FaultMethods{
		Lookup: http.MethodGet, Update: http.MethodPut, Delete: http.MethodDelete,
		LookupAttempts: 4, // every attempt of the lookup (max_retries 3)
		Email:          "email:dora@example.com",
	})
	acctest.RunFaultTable(t, faultFixture, cases)
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestCorporateMerchContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, interruptFixture)
}

// interruptFixture is the contact the protocol-level tests create.
var interruptFixture = acctest.InterruptFixture{
	Vendor: "corporatemerch",
	Type:   "contacts_corporatemerch_contact",
	Provider: func(m *acctest.Mock) acctest.Values {
		return acctest.Values{"max_retries": 3, "corporatemerch": acctest.Values{
			"api_token": acctest.APIKey, "base_url": baseURL(m), "requests_per_minute": 0}}
	},
	Resource: acctest.Values{"first_name": "Ada", "last_name": "Lovelace", "email": "ctrl-c@example.com", "country": "US",
		"address": "1 Main St", "city": "Springfield", "state": "IL", "postal_code": "62701", "contact_type": "employee"},
}

// An update whose answer is lost after it was applied, and whose every later attempt fails: the
// failed apply records what CorporateMerch holds (the new value), not the value before.
func TestCorporateMerchContact_uncertainUpdate(t *testing.T) {
	acctest.RunUncertainUpdate(t, acctest.UncertainUpdateFixture{
		InterruptFixture: interruptFixture,
		UpdateMethod:     http.MethodPut,
		Attribute:        "first_name",
		StoreField:       "first_name",
		NewValue:         "Augusta",
		MaxRetries:       3,
	})
}

// faultFixture is the contact the fault tables create, update and destroy.
var faultFixture = acctest.VendorFixture{
	Vendor:  "corporatemerch",
	Address: addr,
	Config: func(m *acctest.Mock, body string) string {
		if body == "" {
			return providerConfig(m, "0")
		}
		return contactConfig(m, body)
	},
	Initial: dropped,
	Updated: `
  first_name   = "Dorothy"
  last_name    = "Dropped"
  email        = "dora@example.com"
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"
`,
	CheckStored: func(c map[string]any, updated bool) error {
		want := map[bool]string{false: "Dora", true: "Dorothy"}[updated]
		if c["email"] != "dora@example.com" || c["first_name"] != want {
			return fmt.Errorf("Corporate Merch holds %v, want %s <dora@example.com>", c, want)
		}
		return nil
	},
}

// A create recorded without an id (its outcome could not be learned) and then destroyed without a
// refresh (terraform destroy -refresh=false): the destroy finds what the create made and deletes it.
func TestCorporateMerchContact_destroyPendingCreate(t *testing.T) {
	acctest.RunPendingDestroy(t, interruptFixture, http.MethodGet, 4, false)
}
