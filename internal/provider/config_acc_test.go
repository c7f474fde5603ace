package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
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

// vendorUnderTest is what these tests need to know of one vendor: its block, where the mock serves
// it, and a small contact and data source of it.
type vendorUnderTest struct {
	block      string // provider block name, also the mock's store name
	display    string // as the provider's messages name it
	credential string // the credential argument the tests set
	credEnv    string // its environment variable
	baseURLEnv string
	mockPath   string // the vendor's base path on the mock
	extra      string // further block arguments (pacing off for Corporate Merch)
	resource   string // resource type
	contact    string // body of a contact; %s is where a changing first name goes
	lookup     string // body of a data source that looks a contact up
	importID   string // a well-formed import id
}

var (
	mailDiver = vendorUnderTest{
		block: "maildiver", display: "MailDiver", credential: "api_key", credEnv: "MAILDIVER_API_KEY",
		baseURLEnv: "MAILDIVER_BASE_URL", mockPath: "/maildiver/v1", resource: "contacts_maildiver_contact",
		contact: `
  audience_id = "` + acctest.MailDiverAudienceID + `"
  email       = "config@example.com"
  first_name  = %q`,
		lookup: `
  audience_id = "` + acctest.MailDiverAudienceID + `"
  email       = "config@example.com"`,
		importID: acctest.MailDiverAudienceID + "/01959faf-16e2-77dd-9585-cd25da58855e",
	}
	bland = vendorUnderTest{
		block: "bland", display: "Bland", credential: "api_key", credEnv: "BLAND_API_KEY",
		baseURLEnv: "BLAND_BASE_URL", mockPath: "/bland", resource: "contacts_bland_contact",
		contact: `
  phone_number = "+14155550142"
  name         = %q`,
		lookup: `
  phone_number = "+14155550142"`,
		importID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
	}
	revyOps = vendorUnderTest{
		block: "revyops", display: "RevyOps", credential: "api_key", credEnv: "REVYOPS_API_KEY",
		baseURLEnv: "REVYOPS_BASE_URL", mockPath: "/revyops", resource: "contacts_revyops_contact",
		contact: `
  email      = "config@example.com"
  first_name = %q`,
		lookup: `
  email = "config@example.com"`,
		importID: "4021",
	}
	corporateMerch = vendorUnderTest{
		block: "corporatemerch", display: "Corporate Merch", credential: "api_token", credEnv: "CORPORATEMERCH_API_TOKEN",
		baseURLEnv: "CORPORATEMERCH_BASE_URL", mockPath: "/corporatemerch/v2", extra: "\n    requests_per_minute = 0",
		resource: "contacts_corporatemerch_contact",
		contact: `
  first_name   = %q
  last_name    = "Config"
  email        = "config@example.com"
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"`,
		lookup: `
  id = "1"`,
		importID: "1234",
	}
	allVendors = []vendorUnderTest{mailDiver, bland, revyOps, corporateMerch}
)

// block is the vendor's provider block with the given credential and base URL expressions (HCL).
func (v vendorUnderTest) providerBlock(credential, baseURL string) string {
	return fmt.Sprintf("\n  %s {\n    %s = %s\n    base_url = %s%s\n  }", v.block, v.credential, credential, baseURL, v.extra)
}

func (v vendorUnderTest) contactResource(firstName string) string {
	return fmt.Sprintf("\nresource %q \"test\" {%s\n}\n", v.resource, fmt.Sprintf(v.contact, firstName))
}

func (v vendorUnderTest) addr() string { return v.resource + ".test" }

// firstNameAttr is the attribute contactResource's name goes into.
func (v vendorUnderTest) firstNameAttr() string {
	if v.block == "bland" {
		return "name"
	}
	return "first_name"
}

