package maildiver_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Import ids as a user may type them: by email (the form the unknown-outcome errors give), with the
// prefix and the audience's UUID in upper case, and by id in upper case.
func TestAccMailDiverContact_importIDForms(t *testing.T) {
	m := acctest.NewMock(t)
	cfg := contactConfig(m, `
  email      = "import@example.com"
  first_name = "Ada"
`)
	step := func(id func(s *terraform.State) string) resource.TestStep {
		return resource.TestStep{
			ResourceName: addr, ImportState: true, ImportStateVerify: true, Config: cfg,
			ImportStateIdFunc: func(s *terraform.State) (string, error) { return id(s), nil },
		}
	}
	upperAudience := strings.ToUpper(acctest.MailDiverAudienceID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg},
			step(func(*terraform.State) string { return acctest.MailDiverAudienceID + "/email:import@example.com" }),
			step(func(*terraform.State) string { return upperAudience + "/EMAIL:Import@Example.com" }),
			step(func(s *terraform.State) string {
				return upperAudience + "/" + strings.ToUpper(s.RootModule().Resources[addr].Primary.ID)
			}),
		},
	})
}
