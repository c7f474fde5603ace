package corporatemerch_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
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
	addr        = "contacts_corporatemerch_contact.test"
	routeCreate = "POST /corporatemerch/v2/contacts"
	routeList   = "GET /corporatemerch/v2/contacts"
	routePut    = "PUT /corporatemerch/v2/contacts/{id}"
)

func baseURL(m *acctest.Mock) string { return m.URL + "/corporatemerch/v2" }

// errorLike matches an error message as Terraform prints it, wrapped at any space.
func errorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// providerConfig points Corporate Merch at the mock. requestsPerMinute "0" turns pacing off, so tests
// that are not about the rate limit do not wait 1.5 s between requests; "" keeps the default (40).
func providerConfig(m *acctest.Mock, requestsPerMinute string) string {
	pacing := ""
	if requestsPerMinute != "" {
		pacing = "\n    requests_per_minute = " + requestsPerMinute
	}
	return fmt.Sprintf(`
provider "contacts" {
  max_retries = 3
  corporatemerch {
    api_token = %q
    base_url  = %q%s
  }
}
`, acctest.APIKey, baseURL(m), pacing)
}

func contactConfig(m *acctest.Mock, body string) string {
	return providerConfig(m, "0") + fmt.Sprintf(`
resource "contacts_corporatemerch_contact" "test" {
%s
}
`, body)
}

// A US employee with every argument set.
const employee = `
  first_name             = "Ada"
  last_name              = "Lovelace"
  email                  = "ada@example.com"
  phone                  = "+1 217 555 0100"
  gender                 = "female"
  shirt_size             = "SM"
  birthday               = "1990-12-10"
  country                = "US"
  address                = "1 Analytical Way"
  city                   = "Springfield"
  state                  = "IL"
  postal_code            = "62701"
  company                = "Engines Inc"
  department             = "Research"
  job_title              = "Programmer"
  employment_status      = "active"
  contact_type           = "employee"
  employment_type        = "Full-Time"
  start_date             = "2024-01-15"
  anniversary_date       = "2018-06-20"
  classification         = "VIP"
  address_validated      = true
  address_force_accepted = false
  address_verified       = true
  lists                  = [1, 2]
  labels                 = [3]
`

// The same employee after a move to a suite, a change of lists, and without a phone or birthday.
const employeeMoved = `
  first_name             = "Ada"
  last_name              = "Lovelace"
  email                  = "ada@example.com"
  gender                 = "female"
  shirt_size             = "MD"
  country                = "US"
  address                = "2 Difference Rd"
  address2               = "Suite 5"
  city                   = "Chicago"
  state                  = "IL"
  postal_code            = "60601"
  company                = "Engines Inc"
  department             = "Research"
  job_title              = "Lead Programmer"
  employment_status      = "active"
  contact_type           = "employee"
  employment_type        = "Full-Time"
  start_date             = "2024-01-15"
  anniversary_date       = "2018-06-20"
  classification         = "VIP"
  address_validated      = true
  address_force_accepted = false
  address_verified       = true
  lists                  = [1, 3]
  labels                 = [3]
`

// captureID stores the contact's id from state, for steps that change the contact out of band.
func captureID(id *string) resource.TestCheckFunc { return acctest.CaptureID(addr, id) }

// stored returns the mock's copy of a contact.
func stored(m *acctest.Mock, id string) (map[string]any, bool) {
	return m.StoredContact("corporatemerch", id)
}

// expectStored checks wire fields of the mock's copy of a contact (values compared as printed).
func expectStored(m *acctest.Mock, id *string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, ok := stored(m, *id)
		if !ok {
			return fmt.Errorf("contact %s is not at the mock", *id)
		}
		var bad []string
		for k, v := range want {
			if got := fmt.Sprint(c[k]); got != v {
				bad = append(bad, fmt.Sprintf("%s = %s, want %s", k, got, v))
			}
		}
		if len(bad) > 0 {
			return fmt.Errorf("mock holds: %s", strings.Join(bad, "; "))
		}
		return nil
	}
}

func noContactsLeft(m *acctest.Mock) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := m.Contacts("corporatemerch"); len(left) != 0 {
			return fmt.Errorf("%d contacts left at the mock after destroy: %v", len(left), left)
		}
		return nil
	}
}

