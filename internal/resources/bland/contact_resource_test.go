package bland_test

import (
	"fmt"
	"regexp"
	"slices"
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

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	isoPattern  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

// primaryIdentifier checks one element of identifiers: every identifier these tests configure is primary.
func primaryIdentifier(typ, value string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"type":    knownvalue.StringExact(typ),
		"value":   knownvalue.StringExact(value),
		"primary": knownvalue.Bool(true),
	})
}

// Create resolves a new contact with everything the configuration sets; an in-place update changes
// name, email and external id with one PATCH and keeps the contact's id; import by id gives the same
// state.
func TestAccBlandContact_createUpdateImport(t *testing.T) {
	m := acctest.NewMock(t)
	var id, firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  phone_number = "+14155550100"
  email        = "ada@example.com"
  name         = "Ada Lovelace"
  metadata     = jsonencode({ tier = "gold", score = 7 })
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("org_id"), knownvalue.StringExact(mockapi.BlandOrgID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("identifiers"), knownvalue.ListExact([]knownvalue.Check{
						primaryIdentifier("phone_number", "+14155550100"),
						primaryIdentifier("email", "ada@example.com"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata_all"), knownvalue.StringExact(`{"score":7,"tier":"gold"}`)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(isoPattern)),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&firstID), func(*terraform.State) error {
					c, ok := stored(m, firstID)
					if !ok || c["name"] != "Ada Lovelace" || storedMetadata(m, firstID) != `{"score":7,"tier":"gold"}` {
						return fmt.Errorf("mock holds %v", c)
					}
					if n, p := m.RouteCount(routeResolve), m.RouteCount(routePatch); n != 1 || p != 0 {
						return fmt.Errorf("create sent %d resolves and %d PATCHes, want 1 and 0", n, p)
					}
					return nil
				}),
			},
			{
				// Which metadata keys a configuration manages lives only in its configuration and state:
				// an import cannot know it, so it leaves metadata unset (see TestAccBlandContact_importThenApply).
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"metadata"},
			},
			{
				Config: contactConfig(m, `
  phone_number = "+14155550100"
  email        = "ada.king@example.com"
  external_id  = "crm-42"
  name         = "Ada King"
  metadata     = jsonencode({ tier = "gold", score = 7 })
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					// metadata does not change, so neither does metadata_all: no "(known after apply)" noise.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("metadata_all"), knownvalue.StringExact(`{"score":7,"tier":"gold"}`)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("identifiers"), knownvalue.ListExact([]knownvalue.Check{
						primaryIdentifier("phone_number", "+14155550100"),
						primaryIdentifier("email", "ada.king@example.com"),
						primaryIdentifier("external_id", "crm-42"),
					})),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id != firstID {
						return fmt.Errorf("update replaced the contact: id %s, was %s", id, firstID)
					}
					if n := m.RouteCount(routePatch); n != 1 {
						return fmt.Errorf("PATCH sent %d times, want 1", n)
					}
					if c, _ := stored(m, id); c["name"] != "Ada King" {
						return fmt.Errorf("mock holds %v after update", c)
					}
					return nil
				}),
			},
		},
	})
}

// A contact Bland already has: the create fails with its id and the import command and changes
// nothing; with adopt_existing = true it is adopted, changing only what the configuration sets.
func TestAccBlandContact_existingContactImportHintOrAdopt(t *testing.T) {
	m := acctest.NewMock(t)
	existing := seedContact(t, m, map[string]any{
		"phone_number": "+14155550111", "external_id": "crm-7", "name": "Grace",
		"metadata": map[string]any{"source": "inbound_call", "tier": "bronze"},
	})
	before, _ := stored(m, existing)
	cfg := func(adopt string) string {
		return contactConfig(m, `
  phone_number = "+14155550111"
  name         = "Grace Hopper"
  metadata     = jsonencode({ tier = "gold" })
`+adopt)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg(""),
				ExpectError: regexp.MustCompile(`(?s)Bland contact already exists.*` + existing +
					`.*terraform import contacts_bland_contact\.<name> ` + existing + `.*adopt_existing = true`),
			},
			{
				PreConfig: func() {
					if after, _ := stored(m, existing); fmt.Sprint(after) != fmt.Sprint(before) {
						t.Fatalf("the failed create changed the existing contact:\n before %v\n after  %v", before, after)
					}
					if n := m.RouteCount(routePatch); n != 0 {
						t.Fatalf("the failed create sent %d PATCH requests", n)
					}
				},
				Config: cfg("  adopt_existing = true\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(existing)),
					// Not set by the configuration: shown from Bland, not managed.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_id"), knownvalue.StringExact("crm-7")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata"), knownvalue.StringExact(`{"tier":"gold"}`)),
				},
				Check: func(*terraform.State) error {
					c, _ := stored(m, existing)
					if c["name"] != "Grace Hopper" {
						return fmt.Errorf("adopting did not set the configured name: %v", c)
					}
					// The key the configuration sets changed; the one it does not set is untouched.
					if got := storedMetadata(m, existing); got != `{"source":"inbound_call","tier":"gold"}` {
						return fmt.Errorf("metadata after adopting: %s", got)
					}
					if got := fmt.Sprint(storedIdentifiers(m, existing)); got != "[phone_number=+14155550111* external_id=crm-7*]" {
						return fmt.Errorf("identifiers after adopting: %s", got)
					}
					if n := len(m.Contacts("bland")); n != 1 {
						return fmt.Errorf("mock holds %d contacts, want 1", n)
					}
					return nil
				},
			},
			{
				// adopt_existing is the provider's own setting: changing it sends nothing to Bland.
				Config: cfg("  adopt_existing = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if n := m.RouteCount(routePatch); n != 1 {
						return fmt.Errorf("PATCH sent %d times in all, want only the adoption's", n)
					}
					return nil
				},
			},
		},
	})
}

// Adopting a contact found by another identifier that lacks the configured phone number fails: Bland
// cannot add a phone number by update.
func TestAccBlandContact_adoptRefusesPhoneItCannotSet(t *testing.T) {
	m := acctest.NewMock(t)
	existing := seedContact(t, m, map[string]any{"email": "ops@example.com", "phone_number": "+14155550122"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: contactConfig(m, `
  phone_number   = "+14155550999"
  email          = "ops@example.com"
  adopt_existing = true
`),
			ExpectError: regexp.MustCompile(`(?s)cannot be adopted.*` + existing + `.*\+14155550122.*not \+14155550999`),
		}},
	})
	if n := m.RouteCount(routePatch); n != 0 {
		t.Fatalf("%d PATCH requests sent", n)
	}
}

// Metadata keys other systems add never show in the plan and an apply never removes them; a managed
// key changed elsewhere is drift and is put back, keeping the other keys.
func TestAccBlandContact_outOfBandMetadataKeys(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	cfg := contactConfig(m, `
  external_id = "crm-100"
  metadata    = jsonencode({ tier = "gold", source = "terraform" })
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := m.PatchContact("bland", id, map[string]any{
						"metadata": map[string]any{"call_count": 3, "last_agent": "support"},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata"), knownvalue.StringExact(`{"source":"terraform","tier":"gold"}`)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata_all"),
						knownvalue.StringExact(`{"call_count":3,"last_agent":"support","source":"terraform","tier":"gold"}`)),
				},
			},
			{
				PreConfig: func() {
					if err := m.PatchContact("bland", id, map[string]any{"metadata": map[string]any{"tier": "silver"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					want := `{"call_count":3,"last_agent":"support","source":"terraform","tier":"gold"}`
					if got := storedMetadata(m, id); got != want {
						return fmt.Errorf("metadata at the mock %s, want %s", got, want)
					}
					return nil
				},
			},
		},
	})
}

