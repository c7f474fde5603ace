package corporatemerch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// emailRows are email edits and whether Corporate Merch takes the two addresses for the same one: it
// stores addresses trimmed and lower-cased with strings.ToLower (assumed). Each row is an input that
// once errored after apply (and tainted the contact), sent a full PUT for nothing or was refused
// although Corporate Merch accepts it (issue 9), or a neighbour that must still plan a change.
var emailRows = []struct {
	name          string
	first, second string
	stored        string // what Corporate Merch holds after the first apply
	same          bool
}{
	{"dotted capital I lower-cases to i", "İnci@example.com", "inci@example.com", "inci@example.com", true},
	{"letter case only", "ada@example.com", "ADA@Example.COM", "ada@example.com", true},
	{"surrounding spaces are trimmed", " ada@example.com ", "ada@example.com", "ada@example.com", true},
	{"long s is another letter", "ſ@example.com", "s@example.com", "ſ@example.com", false},
}

// withEmail is the employee of contact_resource_test.go with another email.
func withEmail(email string) string {
	return strings.Replace(employee, `"ada@example.com"`, fmt.Sprintf("%q", email), 1)
}

func storedEmail(m *acctest.Mock, id *string, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, ok := stored(m, *id)
		if !ok {
			return fmt.Errorf("Corporate Merch holds no contact %s", *id)
		}
		if c["email"] != want {
			return fmt.Errorf("Corporate Merch holds email %q, want %q", c["email"], want)
		}
		return nil
	}
}

// An email that is the same by Corporate Merch's rule plans nothing (no PUT), never errors after apply
// and keeps the configuration's form in state; another address still plans an update.
func TestAccCorporateMerchContact_emailNormalization(t *testing.T) {
	for _, tc := range emailRows {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			var id string
			second := resource.TestStep{
				Config: contactConfig(m, withEmail(tc.second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: storedEmail(m, &id, tc.second),
			}
			if tc.same {
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
				second.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(tc.first)),
				}
				second.Check = storedEmail(m, &id, tc.stored)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					{
						Config: contactConfig(m, withEmail(tc.first)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(tc.first)),
						},
						Check: resource.ComposeTestCheckFunc(captureID(&id), storedEmail(m, &id, tc.stored)),
					},
					second,
				},
			})
			if n := m.RouteCount(routePut); tc.same && n != 0 {
				t.Fatalf("a change to the same address sent %d PUT requests", n)
			}
		})
	}
}

// Importing a contact whose configured email differs from Corporate Merch's only by letter case plans
// a no-op import (an import block) and, after terraform import, an empty plan.
func TestAccCorporateMerchContact_importWithEquivalentEmail(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: contactConfig(m, withEmail("ada@example.com")), Check: captureID(&id)},
			{
				Config: contactConfig(m, withEmail("ADA@Example.COM")), ResourceName: addr, ImportState: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
				ImportStateKind:   resource.ImportBlockWithID,
			},
		},
	})
	if n := m.RouteCount(routePut); n != 0 {
		t.Fatalf("importing sent %d PUT requests", n)
	}
}
