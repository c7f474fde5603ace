package corporatemerch_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with Corporate Merch's store and the state in agreement, and a
// lost create answer never makes a second contact with the same email (Corporate Merch would accept
// one).
func TestAccCorporateMerchContact_faults(t *testing.T) {
	post := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodPost; return c }
	get := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodGet; return c }
	s500, drop := mockapi.CannedFailure{Status: http.StatusInternalServerError}, mockapi.CannedFailure{Drop: true}
	acctest.RunFaultTable(t, acctest.VendorFixture{
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
	}, []acctest.FaultCase{
		{Name: "500 on create", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(s500)}},
		{Name: "lost create answer", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(drop)}},
		{Name: "lost create answer and 500 on the lookup", Phase: acctest.PhaseCreate,
			Queue: []mockapi.CannedFailure{post(drop), get(s500)}},
		{Name: "lost create answer and a lookup that keeps failing", Phase: acctest.PhaseCreate,
			Queue:       []mockapi.CannedFailure{post(drop), get(s500), get(s500), get(s500), get(s500)},
			ExpectError: regexp.MustCompile(`(?s)was\s+created\s+is\s+unknown.*next\s+plan\s+or\s+apply\s+looks.*terraform\s+import.*email:dora@example\.com`)},
		{Name: "500 on refresh", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(s500)}},
		{Name: "lost refresh answer", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(drop)}},
		{Name: "500 on update", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPut, Status: 500}}},
		{Name: "lost update answer", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPut, Drop: true}}},
		{Name: "500 on delete", Phase: acctest.PhaseDelete, Queue: []mockapi.CannedFailure{{Method: http.MethodDelete, Status: 500}}},
		{Name: "lost delete answer", Phase: acctest.PhaseDelete, Queue: []mockapi.CannedFailure{{Method: http.MethodDelete, Drop: true}}},
	})
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestCorporateMerchContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, acctest.InterruptFixture{
		Vendor: "corporatemerch",
		Type:   "contacts_corporatemerch_contact",
		Provider: func(m *acctest.Mock) acctest.Values {
			return acctest.Values{"max_retries": 3, "corporatemerch": acctest.Values{
				"api_token": acctest.APIKey, "base_url": baseURL(m), "requests_per_minute": 0}}
		},
		Resource: acctest.Values{"first_name": "Ada", "last_name": "Lovelace", "email": "ctrl-c@example.com", "country": "US",
			"address": "1 Main St", "city": "Springfield", "state": "IL", "postal_code": "62701", "contact_type": "employee"},
	})
}
