package revyops_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`)

// importIgnore: after an import nothing says which custom fields the configuration manages, nor which
// domain the company was given by, so those two start empty (documented on the resource).
var importIgnore = []string{"custom_fields.", "company_domain"}

func TestAccRevyOpsContact_lifecycle(t *testing.T) {
	m := acctest.NewMock(t)
	var id, firstID string
	created := `
  email          = "ada@example.com"
  first_name     = "Ada"
  last_name      = "Lovelace"
  linkedin_url   = "https://www.linkedin.com/in/ada"
  origin         = "conference"
  contact_status = "new"
  company_id     = 1
  custom_fields  = { tier = "gold" }
`
	updated := `
  email          = "ada@example.com"
  first_name     = "Ada"
  last_name      = "King"
  origin         = "conference"
  contact_status = "engaged"
  company_id     = 2
  custom_fields  = { tier = "gold" }
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, created),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("contact_status"), knownvalue.StringExact("new")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("previous_status"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_reply_received"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("gold"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_time"), knownvalue.StringRegexp(timestamp)),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&firstID), func(*terraform.State) error {
					c, ok := storedContact(m, firstID)
					if !ok || c["first_name"] != "Ada" || c["linkedin_url"] != "https://www.linkedin.com/in/ada" || c["company_id"] != int64(1) {
						return fmt.Errorf("mock holds %v", c)
					}
					return nil
				}),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           "email:ADA@example.com",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
			{
				// Update in place with one PATCH: a removed linkedin_url is cleared, the new status
				// records the previous one, and the contact keeps its id.
				PreConfig: func() {
					if n := m.RouteCount(routePatch); n != 0 {
						t.Errorf("PATCH sent %d times before any update", n)
					}
				},
				Config: contactConfig(m, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("previous_status")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_reply_received"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("King")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("linkedin_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("previous_status"), knownvalue.StringExact("new")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status_changed_at"), knownvalue.StringRegexp(timestamp)),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id != firstID {
						return fmt.Errorf("update replaced the contact: id %s, was %s", id, firstID)
					}
					if n := m.RouteCount(routePatch); n != 1 {
						return fmt.Errorf("PATCH sent %d times, want 1", n)
					}
					c, _ := storedContact(m, id)
					if c["last_name"] != "King" || c["linkedin_url"] != "" || c["contact_status"] != "engaged" || c["company_id"] != int64(2) {
						return fmt.Errorf("mock holds %v after update", c)
					}
					return nil
				}),
			},
			{
				// A managed value changed elsewhere shows as drift and the apply puts it back.
				PreConfig: func() {
					if err := m.PatchContact("revyops", id, map[string]any{"first_name": "Changed Elsewhere"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Ada")),
				}},
				Check: func(*terraform.State) error {
					if c, _ := storedContact(m, id); c["first_name"] != "Ada" {
						return fmt.Errorf("drift not corrected: mock holds %v", c)
					}
					return nil
				},
			},
			{
				// A contact deleted outside Terraform is planned for creation again.
				PreConfig: func() {
					if err := m.DeleteContact("revyops", id); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id == firstID {
						return fmt.Errorf("expected a new contact id after re-creation")
					}
					if _, ok := storedContact(m, id); !ok {
						return fmt.Errorf("re-created contact %s not at the mock", id)
					}
					return nil
				}),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if left := m.Contacts("revyops"); len(left) != 0 {
				return fmt.Errorf("%d contacts left at the mock after destroy: %v", len(left), left)
			}
			if m.RouteCount(routeDelete) == 0 {
				return fmt.Errorf("destroy did not call %s", routeDelete)
			}
			return nil
		},
	})
}

