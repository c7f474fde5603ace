package bland_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Issue 9, kind 2: replacing a Bland contact (a tainted resource, as terraform apply -replace does)
// used to fail with "Bland contact already exists" after the destroy had dropped it from the state.
// Bland cannot delete, so the create takes back the very contact the destroy let go: same id, one
// contact, the configuration applied, and the next plan empty.
func TestAccBlandContact_replacementTakesTheContactBack(t *testing.T) {
	m := acctest.NewMock(t)
	var first, second string
	cfg := func(name string) string {
		return contactConfig(m, fmt.Sprintf(`
  phone_number = "+14155550192"
  email        = "replace@example.com"
  name         = %q
`, name))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg("Ada"), Check: captureID(&first)},
			{
				Taint:  []string{addr},
				Config: cfg("Ada King"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Ada King")),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&second), func(*terraform.State) error {
					if second != first {
						return fmt.Errorf("the replacement recorded contact %s, want the same contact %s", second, first)
					}
					cs := m.Contacts("bland")
					if len(cs) != 1 || cs[0]["name"] != "Ada King" {
						return fmt.Errorf("Bland holds %v, want one contact named Ada King", cs)
					}
					return nil
				}),
			},
			{Config: cfg("Ada King"), PlanOnly: true},
		},
	})
}

// Taking a contact back is only for the contact this run's destroy let go: a contact the state never
// held is still refused (adopt_existing is false), and nothing changes at Bland.
func TestAccBlandContact_replacementDoesNotAdoptStrangers(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  email = "taken@example.com"
  name  = "First"
`),
			},
			{
				// A second resource with the same identifier while the first is still managed.
				Config: contactConfig(m, `
  email = "taken@example.com"
  name  = "First"
`) + `
resource "contacts_bland_contact" "other" {
  email = "taken@example.com"
  name  = "Second"
}
`,
				ExpectError: regexp.MustCompile(`Bland contact already exists`),
			},
		},
	})
}