func TestAccCorporateMerchContact_lifecycle(t *testing.T) {
	m := acctest.NewMock(t)
	var id, firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: contactConfig(m, employee),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("IL")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("birthday"), knownvalue.StringExact("1990-12-10")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("address2"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("address_force_accepted"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("lists"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(2)})),
				},
				// Every argument reaches Corporate Merch under its wire name.
				Check: resource.ComposeTestCheckFunc(captureID(&firstID), expectStored(m, &firstID, map[string]string{
					"first_name": "Ada", "email": "ada@example.com", "phone_number": "+1 217 555 0100", "zip_code": "62701",
					"company_name": "Engines Inc", "position": "Programmer", "type": "employee", "wedding_anniversary": "2018-06-20",
					"address_forced": "false", "address_verified": "true", "lists": "[1 2]", "labels": "[3]", "unit": "<nil>",
					"client_since": "<nil>", "employment_status": "active", "classification": "VIP",
				})),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "ada@example.com",
				ExpectError:   errorLike(`Invalid import ID.*positive whole number`),
			},
			{
				// Update in place with one PUT of the full contact: arguments removed from the
				// configuration are cleared at Corporate Merch.
				PreConfig: func() {
					if n := m.RouteCount(routePut); n != 0 {
						t.Errorf("PUT sent %d times before any update", n)
					}
				},
				Config: contactConfig(m, employeeMoved),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("birthday"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("address2"), knownvalue.StringExact("Suite 5")),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id != firstID {
						return fmt.Errorf("update replaced the contact: id %s, was %s", id, firstID)
					}
					if n := m.RouteCount(routePut); n != 1 {
						return fmt.Errorf("PUT sent %d times, want 1", n)
					}
					return nil
				}, expectStored(m, &id, map[string]string{
					"city": "Chicago", "unit": "Suite 5", "position": "Lead Programmer", "shirt_size": "MD",
					"phone_number": "<nil>", "birthday": "<nil>", "lists": "[1 3]", "labels": "[3]",
				})),
			},
			{
				// A change made outside Terraform shows as drift and the apply puts it back.
				PreConfig: func() {
					if err := m.PatchContact("corporatemerch", id, map[string]any{"city": "Elsewhere", "lists": []any{2}, "phone_number": "000"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, employeeMoved),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("city"), knownvalue.StringExact("Chicago")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.Null()),
				}},
				Check: expectStored(m, &id, map[string]string{"city": "Chicago", "lists": "[1 3]", "phone_number": "<nil>"}),
			},
			{
				// A contact deleted outside Terraform is planned for creation again.
				PreConfig: func() {
					if err := m.DeleteContact("corporatemerch", id); err != nil {
						t.Fatal(err)
					}
				},
				Config: contactConfig(m, employeeMoved),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(captureID(&id), func(*terraform.State) error {
					if id == firstID {
						return fmt.Errorf("expected a new contact id after re-creation")
					}
					return nil
				}, expectStored(m, &id, map[string]string{"city": "Chicago"})),
			},
		},
		CheckDestroy: noContactsLeft(m),
	})
}

// A client abroad: a German state name is any text, only address2 is given, and values Corporate
// Merch normalizes (the email's letter case) or answers differently (lists as [] when none) plan no
// change.
func TestAccCorporateMerchContact_clientAbroad(t *testing.T) {
	m := acctest.NewMock(t)
	cfg := contactConfig(m, `
  first_name   = "Grete"
  last_name    = "Herrmann"
  email        = "Grete.Herrmann@Example.DE"
  country      = "DE"
  address2     = "Hinterhaus, 3. OG"
  city         = "Munich"
  state        = "Bavaria"
  postal_code  = "80331"
  contact_type = "client"
  client_since = "2020-03-01"
  lists        = []
`)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("Grete.Herrmann@Example.DE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("lists"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("labels"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(captureID(&id), expectStored(m, &id, map[string]string{
					"email": "grete.herrmann@example.de", "state": "Bavaria", "address": "<nil>", "unit": "Hinterhaus, 3. OG",
					"type": "client", "client_since": "2020-03-01", "lists": "[]",
				})),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
		CheckDestroy: noContactsLeft(m),
	})
	if n := m.RouteCount(routePut); n != 0 {
		t.Fatalf("%d PUT requests for a configuration that never changed", n)
	}
}

