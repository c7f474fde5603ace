package acctest

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

// Phase is the part of a resource's life a fault case disturbs.
type Phase int

// The phases of a fault case, in the order every case runs them.
const (
	PhaseCreate Phase = iota
	PhaseRefresh
	PhaseUpdate
	PhaseDelete
)

// VendorFixture describes one vendor's contact resource for the shared fault tables.
type VendorFixture struct {
	Vendor  string // the mock's vendor name, e.g. "maildiver"
	Address string // the resource address in Config, e.g. "contacts_maildiver_contact.test"
	// Config is a provider block pointing the vendor at m plus one resource at Address with body.
	Config func(m *Mock, body string) string
	// Initial and Updated are the resource bodies the case creates and then updates to.
	Initial, Updated string
	// CheckStored checks the vendor's copy of the contact against the body last applied.
	CheckStored func(stored map[string]any, updated bool) error
	// KeepsContactOnDestroy: destroying the resource leaves the contact at the vendor (Bland).
	KeepsContactOnDestroy bool
}

// FaultCase is one row of a vendor's fault table: canned answers queued at the mock just before one
// phase. The phase must converge in one apply (or plan, for the refresh) with the vendor's store and
// the state in agreement, and every canned answer must have been used.
type FaultCase struct {
	Name  string
	Phase Phase
	Queue []mockapi.CannedFailure // Vendor is filled in when empty
	// ExpectError, for a create case, is the error the apply must fail with: the outcome could not be
	// learned. The contact must then be at the vendor, and the next apply must converge without a
	// second contact.
	ExpectError *regexp.Regexp
}

// RunFaultTable runs every case against its own mock: create, refresh (a plan that must be empty),
// update and destroy, with the case's answers queued before its phase.
func RunFaultTable(t *testing.T, f VendorFixture, cases []FaultCase) {
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			m := NewMock(t)
			queue := func(p Phase) func() {
				return func() {
					if tc.Phase != p {
						return
					}
					q := make([]mockapi.CannedFailure, len(tc.Queue))
					for i, c := range tc.Queue {
						if c.Vendor == "" {
							c.Vendor = f.Vendor
						}
						q[i] = c
					}
					m.SetFaults(mockapi.Faults{FailNext: q})
				}
			}
			var id string
			create := resource.TestStep{
				PreConfig: queue(PhaseCreate),
				Config:    f.Config(m, f.Initial),
				Check:     resource.ComposeTestCheckFunc(f.storeAgrees(m, &id, false, ""), m.queueUsed()),
			}
			steps := []resource.TestStep{create}
			if tc.ExpectError != nil {
				create.Check = nil
				create.ExpectError = tc.ExpectError
				steps = []resource.TestStep{create, {
					// The contact the lost create made is at the vendor; the failed apply recorded the
					// resource without an id. The next apply looks it up first, and converges with no
					// second contact: it replaces the tainted resource.
					PreConfig: func() {
						if n := len(m.Contacts(f.Vendor)); n != 1 {
							t.Errorf("after the failed create the vendor holds %d contacts, want 1", n)
						}
					},
					Config: f.Config(m, f.Initial),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(f.Address, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					Check: f.storeAgrees(m, &id, false, ""),
				}}
			}
			steps = append(steps,
				resource.TestStep{
					PreConfig: queue(PhaseRefresh),
					Config:    f.Config(m, f.Initial),
					PlanOnly:  true,
				},
				resource.TestStep{
					PreConfig: func() {
						if tc.Phase == PhaseRefresh {
							if err := m.queueUsed()(nil); err != nil {
								t.Error(err)
							}
						}
						queue(PhaseUpdate)()
					},
					Config: f.Config(m, f.Updated),
					Check:  resource.ComposeTestCheckFunc(f.storeAgrees(m, &id, true, id), m.queueUsed()),
				},
				resource.TestStep{
					PreConfig: queue(PhaseDelete),
					Config:    f.Config(m, ""),
					Check:     resource.ComposeTestCheckFunc(f.destroyed(m), m.queueUsed()),
				},
			)
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: Factories(nil), Steps: steps})
		})
	}
}

// storeAgrees checks that the vendor holds exactly one contact, that it is the one in state (and, when
// wantID is set, still that contact), and that it holds the values last applied.
func (f VendorFixture) storeAgrees(m *Mock, id *string, updated bool, wantID string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[f.Address]
		if !ok {
			return fmt.Errorf("%s is not in the state", f.Address)
		}
		cs := m.Contacts(f.Vendor)
		if len(cs) != 1 {
			return fmt.Errorf("the vendor holds %d contacts, want 1 (no duplicate, no orphan)", len(cs))
		}
		if got := fmt.Sprint(cs[0]["id"]); got != rs.Primary.ID {
			return fmt.Errorf("the state holds contact %s, the vendor %s", rs.Primary.ID, got)
		}
		if wantID != "" && rs.Primary.ID != wantID {
			return fmt.Errorf("the contact was replaced: id %s, was %s", rs.Primary.ID, wantID)
		}
		*id = rs.Primary.ID
		return f.CheckStored(cs[0], updated)
	}
}