// A key removed from the configuration is removed at Bland; removing the argument removes every key it
// managed. Keys written by other systems stay.
func TestAccBlandContact_removedMetadataKeys(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  email    = "meta@example.com"
  metadata = jsonencode({ tier = "gold", source = "terraform", campaign = "spring" })
`),
				Check: captureID(&id),
			},
			{
				PreConfig: func() {
					if err := m.PatchContact("bland", id, map[string]any{"metadata": map[string]any{"call_count": 1}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, `
  email    = "meta@example.com"
  metadata = jsonencode({ tier = "gold", source = "terraform" })
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("metadata_all")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata_all"), knownvalue.StringExact(`{"call_count":1,"source":"terraform","tier":"gold"}`)),
				},
				Check: func(*terraform.State) error {
					if got := storedMetadata(m, id); got != `{"call_count":1,"source":"terraform","tier":"gold"}` {
						return fmt.Errorf("metadata at the mock: %s", got)
					}
					return nil
				},
			},
			{
				Config: contactConfig(m, `  email = "meta@example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := storedMetadata(m, id); got != `{"call_count":1}` {
						return fmt.Errorf("metadata at the mock after removing the argument: %s", got)
					}
					return nil
				},
			},
		},
	})
}

// Metadata is compared by meaning: the same object with other key order and spacing plans nothing.
func TestAccBlandContact_jsonReformattingIsNoDiff(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  external_id = "json-1"
  metadata    = jsonencode({ tier = "gold", prefs = { lang = "en", sms = true }, score = 1.5 })
`),
			},
			{
				Config: contactConfig(m, `
  external_id = "json-1"
  metadata    = <<-EOT
    {
      "score" : 1.5,
      "prefs": { "sms": true,   "lang": "en" },
      "tier":  "gold"
    }
  EOT
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Letter case of an email is the same kind of non-change.
				Config: contactConfig(m, `
  external_id = "json-1"
  email       = "Case@Example.COM"
`),
				ConfigStateChecks: []statecheck.StateCheck{
					// Bland stores it lower-cased; the configuration's spelling stays in state, so no diff follows.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("Case@Example.COM")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata"), knownvalue.Null()),
				},
			},
			{
				Config: contactConfig(m, `
  external_id = "json-1"
  email       = "case@example.com"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
	// Only step 3 writes (it sets the email and removes the metadata keys, in one PATCH).
	if n := m.RouteCount(routePatch); n != 1 {
		t.Fatalf("%d PATCH requests, want 1 (step 3)", n)
	}
}

// A new phone number plans a replacement (Bland cannot change one), which creates a new contact and
// leaves the old one at Bland.
func TestAccBlandContact_phoneChangeReplaces(t *testing.T) {
	m := acctest.NewMock(t)
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  phone_number = "+14155550130"
  name         = "Katherine"
`),
				Check: captureID(&first),
			},
			{
				Config: contactConfig(m, `
  phone_number = "+14155550131"
  name         = "Katherine"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone_number"), knownvalue.StringExact("+14155550131")),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&second), func(*terraform.State) error {
					if second == first {
						return fmt.Errorf("the contact was not replaced")
					}
					if got := fmt.Sprint(storedIdentifiers(m, first)); got != "[phone_number=+14155550130*]" {
						return fmt.Errorf("old contact at the mock: %s", got)
					}
					if got := fmt.Sprint(storedIdentifiers(m, second)); got != "[phone_number=+14155550131*]" {
						return fmt.Errorf("new contact at the mock: %s", got)
					}
					return nil
				}),
			},
		},
	})
}