// The country-dependent state rule follows the country also when it comes from a variable: the
// variable is unknown to `terraform validate` and known when Terraform plans.
const countryFromVariable = `
variable "country" {
  type = string
}

resource "contacts_corporatemerch_contact" "test" {
  first_name   = "Vera"
  last_name    = "Variable"
  email        = "vera@example.com"
  country      = var.country
  address      = "1 Main St"
  city         = "Somewhere"
  state        = %q
  postal_code  = "12345"
  contact_type = "employee"
}
`

// Every rule's bad input fails at plan, naming the attribute and the rule, with no request sent; the
// inputs the rules allow plan without a request too.
func TestAccCorporateMerchContact_planTimeValidation(t *testing.T) {
	body := func(override map[string]string) string {
		args := map[string]string{
			"first_name": `"Ada"`, "last_name": `"Lovelace"`, "email": `"ada@example.com"`, "country": `"US"`,
			"address": `"1 Main St"`, "city": `"Springfield"`, "state": `"IL"`, "postal_code": `"62701"`,
			"contact_type": `"employee"`,
		}
		for k, v := range override {
			if v == "" {
				delete(args, k)
			} else {
				args[k] = v
			}
		}
		var b strings.Builder
		for _, k := range []string{"first_name", "last_name", "email", "phone", "gender", "shirt_size", "birthday", "country",
			"address", "address2", "city", "state", "postal_code", "contact_type", "start_date", "anniversary_date",
			"client_since", "lists", "labels"} {
			if v, ok := args[k]; ok {
				fmt.Fprintf(&b, "  %s = %s\n", k, v)
			}
		}
		return b.String()
	}
	cases := []struct {
		name     string
		override map[string]string
		variable string         // value of var.country; uses countryFromVariable with override["state"]
		want     *regexp.Regexp // nil: the plan succeeds
	}{
		{name: "US with XX", override: map[string]string{"state": `"XX"`},
			want: errorLike(`state "XX" is not a US state code \(country is US\): use one of AA, AE, AK,`)},
		{name: "CA with NY", override: map[string]string{"country": `"CA"`, "state": `"NY"`},
			want: errorLike(`state "NY" is not a Canadian province or territory code \(country is CA\): use one of AB, BC,`)},
		{name: "DE with Bavaria accepted", override: map[string]string{"country": `"DE"`, "state": `"Bavaria"`}},
		{name: "US territory accepted", override: map[string]string{"state": `"PR"`}},
		{name: "CA from a variable with NY", variable: "CA", override: map[string]string{"state": "NY"},
			want: errorLike(`state "NY" is not a Canadian province or territory code \(country is CA\)`)},
		{name: "DE from a variable with Bavaria accepted", variable: "DE", override: map[string]string{"state": "Bavaria"}},
		{name: "February 29 of a common year", override: map[string]string{"birthday": `"2023-02-29"`},
			want: errorLike(`birthday must be a real calendar date written yyyy-mm-dd: "2023-02-29" is not a real calendar date`)},
		{name: "February 29 of a leap year accepted", override: map[string]string{"birthday": `"2024-02-29"`}},
		{name: "date without leading zeros", override: map[string]string{"start_date": `"2024-1-5"`},
			want: errorLike(`start_date must be a real calendar date written yyyy-mm-dd: "2024-1-5" is not written yyyy-mm-dd`)},
		{name: "anniversary month 13", override: map[string]string{"anniversary_date": `"2018-13-01"`},
			want: errorLike(`anniversary_date must be a real calendar date`)},
		{name: "client since with a time", override: map[string]string{"client_since": `"2020-03-01T00:00:00Z"`},
			want: errorLike(`client_since must be a real calendar date`)},
		{name: "shirt size XXL", override: map[string]string{"shirt_size": `"XXL"`},
			want: errorLike(`shirt_size value must be one of:.*"XS".*"3XL".*got: "XXL"`)},
		{name: "gender", override: map[string]string{"gender": `"other"`},
			want: errorLike(`gender value must be one of:.*"male".*"female".*got: "other"`)},
		{name: "contact type", override: map[string]string{"contact_type": `"vendor"`},
			want: errorLike(`contact_type value must be one of:.*"employee".*"client".*got: "vendor"`)},
		{name: "neither address line", override: map[string]string{"address": ""},
			want: errorLike(`At least one of these attributes must be configured: \[address,address2\]`)},
		{name: "only address2 accepted", override: map[string]string{"address": "", "address2": `"Suite 5"`}},
		{name: "blank address line", override: map[string]string{"address": `" "`},
			want: errorLike(`address must not be empty or only spaces`)},
		{name: "unknown country UK", override: map[string]string{"country": `"UK"`, "state": `"London"`},
			want: errorLike(`country must be a 2-letter ISO 3166-1 country code in upper case: "UK" is not an ISO 3166-1 alpha-2 country code.*the United Kingdom is GB`)},
		{name: "lower-case country", override: map[string]string{"country": `"us"`},
			want: errorLike(`country must be a 2-letter ISO 3166-1 country code.*in upper case: "US"`)},
		{name: "email", override: map[string]string{"email": `"ada.example.com"`},
			want: errorLike(`email.*must be a valid email address`)},
		{name: "blank city", override: map[string]string{"city": `"  "`},
			want: errorLike(`city must not be empty or only spaces`)},
		{name: "missing postal code", override: map[string]string{"postal_code": ""},
			want: errorLike(`The argument "postal_code" is required`)},
		{name: "list id beyond 32 bits", override: map[string]string{"lists": `[1, 2147483648]`},
			want: errorLike(`lists\[Value\(2147483648\)\] value must be between -2147483648 and 2147483647, got: 2147483648`)},
		{name: "label id not a number", override: map[string]string{"labels": `["vip"]`},
			want: errorLike(`Inappropriate value for attribute "labels"`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			step := resource.TestStep{PlanOnly: true, ExpectError: tc.want, ExpectNonEmptyPlan: tc.want == nil}
			if tc.variable != "" {
				step.Config = providerConfig(m, "0") + fmt.Sprintf(countryFromVariable, tc.override["state"])
				step.ConfigVariables = map[string]config.Variable{"country": config.StringVariable(tc.variable)}
			} else {
				step.Config = contactConfig(m, body(tc.override))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(nil),
				Steps:                    []resource.TestStep{step},
			})
			if n := m.Requests(); n != 0 {
				t.Fatalf("%d requests reached the mock; a plan must send none", n)
			}
		})
	}
}