// One vendor's argument comes from a resource and so is known only after apply. That vendor's new
// contact plans and is created once the value is known; another vendor in the same run plans and
// applies as usual. In a second run the value is unknown again (its source is replaced): the
// existing contact is not refreshed, its change is planned against the state and applied, and the
// other vendor's change too.
func TestAccConfig_unknownVendorArgumentAffectsOnlyThatVendor(t *testing.T) {
	cases := []struct {
		unknown, other vendorUnderTest
		argument       string // the argument that is unknown: the credential or base_url
	}{
		{mailDiver, revyOps, "api_key"},
		{bland, corporateMerch, "base_url"},
		{revyOps, bland, "api_key"},
		{corporateMerch, mailDiver, "base_url"},
	}
	for _, tc := range cases {
		t.Run(tc.unknown.block+"."+tc.argument, func(t *testing.T) {
			m := acctest.NewMock(t)
			config := func(generation, firstName string) string {
				source, credential, baseURL := fmt.Sprintf("%q", acctest.APIKey), "terraform_data.source.output", fmt.Sprintf("%q", m.URL+tc.unknown.mockPath)
				if tc.argument == "base_url" {
					source, credential, baseURL = baseURL, fmt.Sprintf("%q", acctest.APIKey), "terraform_data.source.output"
				}
				return fmt.Sprintf(`
resource "terraform_data" "source" {
  input            = %s
  triggers_replace = %q
}

provider "contacts" {
  max_retries = 1%s%s
}
`, source, generation,
					tc.unknown.providerBlock(credential, baseURL),
					tc.other.providerBlock(fmt.Sprintf("%q", acctest.APIKey), fmt.Sprintf("%q", m.URL+tc.other.mockPath))) +
					tc.unknown.contactResource(firstName) + strings.ReplaceAll(tc.other.contactResource(firstName), `"test"`, `"other"`)
			}
			other := tc.other.resource + ".other"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{
					{
						Config: config("1", "Ada"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectUnknownValue(tc.unknown.addr(), tfjsonpath.New("id")),
							plancheck.ExpectResourceAction(tc.unknown.addr(), plancheck.ResourceActionCreate),
							plancheck.ExpectResourceAction(other, plancheck.ResourceActionCreate),
						}},
						Check: resource.ComposeTestCheckFunc(m.HoldsContacts(tc.unknown.block, 1), m.HoldsContacts(tc.other.block, 1)),
					},
					{
						// Both contacts change outside Terraform; only the vendor whose configuration is
						// known can see it during this plan.
						PreConfig: func() { renameAtMock(t, m, tc.unknown, "Drifted"); renameAtMock(t, m, tc.other, "Drifted") },
						Config:    config("2", "Grace"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							expectPlannedFrom(tc.unknown.addr(), tc.unknown.firstNameAttr(), "Ada"),
							expectPlannedFrom(other, tc.other.firstNameAttr(), "Drifted"),
							plancheck.ExpectResourceAction("terraform_data.source", plancheck.ResourceActionReplace),
							plancheck.ExpectResourceAction(tc.unknown.addr(), plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(other, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.unknown.addr(), tfjsonpath.New(tc.unknown.firstNameAttr()), knownvalue.StringExact("Grace")),
							statecheck.ExpectKnownValue(other, tfjsonpath.New(tc.other.firstNameAttr()), knownvalue.StringExact("Grace")),
						},
						Check: resource.ComposeTestCheckFunc(
							storedName(m, tc.unknown, "Grace"), storedName(m, tc.other, "Grace"),
							m.HoldsContacts(tc.unknown.block, 1), m.HoldsContacts(tc.other.block, 1)),
					},
				},
			})
		})
	}
}

// renameAtMock changes the name of vendor's only contact at the mock, as another system would.
func renameAtMock(t *testing.T, m *acctest.Mock, v vendorUnderTest, name string) {
	t.Helper()
	contacts := m.Contacts(v.block)
	if len(contacts) != 1 {
		t.Fatalf("the mock holds %d %s contacts, want 1", len(contacts), v.block)
	}
	if err := m.PatchContact(v.block, fmt.Sprint(contacts[0]["id"]), map[string]any{v.firstNameAttr(): name}); err != nil {
		t.Fatal(err)
	}
}