// Creating a contact whose email another contact has fails naming the email, the contact and the
// import command, and changes nothing at RevyOps; the same goes for a LinkedIn URL. An update to a
// taken email fails the same way and leaves the state as it was.
func TestAccRevyOpsContact_conflicts(t *testing.T) {
	m := acctest.NewMock(t)
	existing := createOutOfBand(t, m, map[string]any{"email": "taken@example.com", "first_name": "Original",
		"linkedin_url": "https://www.linkedin.com/in/taken"})
	pair := func(secondEmail string) string {
		return providerConfig(m) + fmt.Sprintf(`
resource "contacts_revyops_contact" "first" {
  email = "first@example.com"
}

resource "contacts_revyops_contact" "second" {
  email      = %q
  first_name = "Second"
}
`, secondEmail)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  email      = "Taken@example.com"
  first_name = "Other"
`),
				ExpectError: errorMatching("Contact "+existing+" already has the email Taken@example.com",
					"terraform import contacts_revyops_contact.<name> "+existing,
					"terraform import contacts_revyops_contact.<name> email:Taken@example.com"),
			},
			{
				Config: contactConfig(m, `
  email        = "new@example.com"
  linkedin_url = "https://www.linkedin.com/in/taken/"
`),
				ExpectError: errorMatching("409", "already has the LinkedIn URL https://www.linkedin.com/in/taken/"),
			},
			{Config: pair("second@example.com")},
			{
				Config:      pair("first@example.com"),
				ExpectError: errorMatching("409", "already has the email first@example.com; nothing was changed"),
			},
			{
				// The failed update left the state as it was: the original configuration plans nothing.
				Config: pair("second@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
	c, _ := storedContact(m, existing)
	if c["first_name"] != "Original" || len(m.Contacts("revyops")) != 1 {
		t.Fatalf("the refused creates changed RevyOps: %v (%d contacts)", c, len(m.Contacts("revyops")))
	}
	if got := m.Stats().ByStatus["409"]; got != 3 {
		t.Fatalf("the mock answered 409 %d times, want 3 (a 409 is not retried)", got)
	}
}

// A company given by domain is resolved once: no diff afterwards, a new domain plans an unknown
// company_id, and a company changed elsewhere is put back by sending the domain again.
func TestAccRevyOpsContact_companyByDomain(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	byDomain := func(domain string) string {
		return contactConfig(m, fmt.Sprintf(`
  email          = "co@example.com"
  company_domain = %q
`, domain))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: byDomain("acme.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectUnknownValue(addr, tfjsonpath.New("company_id"))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_domain"), knownvalue.StringExact("acme.com")),
				},
				Check: captureID(&id),
			},
			{
				// An unrelated change keeps the resolved company in the plan.
				Config: contactConfig(m, `
  email          = "co@example.com"
  company_domain = "acme.com"
  first_name     = "Co"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(1)),
				}},
			},
			{
				Config: byDomain("initech.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("company_id")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(2)),
				},
			},
			{
				PreConfig: func() {
					if err := m.PatchContact("revyops", id, map[string]any{"company_id": 1}); err != nil {
						t.Fatal(err)
					}
				},
				Config: byDomain("initech.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("company_domain"), knownvalue.StringExact("initech.com")),
				}},
				Check: func(*terraform.State) error {
					if c, _ := storedContact(m, id); c["company_id"] != int64(2) {
						return fmt.Errorf("company not put back: mock holds %v", c["company_id"])
					}
					return nil
				},
			},
			{
				// With neither argument the company is not managed: nothing is sent, RevyOps' value stays.
				Config: contactConfig(m, `  email = "co@example.com"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_domain"), knownvalue.Null()),
				},
			},
		},
	})
}

// RevyOps' company errors reach the user with the attribute and the server's reason.
func TestAccRevyOpsContact_companyErrors(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  email          = "co@example.com"
  company_domain = "globex.com"
`),
				ExpectError: errorMatching("company_domain", "401: the company does not belong to this client"),
			},
			{
				Config: contactConfig(m, `
  email      = "co@example.com"
  company_id = 3
`),
				ExpectError: errorMatching("company_id", "401: the company does not belong to this client"),
			},
			{
				Config: contactConfig(m, `
  email          = "co@example.com"
  company_domain = "nowhere.example"
`),
				ExpectError: errorMatching(`400: RevyOps rejected the data: company_id: No company with domain "nowhere.example"`),
			},
		},
	})
	if n := len(m.Contacts("revyops")); n != 0 {
		t.Fatalf("%d contacts created by refused requests", n)
	}
}