// List and label ids are Corporate Merch's to know: an unknown id fails the apply with the server's
// error naming it, on the attribute, and nothing is created.
func TestAccCorporateMerchContact_unknownListID(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: contactConfig(m, `
  first_name   = "Ada"
  last_name    = "Lovelace"
  email        = "ada@example.com"
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"
  lists        = [1, 99, 7]
  labels       = [2]
`),
			ExpectError: errorLike(`Corporate Merch refused lists: The selected list ids do not exist: (7, 99|99, 7)\..*` +
				`Use ids of lists that exist in Corporate Merch.*POST /contacts with 422`),
		}},
	})
	if n := len(m.Contacts("corporatemerch")); n != 0 {
		t.Fatalf("%d contacts created with unknown list ids", n)
	}
	if n := m.RouteCount(routeCreate); n != 1 {
		t.Fatalf("create sent %d times; a 422 must not be retried", n)
	}
}

// With the mock enforcing Corporate Merch's 40 requests per minute and the provider's default pacing,
// an apply that needs more than a minute's budget succeeds without a failed resource and with at most
// a handful of 429 answers.
func TestAccCorporateMerchContact_rateLimitedApplySucceeds(t *testing.T) {
	const contacts = 50 // 50 creates: a quarter more than one minute's budget
	m := acctest.NewMock(t)
	m.SetFaults(mockapi.Faults{RateLimitPerMinute: map[string]int{"corporatemerch": 40}})
	resources := fmt.Sprintf(`
resource "contacts_corporatemerch_contact" "bulk" {
  count        = %d
  first_name   = "Bulk"
  last_name    = "Contact ${count.index}"
  email        = "bulk${count.index}@example.com"
  country      = "US"
  address      = "${count.index} Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"
}
`, contacts)
	var (
		start     = time.Now()
		applyTime time.Duration
		limited   int
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		// The plans after the apply need no refresh here; refreshing 50 contacts at 40 a minute would
		// only make the test longer.
		AdditionalCLIOptions: &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{
				Config: providerConfig(m, "") + resources, // default pacing: 40 a minute
				Check: func(*terraform.State) error {
					applyTime = time.Since(start)
					st := m.Stats()
					limited = st.ByStatus["429"]
					if n := len(m.Contacts("corporatemerch")); n != contacts {
						return fmt.Errorf("mock holds %d contacts, want %d", n, contacts)
					}
					if n := st.ByRoute[routeCreate]; n < contacts {
						return fmt.Errorf("%d creates reached the mock, want at least %d", n, contacts)
					}
					if st.ByStatus["201"] != contacts {
						return fmt.Errorf("%d creates answered 201, want %d (answers: %v)", st.ByStatus["201"], contacts, st.ByStatus)
					}
					// The provider paced itself instead of bursting into the limit: at 40 a minute the
					// first 40 creates are spread over about 58.5 s (39 gaps of 1.5 s).
					spread, err := creationSpread(m.Contacts("corporatemerch"), 40)
					if err != nil {
						return err
					}
					if spread < 50*time.Second {
						return fmt.Errorf("the first 40 creates reached the mock within %s: the provider did not pace itself", spread)
					}
					return nil
				},
			},
			{
				// Lift the limit and the pacing so that the destroy is quick; nothing changes.
				PreConfig: func() { m.SetFaults(mockapi.Faults{}) },
				Config:    providerConfig(m, "0") + resources,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
		CheckDestroy: noContactsLeft(m),
	})
	t.Logf("%d creates under a 40/min limit: apply step took %s with %d answers of 429", contacts, applyTime.Round(time.Second), limited)
	if limited > 5 {
		t.Fatalf("the mock answered 429 %d times; pacing should keep that to a handful", limited)
	}
	if applyTime < time.Minute {
		t.Fatalf("%d creates took %s: at 40 a minute they cannot take less than a minute, so the limit was not in force", contacts, applyTime)
	}
}

