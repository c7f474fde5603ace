package bland_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Import by identifier (the forms the unknown-outcome errors give), with the prefix in any case and the
// value in another form that is the same by Bland's rule, round-trips.
func TestAccBlandContact_importByIdentifier(t *testing.T) {
	m := acctest.NewMock(t)
	cfg := contactConfig(m, `
  phone_number = "+14155550177"
  email        = "import@example.com"
  external_id  = "crm-77"
  name         = "Ada"
`)
	step := func(id string) resource.TestStep {
		return resource.TestStep{ResourceName: addr, ImportState: true, ImportStateVerify: true, Config: cfg,
			ImportStateId: id, ImportStateVerifyIgnore: []string{"metadata"}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg},
			step("phone_number:+1 415-555-0177"),
			step("EMAIL:Import@Example.com"),
			step("external_id:crm-77"),
		},
	})
}