// Only the custom fields the configuration names are managed: fields set elsewhere never plan a
// change, a managed field changed elsewhere is put back, and a field removed from the configuration is
// cleared while the others stay.
func TestAccRevyOpsContact_customFields(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	both := contactConfig(m, `
  email         = "cf@example.com"
  custom_fields = { tier = "gold", region = "emea" }
`)
	tierOnly := contactConfig(m, `
  email         = "cf@example.com"
  custom_fields = { tier = "platinum" }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: both,
				Check:  captureID(&id),
			},
			{
				PreConfig: func() {
					if err := m.PatchContact("revyops", id, map[string]any{"custom_fields": map[string]any{"source": "webinar"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           both,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("gold"), "region": knownvalue.StringExact("emea"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("gold"), "region": knownvalue.StringExact("emea"), "source": knownvalue.StringExact("webinar"),
					})),
				},
			},
			{
				Config: tierOnly,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("platinum"), "source": knownvalue.StringExact("webinar"),
					})),
				},
				Check: func(*terraform.State) error {
					c, _ := storedContact(m, id)
					if got := storedFields(c); len(got) != 2 || got["tier"] != "platinum" || got["source"] != "webinar" {
						return fmt.Errorf("mock holds custom fields %v, want tier=platinum and source=webinar (region cleared)", got)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					if err := m.PatchContact("revyops", id, map[string]any{"custom_fields": map[string]any{"tier": "bronze", "source": "ads"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: tierOnly,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("platinum"),
					})),
				}},
				Check: func(*terraform.State) error {
					c, _ := storedContact(m, id)
					if got := storedFields(c); got["tier"] != "platinum" || got["source"] != "ads" {
						return fmt.Errorf("mock holds custom fields %v, want tier put back and source left alone", got)
					}
					return nil
				},
			},
		},
	})
}

// Bad values fail at plan, naming the attribute and the rule, with no request sent.
func TestAccRevyOpsContact_planTimeValidation(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"2501 character custom field", fmt.Sprintf("  email = \"ada@example.com\"\n  custom_fields = { notes = %q }", strings.Repeat("é", 2501)),
			errorMatching(`custom_fields["notes"] UTF-8 character count must be at most 2500, got: 2501`)},
		{"malformed email", `  email = "ada.example.com"`, errorMatching("email", "must be a valid email address")},
		{"null custom field", "  email = \"ada@example.com\"\n  custom_fields = { notes = null }", regexp.MustCompile(`(?s)custom_fields.*null`)},
		{"empty custom field name", "  email = \"ada@example.com\"\n  custom_fields = { \"\" = \"x\" }", regexp.MustCompile(`(?s)custom_fields\[""\] must not be empty or only spaces.*RevyOps refuses a\s+blank field_name`)},
		{"company by id and by domain", "  email = \"ada@example.com\"\n  company_id = 1\n  company_domain = \"acme.com\"",
			regexp.MustCompile(`(?s)(company_id|company_domain).*cannot be specified when`)},
		{"domain with a scheme", "  email = \"ada@example.com\"\n  company_domain = \"https://acme.com\"",
			regexp.MustCompile(`(?s)company_domain.*must be a domain name`)},
		{"empty first name", "  email = \"ada@example.com\"\n  first_name = \"\"", regexp.MustCompile(`(?s)first_name.*at least 1`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{{
					Config:      contactConfig(m, tc.body),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			noRequests(t, m)
		})
	}
}

// A contact that exists already can be imported by its email and then managed without a diff; an
// email no contact has is a clear error.
func TestAccRevyOpsContact_importByEmail(t *testing.T) {
	m := acctest.NewMock(t)
	existing := createOutOfBand(t, m, map[string]any{"email": "pre@example.com", "first_name": "Pre", "company_id": "acme.com",
		"contact_custom_fields": []any{map[string]any{"field_name": "tier", "field_value": "gold"}}})
	config := contactConfig(m, `
  email         = "pre@example.com"
  first_name    = "Pre"
  company_id    = 1
  custom_fields = { tier = "gold" }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config:        config,
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "email:nobody@example.com",
				ExpectError:   errorMatching("RevyOps has no contact with email nobody@example.com"),
			},
			{
				Config:             config,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      "email:Pre@Example.com",
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != existing || states[0].Attributes["custom_fields_all.tier"] != "gold" {
						return fmt.Errorf("imported %v, want contact %s", states, existing)
					}
					return nil
				},
			},
			{
				// The custom field becomes managed: the plan names it, and applying it changes nothing.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(existing)),
				},
			},
		},
	})
	if n := m.RouteCount(routeCreate); n != 1 {
		t.Fatalf("create sent %d times, want only the out-of-band one", n)
	}
}

