package corporatemerch_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// The data source reads a contact by id with the same values the resource holds.
func TestAccCorporateMerchContactDataSource_byID(t *testing.T) {
	m := acctest.NewMock(t)
	const ds = "data.contacts_corporatemerch_contact.by_id"
	same := func(attr string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(addr, tfjsonpath.New(attr), ds, tfjsonpath.New(attr), compare.ValuesSame())
	}
	var checks []statecheck.StateCheck
	for _, a := range []string{"id", "email", "first_name", "phone", "birthday", "country", "address", "address2", "state",
		"postal_code", "job_title", "contact_type", "anniversary_date", "address_force_accepted", "lists", "labels"} {
		checks = append(checks, same(a))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, employee) + `
data "contacts_corporatemerch_contact" "by_id" {
  id = contacts_corporatemerch_contact.test.id
}
`,
				ConfigStateChecks: checks,
			},
			{
				Config: providerConfig(m, "0") + `
data "contacts_corporatemerch_contact" "missing" {
  id = "999999"
}
`,
				ExpectError: errorLike(`Corporate Merch has no contact with id 999999`),
			},
			{
				Config: providerConfig(m, "0") + `
data "contacts_corporatemerch_contact" "bad" {
  id = "ada@example.com"
}
`,
				PlanOnly:    true,
				ExpectError: errorLike(`id must be a Corporate Merch contact id, a positive whole number`),
			},
			{
				// Nothing left that cannot be read, so the test's destroy succeeds.
				Config: providerConfig(m, "0"),
			},
		},
		CheckDestroy: noContactsLeft(m),
	})
}