// expectPlannedFrom checks the value an attribute is planned from: the state as this plan refreshed
// it (or, when the contact could not be refreshed, as the last apply left it).
func expectPlannedFrom(addr, attr, want string) plancheck.PlanCheck {
	return plannedFrom{addr, attr, want}
}

type plannedFrom struct{ addr, attr, want string }

func (c plannedFrom) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		if got := fmt.Sprint(before[c.attr]); got != c.want {
			resp.Error = fmt.Errorf("%s.%s is planned from %q, want %q", c.addr, c.attr, got, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// storedName checks the first name (Bland: name) the mock holds for vendor's only contact.
func storedName(m *acctest.Mock, v vendorUnderTest, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		contacts := m.Contacts(v.block)
		if len(contacts) != 1 {
			return fmt.Errorf("the mock holds %d %s contacts, want 1", len(contacts), v.block)
		}
		var got any
		for _, key := range []string{"first_name", "firstName", "name"} {
			if val, ok := contacts[0][key]; ok {
				got = val
				break
			}
		}
		if fmt.Sprint(got) != want {
			return fmt.Errorf("the mock's %s contact has name %v, want %q (contact: %v)", v.block, got, want, contacts[0])
		}
		return nil
	}
}

// A data source of a vendor whose configuration is known only after apply cannot be read during
// plan: the error names the argument, and no request is sent.
func TestAccConfig_unknownVendorArgumentDataSource(t *testing.T) {
	for _, v := range allVendors {
		t.Run(v.block, func(t *testing.T) {
			m := acctest.NewMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "contacts" {%s
}
data %q "test" {%s
}
`, acctest.APIKey, v.providerBlock("terraform_data.key.output", fmt.Sprintf("%q", m.URL+v.mockPath)), v.resource, v.lookup),
					PlanOnly:    true,
					ExpectError: errorMatching(v.display+" configuration not known until apply", "read this "+v.display+" data source", v.block+"."+v.credential),
				}},
			})
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock", n)
			}
		})
	}
}

// The case first reported: a MailDiver key from a resource, and only RevyOps contacts in the
// configuration. The RevyOps contact plans and applies; nothing is sent to MailDiver.
func TestAccConfig_unknownVendorArgumentWithoutItsResources(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "contacts" {%s%s
}
`, acctest.APIKey, mailDiver.providerBlock("terraform_data.key.output", fmt.Sprintf("%q", m.URL+mailDiver.mockPath)),
				revyOps.providerBlock(fmt.Sprintf("%q", acctest.APIKey), fmt.Sprintf("%q", m.URL+revyOps.mockPath))) +
				revyOps.contactResource("Ada"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(revyOps.addr(), plancheck.ResourceActionCreate),
			}},
			Check: resource.ComposeTestCheckFunc(m.HoldsContacts("revyops", 1), func(*terraform.State) error {
				if n := m.Stats().ByVendor["maildiver"]; n != 0 {
					return fmt.Errorf("%d requests reached MailDiver", n)
				}
				return nil
			}),
		}},
	})
}

