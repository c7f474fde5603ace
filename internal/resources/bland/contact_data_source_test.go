package bland_test

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

// The data source finds a contact by id or by any one identifier, with its whole metadata.
func TestAccBlandContactDataSource_lookups(t *testing.T) {
	m := acctest.NewMock(t)
	id := seedContact(t, m, map[string]any{
		"phone_number": "+14155550160", "email": "sarah@example.com", "external_id": "crm-8821", "name": "Sarah Chen",
		"metadata": map[string]any{"source": "inbound_call", "prefs": map[string]any{"sms": true}},
	})
	cfg := providerConfig(m) + fmt.Sprintf(`
data "contacts_bland_contact" "by_id" {
  id = %q
}
data "contacts_bland_contact" "by_phone" {
  phone_number = "+14155550160"
}
data "contacts_bland_contact" "by_email" {
  email = "Sarah@Example.com"
}
data "contacts_bland_contact" "by_external_id" {
  external_id = "crm-8821"
}
`, id)
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.contacts_bland_contact.by_email", tfjsonpath.New("email"), knownvalue.StringExact("Sarah@Example.com")),
		statecheck.ExpectKnownValue("data.contacts_bland_contact.by_id", tfjsonpath.New("email"), knownvalue.StringExact("sarah@example.com")),
		statecheck.ExpectKnownValue("data.contacts_bland_contact.by_id", tfjsonpath.New("identifiers"), knownvalue.ListSizeExact(3)),
	}
	for _, ds := range []string{"by_id", "by_phone", "by_email", "by_external_id"} {
		a := "data.contacts_bland_contact." + ds
		checks = append(checks,
			statecheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact("Sarah Chen")),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("phone_number"), knownvalue.StringExact("+14155550160")),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("external_id"), knownvalue.StringExact("crm-8821")),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("metadata"), knownvalue.StringExact(`{"prefs":{"sms":true},"source":"inbound_call"}`)),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps:                    []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}},
	})
	if n := m.RouteCount(routeFind); n < 3 {
		t.Fatalf("find sent %d times, want at least 3 (phone, email, external id)", n)
	}
}

// No match is a clear error naming what was looked for; the lookup needs exactly one key.
func TestAccBlandContactDataSource_errors(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: providerConfig(m) + `
data "contacts_bland_contact" "x" {
  email = "nobody@example.com"
}`,
				ExpectError: regexp.MustCompile(`(?s)Bland contact not found.*Bland has no contact with email nobody@example.com`),
			},
			{
				Config: providerConfig(m) + `
data "contacts_bland_contact" "x" {
  id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}`,
				ExpectError: regexp.MustCompile(`(?s)Bland has no contact with id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`),
			},
			{
				Config: providerConfig(m) + `
data "contacts_bland_contact" "x" {
  email        = "a@example.com"
  phone_number = "+1"
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
		},
	})
}
