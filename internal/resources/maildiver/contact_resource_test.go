package maildiver_test

import (
	"fmt"
	"net/http"
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

const (
	addr        = "contacts_maildiver_contact.test"
	routeCreate = "POST /maildiver/v1/audiences/{audienceId}/contacts"
	routePatch  = "PATCH /maildiver/v1/audiences/{audienceId}/contacts/{contactId}"
	routeGet    = "GET /maildiver/v1/audiences/{audienceId}/contacts/{contactId}"
)

func contactConfig(m *acctest.Mock, body string) string {
	return m.ProviderConfig() + fmt.Sprintf(`
resource "contacts_maildiver_contact" "test" {
  audience_id = %q
%s
}
`, acctest.MailDiverAudienceID, body)
}

// captureID stores the contact's id from state, for steps that change the contact out of band.
func captureID(id *string) resource.TestCheckFunc { return acctest.CaptureID(addr, id) }

// storedContact returns the mock's copy of a contact.
func storedContact(m *acctest.Mock, id string) (map[string]any, bool) {
	return m.StoredContact("maildiver", id)
}

func TestAccMailDiverContact_lifecycle(t *testing.T) {
	m := acctest.NewMock(t)
	var id, firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `
  email      = "ada@example.com"
  first_name = "Ada"
  last_name  = "Lovelace"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("ada@example.com")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Ada")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_subscribed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`))),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&firstID), func(*terraform.State) error {
					c, ok := storedContact(m, firstID)
					if !ok || c["first_name"] != "Ada" || c["email"] != "ada@example.com" {
						return fmt.Errorf("mock holds %v, want Ada <ada@example.com>", c)
					}
					return nil
				}),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return acctest.MailDiverAudienceID + "/" + s.RootModule().Resources[addr].Primary.ID, nil
				},
			},
			{
				// Update in place: only what changed is sent, and the contact keeps its id.
				PreConfig: func() {
					if n := m.RouteCount(routePatch); n != 0 {
						t.Errorf("PATCH sent %d times before any update", n)
					}
				},
				Config: contactConfig(m, `
  email         = "ada@example.com"
  first_name    = "Ada"
  last_name     = "King"
  is_subscribed = false
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("King")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_subscribed"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id != firstID {
						return fmt.Errorf("update replaced the contact: id %s, was %s", id, firstID)
					}
					if n := m.RouteCount(routePatch); n != 1 {
						return fmt.Errorf("PATCH sent %d times, want 1", n)
					}
					c, _ := storedContact(m, id)
					if c["last_name"] != "King" || c["is_subscribed"] != false || c["first_name"] != "Ada" {
						return fmt.Errorf("mock holds %v after update", c)
					}
					return nil
				}),
			},
			{
				// A change made outside Terraform shows as drift and the apply puts it back.
				PreConfig: func() {
					if err := m.PatchContact("maildiver", id, map[string]any{"last_name": "Changed Elsewhere"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, `
  email         = "ada@example.com"
  first_name    = "Ada"
  last_name     = "King"
  is_subscribed = false
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("King")),
				}},
				Check: func(*terraform.State) error {
					if c, _ := storedContact(m, id); c["last_name"] != "King" {
						return fmt.Errorf("drift not corrected: mock holds %v", c)
					}
					return nil
				},
			},
			{
				// A contact deleted outside Terraform is planned for creation again.
				PreConfig: func() {
					if err := m.DeleteContact("maildiver", id); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, `
  email         = "ada@example.com"
  first_name    = "Ada"
  last_name     = "King"
  is_subscribed = false
`),
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
			if left := m.Contacts("maildiver"); len(left) != 0 {
				return fmt.Errorf("%d contacts left at the mock after destroy: %v", len(left), left)
			}
			return nil
		},
	})
}