// An import block for a vendor whose configuration is known only after apply fails at plan,
// naming the argument, before any request: an imported contact must be read, and cannot be yet.
func TestAccConfig_unknownVendorArgumentImport(t *testing.T) {
	for _, v := range allVendors {
		t.Run(v.block, func(t *testing.T) {
			m := acctest.NewMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "contacts" {%s
}
import {
  to = %s
  id = %q
}
`, acctest.APIKey, v.providerBlock("terraform_data.key.output", fmt.Sprintf("%q", m.URL+v.mockPath)), v.addr(), v.importID) +
						v.contactResource("Ada"),
					PlanOnly:    true,
					ExpectError: errorMatching(v.display+" configuration not known until apply", "import a "+v.display+" contact", v.block+"."+v.credential),
				}},
			})
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock", n)
			}
		})
	}
}

// max_retries, request_timeout, max_rate_limit_wait and requests_per_minute change only how requests
// are sent: known only after apply, they take their defaults while planning, and the contact is created
// with them.
func TestAccConfig_unknownTransportSettings(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "retries" {
  input = 2
}
resource "terraform_data" "timeout" {
  input = "20s"
}
provider "contacts" {
  max_retries         = terraform_data.retries.output
  request_timeout     = terraform_data.timeout.output
  max_rate_limit_wait = terraform_data.timeout.output
  corporatemerch {
    api_token           = %q
    base_url            = %q
    requests_per_minute = terraform_data.retries.output
  }
}
`, acctest.APIKey, m.URL+corporateMerch.mockPath) + corporateMerch.contactResource("Ada"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(corporateMerch.addr(), plancheck.ResourceActionCreate),
			}},
			Check: m.HoldsContacts("corporatemerch", 1),
		}},
	})
}

// keyWithNewline is the key as file() reads it from a file that ends with a newline.
const keyWithNewline = acctest.APIKey + "\n"

// A credential and a base URL with surrounding whitespace (a key read with file() ends in a newline)
// work, from arguments and from environment variables: the vendor receives the key without it.
func TestAccConfig_credentialWhitespaceIsRemoved(t *testing.T) {
	for _, v := range allVendors {
		for _, from := range []string{"arguments", "environment"} {
			t.Run(v.block+"/"+from, func(t *testing.T) {
				m := newRecordingMock(t)
				baseURL := " " + m.URL + v.mockPath + "\n"
				env := map[string]string{}
				block := v.providerBlock(fmt.Sprintf("%q", keyWithNewline), fmt.Sprintf("%q", baseURL))
				if from == "environment" {
					env = map[string]string{v.credEnv: "\t" + keyWithNewline, v.baseURLEnv: baseURL}
					block = fmt.Sprintf("\n  %s {%s\n  }", v.block, v.extra)
				}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.Factories(env),
					Steps: []resource.TestStep{{
						Config: "provider \"contacts\" {\n  max_retries = 1" + block + "\n}\n" + v.contactResource("Ada"),
						Check:  m.HoldsContacts(v.block, 1),
					}},
				})
				m.requireCredentialsSentExactly(t, v.block)
			})
		}
	}
}

// RevyOps' client id travels in the query string, where a newline would reach the vendor encoded:
// it is trimmed too, from the argument and from the environment variable.
func TestAccConfig_revyOpsClientIDWhitespaceIsRemoved(t *testing.T) {
	for _, from := range []string{"argument", "environment"} {
		t.Run(from, func(t *testing.T) {
			m := newRecordingMock(t)
			block := fmt.Sprintf("\n  revyops {\n    client_id = %q\n    base_url = %q\n  }", keyWithNewline, m.URL+revyOps.mockPath)
			env := map[string]string{}
			if from == "environment" {
				block = ""
				env = map[string]string{"REVYOPS_CLIENT_ID": " " + keyWithNewline, "REVYOPS_BASE_URL": m.URL + revyOps.mockPath}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(env),
				Steps: []resource.TestStep{{
					Config: "provider \"contacts\" {" + block + "\n}\n" + revyOps.contactResource("Ada"),
					Check:  m.HoldsContacts("revyops", 1),
				}},
			})
			m.requireCredentialsSentExactly(t, "revyops")
		})
	}
}

