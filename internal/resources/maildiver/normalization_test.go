package maildiver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// emailRows are email edits and whether MailDiver takes the two addresses for the same one: it stores
// addresses trimmed and lower-cased with strings.ToLower (assumed). Each row is an input that once
// planned a change, errored after apply or kept a diff (issue 9), or a neighbour that must still plan
// one.
var emailRows = []struct {
	name          string
	first, second string
	stored        string // what MailDiver holds after the first apply
	same          bool   // second is the same address: nothing to plan, nothing sent
}{
	{"dotted capital I lower-cases to i", "İnci@example.com", "inci@example.com", "inci@example.com", true},
	{"letter case only", "ada@example.com", "ADA@Example.COM", "ada@example.com", true},
	{"surrounding spaces are trimmed", " ada@example.com\t", "ada@example.com", "ada@example.com", true},
	{"long s is another letter", "ſ@example.com", "s@example.com", "ſ@example.com", false},
}

// An email that is the same by MailDiver's rule plans nothing, never errors after apply, and keeps
// the configuration's form in state; another address still plans an update.
func TestAccMailDiverContact_emailNormalization(t *testing.T) {
	for _, tc := range emailRows {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			var id string
			second := resource.TestStep{
				Config: contactConfig(m, fmt.Sprintf("  email = %q", tc.second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error { return storedEmail(m, id, tc.second) },
			}
			if tc.same {
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
				second.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(tc.first)),
				}
				second.Check = func(*terraform.State) error { return storedEmail(m, id, tc.stored) }
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					{
						Config: contactConfig(m, fmt.Sprintf("  email = %q", tc.first)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(tc.first)),
						},
						Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
							return storedEmail(m, id, tc.stored)
						}),
					},
					second,
				},
			})
			if n := m.RouteCount(routePatch); tc.same && n != 0 {
				t.Fatalf("a change to the same address sent %d PATCH requests", n)
			}
		})
	}
}

// Importing a contact whose configured email differs from MailDiver's only by its normalization plans
// a no-op import (an import block) and, after terraform import, an empty plan.
func TestAccMailDiverContact_importWithEquivalentEmail(t *testing.T) {
	for _, tc := range emailRows {
		if !tc.same {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			id := createAtMailDiver(t, m, tc.first)
			importID := acctest.MailDiverAudienceID + "/" + id
			cfg := contactConfig(m, fmt.Sprintf("  email = %q", tc.second))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					// An import block: Terraform plans the import, which must change nothing.
					{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: importID, ImportStateKind: resource.ImportBlockWithID},
					// terraform import, then a plan with the configuration.
					{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: importID, ImportStatePersist: true},
					{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
			if n := m.RouteCount(routePatch); n != 0 {
				t.Fatalf("importing sent %d PATCH requests", n)
			}
		})
	}
}

func storedEmail(m *acctest.Mock, id, want string) error {
	c, ok := storedContact(m, id)
	if !ok {
		return fmt.Errorf("MailDiver holds no contact %s", id)
	}
	if c["email"] != want {
		return fmt.Errorf("MailDiver holds email %q, want %q", c["email"], want)
	}
	return nil
}

// createAtMailDiver creates a contact outside Terraform, through MailDiver's API, and returns its id.
func createAtMailDiver(t *testing.T, m *acctest.Mock, email string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email})
	req, _ := http.NewRequest(http.MethodPost, m.MailDiverBaseURL()+"/audiences/"+acctest.MailDiverAudienceID+"/contacts", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+acctest.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ ID string }
	err = errors.Join(json.NewDecoder(resp.Body).Decode(&c), resp.Body.Close())
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating a contact at MailDiver: %d %v", resp.StatusCode, err)
	}
	return c.ID
}