// Changing the audience plans a replacement, not an update.
func TestAccMailDiverContact_audienceChangeReplaces(t *testing.T) {
	m := acctest.NewMock(t)
	code, body := m.VendorRequest(t, http.MethodPost, "/maildiver/v1/audiences",
		http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, map[string]any{"name": "Second"})
	if code != http.StatusCreated {
		t.Fatalf("creating a second audience: %d %s", code, body)
	}
	second := regexp.MustCompile(`"id"\s*:\s*"([^"]+)"`).FindStringSubmatch(string(body))[1]
	cfg := func(audience string) string {
		return m.ProviderConfig() + fmt.Sprintf(`
resource "contacts_maildiver_contact" "test" {
  audience_id = %q
  email       = "moved@example.com"
}
`, audience)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg(acctest.MailDiverAudienceID)},
			{
				Config: cfg(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("audience_id"), knownvalue.StringExact(second)),
				},
			},
		},
	})
}

// MailDiver lower-cases email addresses: the configuration's letter case is kept in state, so the plan
// after apply is empty; changing only the letter case in the configuration plans nothing (the state
// keeps the address as first written) and sends MailDiver nothing.
func TestAccMailDiverContact_emailCaseNoDiff(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, `  email = "Grace.Hopper@Example.COM"`),
				Check: func(*terraform.State) error {
					cs := m.Contacts("maildiver")
					if len(cs) != 1 || cs[0]["email"] != "grace.hopper@example.com" {
						return fmt.Errorf("mock holds %v, want the lower-cased address", cs)
					}
					return nil
				},
			},
			{
				Config:           contactConfig(m, `  email = "grace.hopper@example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("Grace.Hopper@Example.COM")),
				},
			},
		},
	})
	if n := m.RouteCount(routePatch); n != 0 {
		t.Fatalf("a letter-case change sent %d PATCH requests", n)
	}
}

// Names count characters, not bytes: 100 two-byte characters are accepted by the plan and by MailDiver.
func TestAccMailDiverContact_multibyteNames(t *testing.T) {
	m := acctest.NewMock(t)
	name := strings.Repeat("é", 100)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: contactConfig(m, fmt.Sprintf(`
  email      = "zoe@example.com"
  first_name = %q
`, name)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact(name)),
			},
		}},
	})
}

// Every validator's bad input fails at plan, naming the attribute and the rule, with no request sent.
func TestAccMailDiverContact_planTimeValidation(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"email without at", `  email = "ada.example.com"`, regexp.MustCompile(`(?s)email.*must be a valid email address`)},
		{"email with display name", `  email = "Ada <ada@example.com>"`, regexp.MustCompile(`(?s)email.*plain address`)},
		{"empty first name", "  email = \"ada@example.com\"\n  first_name = \"\"", regexp.MustCompile(`first_name UTF-8 character count must be between 1 and 100, got: 0`)},
		{"101 character last name", fmt.Sprintf("  email = \"ada@example.com\"\n  last_name = %q", strings.Repeat("é", 101)),
			regexp.MustCompile(`last_name UTF-8 character count must be between 1 and 100, got: 101`)},
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
	t.Run("empty audience id", func(t *testing.T) {
		m := acctest.NewMock(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(nil),
			Steps: []resource.TestStep{{
				Config: m.ProviderConfig() + `
resource "contacts_maildiver_contact" "test" {
  audience_id = ""
  email       = "ada@example.com"
}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)audience_id must be a MailDiver id: a UUID`),
			}},
		})
		if n := m.Requests(); n != 0 {
			t.Fatalf("%d requests reached the mock; a failed plan must send none", n)
		}
	})
}

// Without credentials the plan fails naming the environment variable and the block, before any request.
func TestAccMailDiverContact_missingCredentials(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{"MAILDIVER_BASE_URL": m.MailDiverBaseURL()}),
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {}

resource "contacts_maildiver_contact" "test" {
  audience_id = "` + acctest.MailDiverAudienceID + `"
  email       = "ada@example.com"
}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)MailDiver credentials are not configured.*MAILDIVER_API_KEY.*maildiver block`),
		}},
	})
	if n := m.Requests(); n != 0 {
		t.Fatalf("%d requests reached the mock", n)
	}
}