// creationSpread is the time between the first and the n-th contact's creation at the mock.
func creationSpread(contacts []map[string]any, n int) (time.Duration, error) {
	if len(contacts) < n {
		return 0, fmt.Errorf("%d contacts, want at least %d", len(contacts), n)
	}
	var times []time.Time
	for _, c := range contacts[:n] {
		t, err := time.Parse(time.RFC3339, fmt.Sprint(c["created_at"]))
		if err != nil {
			return 0, fmt.Errorf("contact %v: created_at: %w", c["id"], err)
		}
		times = append(times, t)
	}
	return times[n-1].Sub(times[0]), nil
}

// The answer to a create is lost after Corporate Merch committed it: the create is not sent again,
// and of the contacts with that email, the one matching the configuration is adopted.
func TestAccCorporateMerchContact_lostCreateAnswerAdoptsTheMatch(t *testing.T) {
	m := acctest.NewMock(t)
	// Another contact with the same email but other details, made outside Terraform.
	other := seedContact(t, m, map[string]any{"first_name": "Someone", "last_name": "Else"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "corporatemerch", Drop: true}}})
			},
			Config: contactConfig(m, dropped),
			Check: func(s *terraform.State) error {
				if n := m.RouteCount(routeCreate); n != 2 {
					return fmt.Errorf("create reached the mock %d times, want 2 (the seeded contact and one create)", n)
				}
				if n := m.RouteCount(routeList); n == 0 {
					return fmt.Errorf("the contact list was not searched")
				}
				cs := m.Contacts("corporatemerch")
				if len(cs) != 2 {
					return fmt.Errorf("mock holds %d contacts, want 2", len(cs))
				}
				got := s.RootModule().Resources[addr].Primary.ID
				if got == other || got != fmt.Sprint(cs[1]["id"]) {
					return fmt.Errorf("state id %s is not the contact the lost create made (%v); the other is %s", got, cs[1]["id"], other)
				}
				return nil
			},
		}},
	})
}