// A new phone number with an email the old contact keeps cannot make a distinct contact (Bland would
// resolve the email to the old one): the plan fails, and the old contact is not forgotten.
func TestAccBlandContact_phoneChangeKeepingEmailFailsAtPlan(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  phone_number = "+14155550140"
  email        = "dorothy@example.com"
`),
			},
			{
				Config: contactConfig(m, `
  phone_number = "+14155550141"
  email        = "Dorothy@example.com"
`),
				ExpectError: regexp.MustCompile(`(?s)cannot change this contact's phone number.*email (?i:dorothy@example.com)`),
			},
		},
	})
	if n := m.RouteCount(routeResolve); n != 1 {
		t.Fatalf("%d resolve requests, want only the first create's", n)
	}
}

// Destroy sends nothing (there is no delete endpoint): the contact stays at Bland.
func TestAccBlandContact_destroyLeavesContactAtBland(t *testing.T) {
	m := acctest.NewMock(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: contactConfig(m, `
  external_id = "keep-me"
  name        = "Kept"
`),
			Check: captureID(&id),
		}},
		CheckDestroy: func(*terraform.State) error {
			c, ok := stored(m, id)
			if !ok || c["name"] != "Kept" {
				return fmt.Errorf("contact %s is no longer at the mock after destroy: %v", id, m.Contacts("bland"))
			}
			if n := m.RouteCount(routeDelete); n != 0 {
				return fmt.Errorf("destroy sent %d DELETE requests", n)
			}
			return nil
		},
	})
}

// After an import no metadata key is managed yet: the first apply writes the configured keys only,
// and keys other systems wrote stay.
func TestAccBlandContact_importThenApply(t *testing.T) {
	m := acctest.NewMock(t)
	existing := seedContact(t, m, map[string]any{"email": "imported@example.com", "name": "Imported",
		"metadata": map[string]any{"tier": "bronze", "call_count": 9}})
	cfg := contactConfig(m, `
  email    = "imported@example.com"
  name     = "Imported"
  metadata = jsonencode({ tier = "gold" })
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      existing,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != existing {
						return fmt.Errorf("imported %v", states)
					}
					if v, ok := states[0].Attributes["metadata"]; ok && v != "" {
						return fmt.Errorf("import set metadata to %q; which keys are managed is not known yet", v)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := storedMetadata(m, existing); got != `{"call_count":9,"tier":"gold"}` {
						return fmt.Errorf("metadata at the mock after the first apply: %s", got)
					}
					return nil
				},
			},
		},
	})
}

// A configuration without any identifier fails at plan, before any request.
func TestAccBlandContact_missingIdentifierFailsAtPlan(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"no identifier", `  name = "Nobody"`,
			regexp.MustCompile(`(?s)At least one of these attributes must be configured:\s+\[phone_number,email,external_id\]`)},
		{"metadata not an object", "  email = \"a@example.com\"\n  metadata = jsonencode([1, 2])",
			regexp.MustCompile(`(?s)metadata must be a JSON object`)},
		{"metadata not JSON", "  email = \"a@example.com\"\n  metadata = \"{tier: gold}\"",
			regexp.MustCompile(`(?s)Invalid JSON String Value`)},
		{"metadata null value", "  email = \"a@example.com\"\n  metadata = jsonencode({ tier = null, a = 1 })",
			regexp.MustCompile(`(?s)metadata sets tier to null`)},
		{"empty phone number", `  phone_number = ""`, regexp.MustCompile(`(?s)phone_number must be a phone number.*is empty`)},
		{"bad email", `  email = "not-an-email"`, regexp.MustCompile(`(?s)email.*must be a valid email address`)},
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
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock; a failed plan must send none", n)
			}
		})
	}
}

// Without credentials the plan fails naming the environment variable and the block, before any request.
func TestAccBlandContact_missingCredentials(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{"BLAND_BASE_URL": blandBaseURL(m)}),
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {}

resource "contacts_bland_contact" "test" {
  email = "ada@example.com"
}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Bland credentials are not configured.*BLAND_API_KEY.*bland block`),
		}},
	})
	if n := m.Requests(); n != 0 {
		t.Fatalf("%d requests reached the mock", n)
	}
}

