package acctest

import (
	"fmt"
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
