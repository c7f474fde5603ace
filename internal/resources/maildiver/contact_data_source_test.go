package maildiver_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

func TestAccMailDiverContactDataSource_byEmailAndByID(t *testing.T) {
	m := acctest.NewMock(t)
	config := m.ProviderConfig() + fmt.Sprintf(`
resource "contacts_maildiver_contact" "test" {
  audience_id   = %[1]q
  email         = "lookup@example.com"
  first_name    = "Look"
  is_subscribed = false
}

data "contacts_maildiver_contact" "by_email" {
  audience_id = %[1]q
  email       = upper(contacts_maildiver_contact.test.email)
}

data "contacts_maildiver_contact" "by_id" {
  audience_id = %[1]q
  id          = contacts_maildiver_contact.test.id
}
`, acctest.MailDiverAudienceID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.contacts_maildiver_contact.by_email", tfjsonpath.New("id"),
					addr, tfjsonpath.New("id"), compareEqual{}),
				statecheck.ExpectKnownValue("data.contacts_maildiver_contact.by_email", tfjsonpath.New("first_name"), knownvalue.StringExact("Look")),
				statecheck.ExpectKnownValue("data.contacts_maildiver_contact.by_email", tfjsonpath.New("is_subscribed"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.contacts_maildiver_contact.by_id", tfjsonpath.New("email"), knownvalue.StringExact("lookup@example.com")),
				statecheck.ExpectKnownValue("data.contacts_maildiver_contact.by_id", tfjsonpath.New("last_name"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccMailDiverContactDataSource_errors(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: m.ProviderConfig() + fmt.Sprintf(`
data "contacts_maildiver_contact" "none" {
  audience_id = %q
  email       = "nobody@example.com"
}`, acctest.MailDiverAudienceID),
				ExpectError: regexp.MustCompile(`(?s)MailDiver contact not found.*nobody@example.com`),
			},
			{
				Config: m.ProviderConfig() + fmt.Sprintf(`
data "contacts_maildiver_contact" "both" {
  audience_id = %q
  email       = "a@example.com"
  id          = "x"
}`, acctest.MailDiverAudienceID),
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured: \[id,email\]`),
			},
			{
				Config: m.ProviderConfig() + fmt.Sprintf(`
data "contacts_maildiver_contact" "neither" {
  audience_id = %q
}`, acctest.MailDiverAudienceID),
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured: \[id,email\]`),
			},
		},
	})
}
