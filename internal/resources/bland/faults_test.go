package bland_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

// Issue 8's failing inputs, one row each: 5xx and lost answers at every phase of a contact's life
// converge in one apply (or plan), with Bland's store and the state in agreement. Bland's create is a
// resolve (find-or-create), sent again after a lost answer; its lookup is the read-only find; it has
// no delete.
func TestAccBlandContact_faults(t *testing.T) {
	post := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodPost; return c }
	get := func(c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = http.MethodGet; return c }
	s500, drop := mockapi.CannedFailure{Status: http.StatusInternalServerError}, mockapi.CannedFailure{Drop: true}
	failing := []mockapi.CannedFailure{post(drop)}
	for range 3 + 4 { // the resolve's other attempts, then every attempt of the find (max_retries 3)
		failing = append(failing, post(s500))
	}
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
	}, []acctest.FaultCase{
		{Name: "500 on create", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(s500)}},
		{Name: "lost create answer", Phase: acctest.PhaseCreate, Queue: []mockapi.CannedFailure{post(drop)}},
		{Name: "lost create answer and 500 on the resend", Phase: acctest.PhaseCreate,
			Queue: []mockapi.CannedFailure{post(drop), post(s500)}},
		{Name: "lost create answer and a lookup that keeps failing", Phase: acctest.PhaseCreate,
			Queue:       failing,
			ExpectError: regexp.MustCompile(`(?s)was\s+created\s+is\s+unknown.*next\s+plan\s+or\s+apply\s+looks.*terraform\s+import.*email:fault@example\.com`)},
		{Name: "500 on refresh", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(s500)}},
		{Name: "lost refresh answer", Phase: acctest.PhaseRefresh, Queue: []mockapi.CannedFailure{get(drop)}},
		{Name: "500 on update", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPatch, Status: 500}}},
		{Name: "lost update answer", Phase: acctest.PhaseUpdate, Queue: []mockapi.CannedFailure{{Method: http.MethodPatch, Drop: true}}},
	})
}

// Ctrl-C during a create: the contact is recorded when it was sent, nothing is sent when it was not.
func TestBlandContact_interruptedCreate(t *testing.T) {
	acctest.RunInterruptTable(t, acctest.InterruptFixture{
		Vendor: "bland",
		Type:   "contacts_bland_contact",
		Provider: func(m *acctest.Mock) acctest.Values {
			return acctest.Values{"max_retries": 3, "bland": acctest.Values{"api_key": acctest.APIKey, "base_url": blandBaseURL(m)}}
		},
		Resource: acctest.Values{"email": "ctrl-c@example.com", "name": "Ada"},
	})
}