// destroyed checks that the resource left the state and the vendor (or, for a vendor that cannot
// delete, that the contact is still there, alone).
func (f VendorFixture) destroyed(m *Mock) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if _, ok := s.RootModule().Resources[f.Address]; ok {
			return fmt.Errorf("%s is still in the state", f.Address)
		}
		want := 0
		if f.KeepsContactOnDestroy {
			want = 1
		}
		if n := len(m.Contacts(f.Vendor)); n != want {
			return fmt.Errorf("after destroy the vendor holds %d contacts, want %d", n, want)
		}
		return nil
	}
}

// queueUsed checks that every canned answer was consumed: each fault the case meant to inject was.
func (m *Mock) queueUsed() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := m.Faults().FailNext; len(left) > 0 {
			return fmt.Errorf("%d canned answers were never used: %+v", len(left), left)
		}
		return nil
	}
}

// FaultMethods says which HTTP methods a vendor's resource uses, so that the standard fault cases
// target the right requests.
type FaultMethods struct {
	Lookup string // how a lost create is looked up: GET (a list), or POST (Bland's resolve and find)
	Update string // PATCH or PUT
	Delete string // "" when the vendor has no delete
	// LookupAttempts is how many requests, after the lost create, must fail for the outcome to stay
	// unknown: every attempt of the lookup (and, for Bland, of the resolve sent again first).
	LookupAttempts int
	// Email is the configured email the unknown-outcome error must name.
	Email string
}

// StandardFaultCases are issue 8's failing inputs for one vendor, one row each: a server error or a
// lost answer at every phase of a contact's life, and a lookup that keeps failing after a lost create.
func StandardFaultCases(f FaultMethods) []FaultCase {
	on := func(method string, c mockapi.CannedFailure) mockapi.CannedFailure { c.Method = method; return c }
	s500, drop := mockapi.CannedFailure{Status: http.StatusInternalServerError}, mockapi.CannedFailure{Drop: true}
	failing := []mockapi.CannedFailure{on(http.MethodPost, drop)}
	for range f.LookupAttempts {
		failing = append(failing, on(f.Lookup, s500))
	}
	cases := []FaultCase{
		{Name: "500 on create", Phase: PhaseCreate, Queue: []mockapi.CannedFailure{on(http.MethodPost, s500)}},
		{Name: "lost create answer", Phase: PhaseCreate, Queue: []mockapi.CannedFailure{on(http.MethodPost, drop)}},
		{Name: "lost create answer and 500 on the lookup", Phase: PhaseCreate,
			Queue: []mockapi.CannedFailure{on(http.MethodPost, drop), on(f.Lookup, s500)}},
		{Name: "lost create answer and a lookup that keeps failing", Phase: PhaseCreate, Queue: failing,
			ExpectError: regexp.MustCompile(`(?s)was\s+created\s+is\s+unknown.*next\s+plan\s+or\s+apply\s+looks.*terraform\s+import.*` +
				regexp.QuoteMeta(f.Email))},
		{Name: "500 on refresh", Phase: PhaseRefresh, Queue: []mockapi.CannedFailure{on(http.MethodGet, s500)}},
		{Name: "lost refresh answer", Phase: PhaseRefresh, Queue: []mockapi.CannedFailure{on(http.MethodGet, drop)}},
		{Name: "500 on update", Phase: PhaseUpdate, Queue: []mockapi.CannedFailure{on(f.Update, s500)}},
		{Name: "lost update answer", Phase: PhaseUpdate, Queue: []mockapi.CannedFailure{on(f.Update, drop)}},
	}
	if f.Delete != "" {
		cases = append(cases,
			FaultCase{Name: "500 on delete", Phase: PhaseDelete, Queue: []mockapi.CannedFailure{on(f.Delete, s500)}},
			FaultCase{Name: "lost delete answer", Phase: PhaseDelete, Queue: []mockapi.CannedFailure{on(f.Delete, drop)}},
		)
	}
	return cases
}

// RunNoTakeover seeds someone else's contact with the key the configuration uses (seed creates it at
// the vendor and returns its id), then applies the configuration with the create's answer lost. The
// lookup that follows finds that contact, which is not the one the create made: the apply must fail
// with wantErr, leave the contact exactly as it was, and record nothing.
func RunNoTakeover(t *testing.T, f VendorFixture, seed func(t *testing.T, m *Mock) string, wantErr *regexp.Regexp) {
	m := NewMock(t)
	id := seed(t, m)
	before, ok := m.StoredContact(f.Vendor, id)
	if !ok {
		t.Fatalf("the seeded contact %s is not at the vendor", id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: f.Vendor, Method: http.MethodPost, Drop: true}}})
			},
			Config:      f.Config(m, f.Initial),
			ExpectError: wantErr,
		}},
		CheckDestroy: func(s *terraform.State) error {
			if _, ok := s.RootModule().Resources[f.Address]; ok {
				return fmt.Errorf("%s was recorded in the state", f.Address)
			}
			cs := m.Contacts(f.Vendor)
			if len(cs) != 1 {
				return fmt.Errorf("the vendor holds %d contacts, want only the seeded one", len(cs))
			}
			if after := fmt.Sprint(cs[0]); after != fmt.Sprint(before) {
				return fmt.Errorf("someone else's contact was changed:\nbefore %v\nafter  %v", before, after)
			}
			return nil
		},
	})
}