// When the answer to a create is lost after RevyOps committed it, the provider does not send the
// create again (no duplicate) and adopts the contact it finds by email.
func TestAccRevyOpsContact_lostCreateAnswerAdoptsWithoutDuplicate(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "revyops", Drop: true}}})
			},
			Config: contactConfig(m, `
  email         = "dropped@example.com"
  first_name    = "Dropped"
  custom_fields = { tier = "gold" }
`),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "first_name", "Dropped"),
				resource.TestCheckResourceAttr(addr, "custom_fields.tier", "gold"),
				func(s *terraform.State) error {
					if n := m.RouteCount(routeCreate); n != 1 {
						return fmt.Errorf("create sent %d times, want exactly 1", n)
					}
					if m.RouteCount(routeList) == 0 {
						return fmt.Errorf("the contact was not looked up by email")
					}
					cs := m.Contacts("revyops")
					if len(cs) != 1 {
						return fmt.Errorf("mock holds %d contacts, want 1", len(cs))
					}
					if got := s.RootModule().Resources[addr].Primary.ID; fmt.Sprint(cs[0]["id"]) != got {
						return fmt.Errorf("state id %s is not the contact the mock created (%v)", got, cs[0]["id"])
					}
					return nil
				}),
		}},
	})
}

// Without credentials the plan fails naming both environment variables and the block, before any request.
func TestAccRevyOpsContact_missingCredentials(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{"REVYOPS_BASE_URL": baseURL(m)}),
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {}

resource "contacts_revyops_contact" "test" {
  email = "ada@example.com"
}`,
			PlanOnly:    true,
			ExpectError: errorMatching("RevyOps credentials are not configured", "REVYOPS_API_KEY or REVYOPS_CLIENT_ID", "revyops block"),
		}},
	})
	noRequests(t, m)
}

// A client id alone, from the environment, authenticates (sent as the client_id query parameter).
func TestAccRevyOpsContact_clientIDFromEnvironment(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{
			"REVYOPS_CLIENT_ID": acctest.APIKey,
			"REVYOPS_BASE_URL":  baseURL(m),
		}),
		Steps: []resource.TestStep{{
			Config: `
resource "contacts_revyops_contact" "test" {
  email = "env@example.com"
}`,
			Check: m.HoldsContacts("revyops", 1),
		}},
	})
}

// Wrong credentials give RevyOps' 403 with a message saying what to set, without retries.
func TestAccRevyOpsContact_wrongCredentials(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  revyops {
    api_key  = "not-the-key"
    base_url = %q
  }
}
resource "contacts_revyops_contact" "test" {
  email = "ada@example.com"
}`, baseURL(m)),
			ExpectError: errorMatching("403: the credentials are missing or invalid (Invalid API key.)", "REVYOPS_API_KEY"),
		}},
	})
	m.RequireAnsweredOnce(t, "403")
}

// 429 and 503 answers are waited out and retried; RevyOps enforces no rate, but a proxy may.
func TestAccRevyOpsContact_retriesRateLimitAndUnavailable(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() { m.QueueRateLimitThenUnavailable("revyops") },
			Config:    contactConfig(m, `  email = "retry@example.com"`),
			Check:     m.RetriedToSuccess("revyops", 1),
		}},
	})
}