// Credentials and the base URL can come from the environment alone.
func TestAccMailDiverContact_credentialsFromEnvironment(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{
			"MAILDIVER_API_KEY":  acctest.APIKey,
			"MAILDIVER_BASE_URL": m.MailDiverBaseURL(),
		}),
		Steps: []resource.TestStep{{
			Config: `
resource "contacts_maildiver_contact" "test" {
  audience_id = "` + acctest.MailDiverAudienceID + `"
  email       = "env@example.com"
}`,
			Check: m.HoldsContacts("maildiver", 1),
		}},
	})
}

// A wrong API key gives MailDiver's 403 with a message saying what to set.
func TestAccMailDiverContact_wrongAPIKey(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  maildiver {
    api_key  = "not-the-key"
    base_url = %q
  }
}
resource "contacts_maildiver_contact" "test" {
  audience_id = %q
  email       = "ada@example.com"
}`, m.MailDiverBaseURL(), acctest.MailDiverAudienceID),
			ExpectError: regexp.MustCompile(`(?s)403\s+invalid_api_key.*MAILDIVER_API_KEY`),
		}},
	})
	m.RequireAnsweredOnce(t, "403")
}

// 429 and 503 answers are waited out and retried until the request succeeds.
func TestAccMailDiverContact_retriesRateLimitAndUnavailable(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() { m.QueueRateLimitThenUnavailable("maildiver") },
			Config:    contactConfig(m, `  email = "retry@example.com"`),
			Check:     m.RetriedToSuccess("maildiver", 1),
		}},
	})
}

// When the answer to a create is lost after MailDiver committed it, the provider does not send the
// create again (no duplicate) and adopts the contact it finds by email.
func TestAccMailDiverContact_lostCreateAnswerAdoptsWithoutDuplicate(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "maildiver", Drop: true}}})
			},
			Config: contactConfig(m, `
  email      = "dropped@example.com"
  first_name = "Dropped"
`),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "first_name", "Dropped"),
				func(s *terraform.State) error {
					if n := m.RouteCount(routeCreate); n != 1 {
						return fmt.Errorf("create sent %d times, want exactly 1", n)
					}
					cs := m.Contacts("maildiver")
					if len(cs) != 1 {
						return fmt.Errorf("mock holds %d contacts, want 1", len(cs))
					}
					if got := s.RootModule().Resources[addr].Primary.ID; cs[0]["id"] != got {
						return fmt.Errorf("state id %s is not the contact the mock created (%v)", got, cs[0]["id"])
					}
					return nil
				}),
		}},
	})
}

// Creating a contact whose email the audience already has fails with the id and the import command,
// and changes nothing at MailDiver.
func TestAccMailDiverContact_existingEmailGivesImportHint(t *testing.T) {
	m := acctest.NewMock(t)
	code, body := m.VendorRequest(t, http.MethodPost, "/maildiver/v1/audiences/"+acctest.MailDiverAudienceID+"/contacts",
		http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, map[string]any{"email": "taken@example.com", "first_name": "Original"})
	if code != http.StatusCreated {
		t.Fatalf("seeding a contact: %d %s", code, body)
	}
	existing := m.Contacts("maildiver")[0]["id"].(string)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: contactConfig(m, `
  email      = "Taken@example.com"
  first_name = "Other"
`),
			ExpectError: regexp.MustCompile(`(?s)already.*terraform import .*` + regexp.QuoteMeta(acctest.MailDiverAudienceID+"/"+existing)),
		}},
	})
	if c, _ := storedContact(m, existing); c["first_name"] != "Original" {
		t.Fatalf("the existing contact was changed: %v", c)
	}
}

// domain and base_url cannot both be set.
func TestAccProvider_maildiverDomainConflictsWithBaseURL(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {
  maildiver {
    api_key  = "k"
    base_url = "https://api.example.com/v1"
    domain   = "example.com"
  }
}
resource "contacts_maildiver_contact" "test" {
  audience_id = "a"
  email       = "ada@example.com"
}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)(base_url|domain).*cannot be specified when`),
		}},
	})
}
