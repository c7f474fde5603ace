package revyops_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// The data source finds a contact by email (letter case ignored) or by id, with every custom field,
// including those no configuration manages.
func TestAccRevyOpsContactDataSource_byEmailAndByID(t *testing.T) {
	m := acctest.NewMock(t)
	config := providerConfig(m) + `
resource "contacts_revyops_contact" "test" {
  email          = "lookup@example.com"
  first_name     = "Look"
  company_domain = "acme.com"
  custom_fields  = { tier = "gold" }
}

data "contacts_revyops_contact" "by_email" {
  email = upper(contacts_revyops_contact.test.email)
}

data "contacts_revyops_contact" "by_id" {
  id = contacts_revyops_contact.test.id
}
`
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := m.PatchContact("revyops", id, map[string]any{"custom_fields": map[string]any{"source": "webinar"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.contacts_revyops_contact.by_email", tfjsonpath.New("id"),
						addr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.contacts_revyops_contact.by_email", tfjsonpath.New("first_name"), knownvalue.StringExact("Look")),
					statecheck.ExpectKnownValue("data.contacts_revyops_contact.by_email", tfjsonpath.New("company_id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.contacts_revyops_contact.by_id", tfjsonpath.New("email"), knownvalue.StringExact("lookup@example.com")),
					statecheck.ExpectKnownValue("data.contacts_revyops_contact.by_id", tfjsonpath.New("last_name"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.contacts_revyops_contact.by_id", tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("gold"), "source": knownvalue.StringExact("webinar"),
					})),
				},
			},
		},
	})
}

func TestAccRevyOpsContactDataSource_errors(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(m) + `data "contacts_revyops_contact" "none" { email = "nobody@example.com" }`,
				ExpectError: errorMatching("RevyOps contact not found", "no contact with email nobody@example.com"),
			},
			{
				Config:      providerConfig(m) + `data "contacts_revyops_contact" "none" { id = "999999" }`,
				ExpectError: errorMatching("RevyOps contact not found", "no contact with id 999999"),
			},
			{
				Config:      providerConfig(m) + `data "contacts_revyops_contact" "bad" { id = "abc" }`,
				ExpectError: errorMatching("must be a RevyOps contact id"),
			},
			{
				Config: providerConfig(m) + `
data "contacts_revyops_contact" "both" {
  email = "a@example.com"
  id    = "1"
}`,
				ExpectError: errorMatching("Exactly one of these attributes must be configured: [id,email]"),
			},
		},
	})
}
