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

// identifierRows are edits of one identifier and whether Bland takes the two values for the same one
// (all assumed, as the mock models Bland): phone numbers by meaning (E.164), emails trimmed and
// lower-cased with strings.ToLower, external ids trimmed. Each row is an input that once forced a
// replacement (and a second contact), kept a diff or failed (issue 9), or a neighbour that must still
// plan a change.
var identifierRows = []struct {
	name          string
	attr          string
	first, second string
	stored        string // the identifier as Bland holds it after the first apply
	same          bool
}{
	{"phone in another format", "phone_number", "+14155550192", "+1 415-555-0192", "+14155550192", true},
	{"phone without country code is a US number", "phone_number", "(415) 555-0192", "+14155550192", "+14155550192", true},
	{"phone with a trailing space", "phone_number", "+14155550192 ", "+14155550192", "+14155550192", true},
	{"email dotted capital I lower-cases to i", "email", "İnci@example.com", "inci@example.com", "inci@example.com", true},
	{"email letter case only", "email", "ada@example.com", "ADA@Example.COM", "ada@example.com", true},
	{"email long s is another letter", "email", "ſ@example.com", "s@example.com", "ſ@example.com", false},
	{"external id with a trailing space", "external_id", "crm-1 ", "crm-1", "crm-1", true},
	{"external id changed", "external_id", "crm-1", "crm-2", "crm-1", false},
}

// storedIdentifier checks that the contact holds value as its identifier of type typ.
func storedIdentifier(m *acctest.Mock, id *string, typ, value string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, ok := stored(m, *id)
		if !ok {
			return fmt.Errorf("Bland holds no contact %s", *id)
		}
		list, _ := c["identifiers"].([]any)
		for _, item := range list {
			ident := item.(map[string]any)
			if ident["identifier_type"] == typ && ident["identifier_value"] == value {
				return nil
			}
		}
		return fmt.Errorf("contact %s holds %v, not %s %q", *id, list, typ, value)
	}
}

// An identifier that is the same by Bland's rule plans nothing (no update, no replacement, no second
// contact), never keeps a diff and keeps the configuration's form in state; another value still plans
// an update.
func TestAccBlandContact_identifierNormalization(t *testing.T) {
	for _, tc := range identifierRows {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			var id string
			second := resource.TestStep{
				Config: contactConfig(m, fmt.Sprintf("  %s = %q", tc.attr, tc.second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(storedIdentifier(m, &id, tc.attr, tc.second), m.HoldsContacts("bland", 1)),
			}
			if tc.same {
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
				second.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New(tc.attr), knownvalue.StringExact(tc.first)),
				}
				second.Check = resource.ComposeTestCheckFunc(storedIdentifier(m, &id, tc.attr, tc.stored), m.HoldsContacts("bland", 1))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					{
						Config: contactConfig(m, fmt.Sprintf("  %s = %q", tc.attr, tc.first)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New(tc.attr), knownvalue.StringExact(tc.first)),
						},
						Check: resource.ComposeTestCheckFunc(captureID(&id), storedIdentifier(m, &id, tc.attr, tc.stored)),
					},
					second,
				},
			})
			if n := m.RouteCount(routePatch); tc.same && n != 0 {
				t.Fatalf("a change to the same identifier sent %d PATCH requests", n)
			}
			if n := m.RouteCount(routeResolve); n != 1 {
				t.Fatalf("%d resolve requests; one contact needs one", n)
			}
		})
	}
}

// Values Bland refuses (as the mock models it) are refused at plan, naming the attribute and the rule,
// and nothing is sent.
func TestAccBlandContact_identifierRefusedAtPlan(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"quoted local part", `  email = "\"ada\"@example.com"`, regexp.MustCompile(`(?s)email must be a valid email address.*plain\s+address`)},
		{"email trailing dot", `  email = "ada@example.com."`, regexp.MustCompile(`(?s)email must be a valid email address`)},
		{"11 digits without +", `  phone_number = "14155550192"`, regexp.MustCompile(`(?s)phone_number must be a phone number.*no country code`)},
		{"phone extension", `  phone_number = "+14155550192 ext. 7"`, regexp.MustCompile(`(?s)phone_number must be a phone number.*extension`)},
		{"blank external id", `  external_id = "  "`, regexp.MustCompile(`(?s)external_id must not be empty or only spaces`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps:                    []resource.TestStep{{Config: contactConfig(m, tc.body), PlanOnly: true, ExpectError: tc.want}},
			})
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock; a failed plan must send none", n)
			}
		})
	}
}