// When two contacts match and either may be the one the lost create made, the apply fails naming
// both, and nothing more is created.
func TestAccCorporateMerchContact_lostCreateAnswerAmbiguous(t *testing.T) {
	m := acctest.NewMock(t)
	twin := seedContact(t, m, map[string]any{"first_name": "Dora", "last_name": "Dropped"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{{Vendor: "corporatemerch", Drop: true}}})
			},
			Config:      contactConfig(m, dropped),
			ExpectError: errorLike(`was created is unknown.*2 contacts with email dora@example.com.*ids ` + twin + `, \d+.*terraform import`),
		}},
	})
	if n := len(m.Contacts("corporatemerch")); n != 2 {
		t.Fatalf("mock holds %d contacts, want 2", n)
	}
}

const dropped = `
  first_name   = "Dora"
  last_name    = "Dropped"
  email        = "dora@example.com"
  country      = "US"
  address      = "1 Main St"
  city         = "Springfield"
  state        = "IL"
  postal_code  = "62701"
  contact_type = "employee"
`

// seedContact creates a contact straight at the mock (as another system would) and returns its id.
func seedContact(t *testing.T, m *acctest.Mock, override map[string]any) string {
	t.Helper()
	body := map[string]any{
		"email": "dora@example.com", "country": "US", "address": "1 Main St", "city": "Springfield",
		"state": "IL", "zip_code": "62701", "type": "employee",
	}
	for k, v := range override {
		body[k] = v
	}
	code, raw := m.VendorRequest(t, http.MethodPost, "/corporatemerch/v2/contacts",
		http.Header{"Authorization": {"Bearer " + acctest.APIKey}}, body)
	if code != http.StatusCreated {
		t.Fatalf("seeding a contact: %d %s", code, raw)
	}
	return regexp.MustCompile(`"id"\s*:\s*(\d+)`).FindStringSubmatch(string(raw))[1]
}

// Without credentials the plan fails naming the environment variable and the block, before any request.
func TestAccCorporateMerchContact_missingCredentials(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{"CORPORATEMERCH_BASE_URL": baseURL(m)}),
		Steps: []resource.TestStep{{
			Config:      `provider "contacts" {}` + "\n" + `resource "contacts_corporatemerch_contact" "test" {` + dropped + "}",
			PlanOnly:    true,
			ExpectError: errorLike(`Corporate Merch credentials are not configured.*CORPORATEMERCH_API_TOKEN.*corporatemerch block`),
		}},
	})
	if n := m.Requests(); n != 0 {
		t.Fatalf("%d requests reached the mock", n)
	}
}

// The token and base URL can come from the environment alone.
func TestAccCorporateMerchContact_credentialsFromEnvironment(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(map[string]string{
			"CORPORATEMERCH_API_TOKEN": acctest.APIKey,
			"CORPORATEMERCH_BASE_URL":  baseURL(m),
		}),
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {
  corporatemerch {
    requests_per_minute = 0
  }
}
resource "contacts_corporatemerch_contact" "test" {` + dropped + "}",
			Check: m.HoldsContacts("corporatemerch", 1),
		}},
	})
}

// 429 and 503 answers are waited out and retried until the create succeeds, without a duplicate.
func TestAccCorporateMerchContact_retriesRateLimitAndUnavailable(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			PreConfig: func() { m.QueueRateLimitThenUnavailable("corporatemerch") },
			Config:    contactConfig(m, employee),
			Check:     m.RetriedToSuccess("corporatemerch", 1),
		}},
	})
}

// A wrong token gives Corporate Merch's 401, not retried, with a message saying what to set.
func TestAccCorporateMerchContact_wrongToken(t *testing.T) {
	m := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  corporatemerch {
    api_token           = "not-the-token"
    base_url            = %q
    requests_per_minute = 0
  }
}
resource "contacts_corporatemerch_contact" "test" {%s}`, baseURL(m), dropped),
			ExpectError: errorLike(`401: Unauthenticated\..*CORPORATEMERCH_API_TOKEN`),
		}},
	})
	m.RequireAnsweredOnce(t, "401")
}