// A credential that is only whitespace counts as not set: the plan fails with the
// missing-credentials error naming the environment variable and the block, before any request.
func TestAccConfig_blankCredentialIsMissing(t *testing.T) {
	for _, v := range allVendors {
		for _, from := range []string{"argument", "environment"} {
			t.Run(v.block+"/"+from, func(t *testing.T) {
				m := acctest.NewMock(t)
				block := v.providerBlock(`" \n"`, fmt.Sprintf("%q", m.URL+v.mockPath))
				env := map[string]string{}
				if from == "environment" {
					block = fmt.Sprintf("\n  %s {\n    base_url = %q\n  }", v.block, m.URL+v.mockPath)
					env = map[string]string{v.credEnv: " \n"}
				}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.Factories(env),
					Steps: []resource.TestStep{{
						Config:      "provider \"contacts\" {" + block + "\n}\n" + v.contactResource("Ada"),
						PlanOnly:    true,
						ExpectError: errorMatching(v.display+" credentials are not configured", v.credEnv, v.block+" block"),
					}},
				})
				if n := m.Requests(); n != 0 {
					t.Fatalf("%d requests reached the mock", n)
				}
			})
		}
	}
}

// errorMatching matches the parts in order, in an error as Terraform prints it (wrapped at any space).
func errorMatching(parts ...string) *regexp.Regexp {
	quoted := make([]string, 0, len(parts))
	for _, p := range parts {
		quoted = append(quoted, strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// recordingMock is the mock vendor API behind a handler that records the credentials each request
// carried, so a test can check exactly what reached the vendor.
type recordingMock struct {
	*acctest.Mock
	mu   sync.Mutex
	seen map[string]map[string]bool // vendor -> credential values received
}

func newRecordingMock(t *testing.T) *recordingMock {
	t.Helper()
	srv := mockapi.New(mockapi.Options{APIKey: acctest.APIKey, Seed: 1})
	rm := &recordingMock{seen: map[string]map[string]bool{}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		vendor, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		rm.mu.Lock()
		if rm.seen[vendor] == nil {
			rm.seen[vendor] = map[string]bool{}
		}
		for _, v := range r.Header.Values("Authorization") {
			rm.seen[vendor][v] = true
		}
		for _, v := range r.Header.Values("X-Api-Key") {
			rm.seen[vendor][v] = true
		}
		for _, v := range r.URL.Query()["client_id"] {
			rm.seen[vendor][v] = true
		}
		rm.mu.Unlock()
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	rm.Mock = &acctest.Mock{Server: srv, URL: hs.URL}
	return rm
}

// requireCredentialsSentExactly fails the test unless every credential vendor received was the test
// key exactly (as the vendor's scheme wraps it), without whitespace.
func (rm *recordingMock) requireCredentialsSentExactly(t *testing.T, vendor string) {
	t.Helper()
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if len(rm.seen[vendor]) == 0 {
		t.Fatalf("no %s request carried a credential", vendor)
	}
	for v := range rm.seen[vendor] {
		if v != acctest.APIKey && v != "Bearer "+acctest.APIKey {
			t.Errorf("%s received the credential %q; want the key without surrounding whitespace", vendor, v)
		}
	}
}

// refresh_strategy accepts auto, list and get only: anything else fails the plan naming the
// attribute and the allowed values, before any request.
func TestAccConfig_invalidRefreshStrategy(t *testing.T) {
	for _, v := range allVendors {
		t.Run(v.block, func(t *testing.T) {
			m := acctest.NewMock(t)
			block := strings.Replace(v.providerBlock(fmt.Sprintf("%q", acctest.APIKey), fmt.Sprintf("%q", m.URL+v.mockPath)),
				"\n  }", "\n    refresh_strategy = \"fast\"\n  }", 1)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps: []resource.TestStep{{
					Config:      "provider \"contacts\" {" + block + "\n}\n" + v.contactResource("Ada"),
					PlanOnly:    true,
					ExpectError: errorMatching(v.block+".refresh_strategy value must be one of", `"auto" "list" "get"`, `got: "fast"`),
				}},
			})
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock", n)
			}
		})
	}
}
