package maildiver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with MailDiver's store and the state in agreement.
func TestAccMailDiverContact_faults(t *testing.T) {
	post := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodPost; return c }
	get := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodGet; return c }
	s500, drop := mockapi.CannedFailure{Status: http.StatusInternalServerError}, mockapi.CannedFailure{Drop: true}
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
	}, []acctest.FaultCase{
		{Name: "500 on create", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(s500)}},
		{Name: "lost create answer", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(drop)}},
		{Name: "lost create answer and 500 on the lookup", Phase: acctest.PhaseCreate,
			Queue: []mockapi.CannedFailure{post(drop), get(s500)}},
		{Name: "lost create answer and a lookup that keeps failing", Phase: acctest.PhaseCreate,
			Queue:       []mockapi.CannedFailure{post(drop), get(s500), get(s500), get(s500), get(s500)},
			ExpectError: regexp.MustCompile(`(?s)was\s+created\s+is\s+unknown.*next\s+plan\s+or\s+apply\s+looks.*terraform\s+import.*email:fault@example\.com`)},
		{Name: "500 on refresh", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(s500)}},
		{Name: "lost refresh answer", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(drop)}},
		{Name: "500 on update", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPatch, Status: 500}}},
		{Name: "lost update answer", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPatch, Drop: true}}},
		{Name: "500 on delete", Phase: acctest.PhaseDelete, Queue: []mockapi.CannedFailure{{Method: http.MethodDelete, Status: 500}}},
		{Name: "lost delete answer", Phase: acctest.PhaseDelete, Queue: []mockapi.CannedFailure{{Method: http.MethodDelete, Drop: true}}},
	})
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestMailDiverContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, acctest.InterruptFixture{
		Vendor: "maildiver",
		Type:   "contacts_maildiver_contact",
		Provider: func(m *acctest.Mock) acctest.Values {
			return acctest.Values{"max_retries": 3, "maildiver": acctest.Values{"api_key": acctest.APIKey, "base_url": m.MailDiverBaseURL()}}
		},
		Resource: acctest.Values{"audience_id": acctest.MailDiverAudienceID, "email": "ctrl-c@example.com", "first_name": "Ada"},
	})
}