// Credentials and the base URL can come from the environment alone; a wrong key gives Bland's 401
// with what to set.
func TestAccBlandContact_credentials(t *testing.T) {
	t.Run("from the environment", func(t *testing.T) {
		m := acctest.NewMock(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(map[string]string{"BLAND_API_KEY": acctest.APIKey, "BLAND_BASE_URL": blandBaseURL(m)}),
			Steps: []resource.TestStep{{
				Config: `
resource "contacts_bland_contact" "test" {
  email = "env@example.com"
}`,
				Check: m.HoldsContacts("bland", 1),
			}},
		})
	})
	t.Run("wrong key", func(t *testing.T) {
		m := acctest.NewMock(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(nil),
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf(`
provider "contacts" {
  bland {
    api_key  = "not-the-key"
    base_url = %q
  }
}
resource "contacts_bland_contact" "test" {
  email = "ada@example.com"
}`, blandBaseURL(m)),
				ExpectError: regexp.MustCompile(`(?s)401\s+UNAUTHORIZED.*BLAND_API_KEY`),
			}},
		})
		m.RequireAnsweredOnce(t, "401")
	})
}

// When the answer to the resolve is lost after Bland created the contact, the provider sends the
// resolve again (it cannot make a duplicate) and adopts the contact instead of reporting it as
// already existing.
func TestAccBlandContact_lostResolveAnswerAdopts(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "bland", Drop: true}}})
			},
			Config: contactConfig(m, `
  phone_number = "+14155550150"
  name         = "Dropped"
  metadata     = jsonencode({ tier = "gold" })
`),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "name", "Dropped"),
				func(s *terraform.State) error {
					if st := m.Stats(); st.ByStatus[mockapi.StatusDropped] != 1 || st.ByRoute[routeResolve] != 2 {
						return fmt.Errorf("want one dropped answer and two resolves, got %v %v", st.ByStatus, st.ByRoute)
					}
					cs := m.Contacts("bland")
					if len(cs) != 1 {
						return fmt.Errorf("mock holds %d contacts, want 1", len(cs))
					}
					if got := s.RootModule().Resources[addr].Primary.ID; cs[0]["id"] != got {
						return fmt.Errorf("state id %s is not the contact the mock created (%v)", got, cs[0]["id"])
					}
					if n := m.RouteCount(routePatch); n != 0 {
						return fmt.Errorf("%d PATCH requests; the contact already matched", n)
					}
					return nil
				}),
		}},
	})
}

// 429 and 503 answers to the resolve are waited out and retried (Bland did not process them).
func TestAccBlandContact_retriesRateLimitAndUnavailable(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() { m.QueueRateLimitThenUnavailable("bland") },
			Config:    contactConfig(m, `  external_id = "retry-1"`),
			Check:     m.RetriedToSuccess("bland", 1),
		}},
	})
}

// A contact deleted or merged away outside Terraform is removed from the state and planned again.
func TestAccBlandContact_goneContactIsPlannedAgain(t *testing.T) {
	m := acctest.NewMock(t)
	var id, again string
	cfg := contactConfig(m, `  external_id = "gone-1"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := m.DeleteContact("bland", id); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(captureID(&again), func(*terraform.State) error {
					if again == id || !slices.ContainsFunc(m.Contacts("bland"), func(c map[string]any) bool { return c["id"] == again }) {
						return fmt.Errorf("want a new contact at the mock, got id %s (was %s)", again, id)
					}
					return nil
				}),
			},
		},
	})
}
