package revyops_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// sameValueRows are edits of one argument and whether RevyOps takes the two values for the same one.
// RevyOps keeps an email's letter case but compares addresses ignoring it (strings.EqualFold), and
// resolves a company domain trimmed, lower-cased and without a trailing dot (both assumed). Each row is
// an input that once planned a change or was refused although RevyOps accepts it (issue 9), or a
// neighbour that must still plan one.
var sameValueRows = []struct {
	name          string
	attr          string
	first, second string
	stored        string // what RevyOps holds after the first apply (its answer for company_domain: the company id)
	same          bool
}{
	{"email letter case only", "email", "ada@example.com", "ADA@Example.COM", "ada@example.com", true},
	{"email keeps its case, folds long s", "email", "ſam@example.com", "Sam@example.com", "ſam@example.com", true},
	{"email surrounding spaces are trimmed", "email", " ada@example.com\t", "ada@example.com", "ada@example.com", true},
	{"email dotted capital I does not fold to i", "email", "İnci@example.com", "inci@example.com", "İnci@example.com", false},
	{"company domain with spaces, case and a dot", "company_domain", " Acme.COM. ", "acme.com", "1", true},
	{"company domain of another company", "company_domain", "acme.com", "initech.com", "1", false},
}

func argument(attr, value string) string {
	if attr == "email" {
		return fmt.Sprintf("  email = %q", value)
	}
	return fmt.Sprintf("  email = \"ada@example.com\"\n  %s = %q", attr, value)
}

func storedAs(m *acctest.Mock, id *string, attr, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, ok := storedContact(m, *id)
		if !ok {
			return fmt.Errorf("RevyOps holds no contact %s", *id)
		}
		wire := attr
		if attr == "company_domain" {
			wire = "company_id"
		}
		if got := fmt.Sprint(c[wire]); got != want {
			return fmt.Errorf("RevyOps holds %s %q, want %q", wire, got, want)
		}
		return nil
	}
}

// A value that is the same by RevyOps' rule plans nothing, never errors after apply, and keeps the
// configuration's form in state; another value still plans an update.
func TestAccRevyOpsContact_normalization(t *testing.T) {
	for _, tc := range sameValueRows {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			var id string
			second := resource.TestStep{
				Config: contactConfig(m, argument(tc.attr, tc.second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
			}
			if tc.same {
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
				second.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New(tc.attr), knownvalue.StringExact(tc.first)),
				}
				second.Check = storedAs(m, &id, tc.attr, tc.stored)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					{
						Config: contactConfig(m, argument(tc.attr, tc.first)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New(tc.attr), knownvalue.StringExact(tc.first)),
						},
						Check: resource.ComposeTestCheckFunc(captureID(&id), storedAs(m, &id, tc.attr, tc.stored)),
					},
					second,
				},
			})
			if n := m.RouteCount(routePatch); tc.same && n != 0 {
				t.Fatalf("a change to the same value sent %d PATCH requests", n)
			}
		})
	}
}

// Importing a contact whose configured email differs from RevyOps' only by letter case plans a no-op
// import (an import block, by id or by email) and, after terraform import, an empty plan.
func TestAccRevyOpsContact_importWithEquivalentEmail(t *testing.T) {
	m := acctest.NewMock(t)
	id := createOutOfBand(t, m, map[string]any{"email": "Grace@Example.com"})
	cfg := contactConfig(m, `  email = "grace@example.com"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ImportStateKind: resource.ImportBlockWithID},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ImportStatePersist: true},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: "email:GRACE@example.COM", ImportStateKind: resource.ImportBlockWithID},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	if n := m.RouteCount(routePatch); n != 0 {
		t.Fatalf("importing sent %d PATCH requests", n)
	}
}

// A blank custom field name passed the plan and failed at apply with RevyOps' 400 "may not be blank"
// (issue 9); now the plan refuses it, naming the attribute and the rule, and sends nothing.
func TestAccRevyOpsContact_blankCustomFieldNameRefusedAtPlan(t *testing.T) {
	for _, key := range []string{" ", "\\t", "  "} {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			m := acctest.NewMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{{
					Config:      contactConfig(m, fmt.Sprintf("  email = \"ada@example.com\"\n  custom_fields = { \"%s\" = \"gold\" }", key)),
					PlanOnly:    true,
					ExpectError: errorMatching("custom_fields[", "must not be empty or only spaces", "RevyOps refuses a blank field_name"),
				}},
			})
			noRequests(t, m)
		})
	}
}
