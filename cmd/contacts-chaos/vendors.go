package main

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// vendor is what the suite needs to know about one vendor's contact resource and its mock store.
type vendor struct {
	name         string // the mock's vendor name, as in /_mock/store/{vendor}
	resourceType string // the Terraform resource type
	// nameField is the stored field an update changes: last_name, or Bland's one name field.
	nameField string
	// deletes is false for Bland, which has no delete endpoint (documented absence): a destroy only
	// forgets its contacts, which stay at the vendor.
	deletes bool
	// env gives the provider credentials and the base URL of this vendor at the mock at baseURL.
	env func(baseURL, apiKey string) []string
	// body writes one contact's arguments for generation gen (1 = create, 2 = every contact updated).
	body func(b *hclwrite.Body, c contactSpec, gen int)
}

// vendors lists the four vendors in the order the suite runs them.
var vendors = []vendor{
	{
		name: "maildiver", resourceType: "contacts_maildiver_contact", nameField: "last_name", deletes: true,
		env: func(u, k string) []string {
			return []string{"MAILDIVER_API_KEY=" + k, "MAILDIVER_BASE_URL=" + u + "/maildiver/v1"}
		},
		body: func(b *hclwrite.Body, c contactSpec, gen int) {
			b.SetAttributeValue("audience_id", cty.StringVal(mailDiverAudienceID))
			b.SetAttributeValue("email", cty.StringVal(c.Email))
			b.SetAttributeValue("first_name", cty.StringVal(c.First))
			b.SetAttributeValue("last_name", cty.StringVal(c.last(gen)))
		},
	},
	{
		name: "bland", resourceType: "contacts_bland_contact", nameField: "name", deletes: false,
		env: func(u, k string) []string {
			return []string{"BLAND_API_KEY=" + k, "BLAND_BASE_URL=" + u + "/bland"}
		},
		// Bland needs at least one identifier: every contact has a phone number and an email.
		body: func(b *hclwrite.Body, c contactSpec, gen int) {
			b.SetAttributeValue("phone_number", cty.StringVal(c.Phone))
			b.SetAttributeValue("email", cty.StringVal(c.Email))
			b.SetAttributeValue("name", cty.StringVal(c.First+" "+c.last(gen)))
			b.SetAttributeValue("metadata", cty.StringVal(fmt.Sprintf(`{"source":"contacts-chaos","seq":%d}`, c.Seq)))
		},
	},
	{
		name: "revyops", resourceType: "contacts_revyops_contact", nameField: "last_name", deletes: true,
		env: func(u, k string) []string {
			return []string{"REVYOPS_API_KEY=" + k, "REVYOPS_CLIENT_ID=" + k, "REVYOPS_BASE_URL=" + u + "/revyops"}
		},
		body: func(b *hclwrite.Body, c contactSpec, gen int) {
			b.SetAttributeValue("email", cty.StringVal(c.Email))
			b.SetAttributeValue("first_name", cty.StringVal(c.First))
			b.SetAttributeValue("last_name", cty.StringVal(c.last(gen)))
			b.SetAttributeValue("custom_fields", cty.MapVal(map[string]cty.Value{"source": cty.StringVal("contacts-chaos")}))
		},
	},
	{
		name: "corporatemerch", resourceType: "contacts_corporatemerch_contact", nameField: "last_name", deletes: true,
		env: func(u, k string) []string {
			return []string{"CORPORATEMERCH_API_TOKEN=" + k, "CORPORATEMERCH_BASE_URL=" + u + "/corporatemerch/v2"}
		},
		// Corporate Merch requires names, email, type, country, a street line, city, state (a US state
		// code for country US) and postal code (seed); list 1 is one the mock seeds.
		body: func(b *hclwrite.Body, c contactSpec, gen int) {
			b.SetAttributeValue("first_name", cty.StringVal(c.First))
			b.SetAttributeValue("last_name", cty.StringVal(c.last(gen)))
			b.SetAttributeValue("email", cty.StringVal(c.Email))
			b.SetAttributeValue("contact_type", cty.StringVal("employee"))
			b.SetAttributeValue("country", cty.StringVal("US"))
			b.SetAttributeValue("address", cty.StringVal(fmt.Sprintf("%d Chaos Way", c.Seq)))
			b.SetAttributeValue("city", cty.StringVal(c.Place.city))
			b.SetAttributeValue("state", cty.StringVal(c.Place.state))
			b.SetAttributeValue("postal_code", cty.StringVal(c.Place.zip))
			b.SetAttributeValue("shirt_size", cty.StringVal(shirtSizes[c.Seq%len(shirtSizes)]))
			b.SetAttributeValue("start_date", cty.StringVal("2024-01-15"))
			b.SetAttributeValue("lists", cty.SetVal([]cty.Value{cty.NumberIntVal(1)}))
		},
	},
}

// mailDiverAudienceID is the audience the mock seeds (internal/mockapi: MailDiverDemoAudienceID).
const mailDiverAudienceID = "01959b50-eda7-7597-acb1-cfeffdd53400"

func vendorByName(name string) (vendor, bool) {
	for _, v := range vendors {
		if v.name == name {
			return v, true
		}
	}
	return vendor{}, false
}

// contactSpec is one generated contact.
type contactSpec struct {
	Seq   int    // 1-based position, also the resource name's number
	Email string // distinct per contact; every fourth one in mixed case, which must not plan a change
	First string
	Last  string // the last name of generation 1
	Phone string // Bland only
	Place place  // Corporate Merch only
}

// last is the contact's last name in generation gen: an update changes every contact's last name.
func (c contactSpec) last(gen int) string {
	if gen <= 1 {
		return c.Last
	}
	return fmt.Sprintf("%s-%d", c.Last, gen)
}

// resourceName is the contact's name in the configuration: c001, c002, ...
func (c contactSpec) resourceName() string { return fmt.Sprintf("c%03d", c.Seq) }

type place struct{ city, state, zip string }

var (
	firstNames = []string{"Ada", "Grace", "Katherine", "Dorothy", "Mary", "Annie", "Hedy", "Radia", "Frances", "Barbara",
		"Alan", "Edsger", "Donald", "Niklaus", "Dennis", "Ken", "Linus", "Margaret", "Jean", "Sophie"}
	lastNames = []string{"Lovelace", "Hopper", "Johnson", "Vaughan", "Jackson", "Easley", "Lamarr", "Perlman", "Allen",
		"Liskov", "Turing", "Dijkstra", "Knuth", "Wirth", "Ritchie", "Thompson", "Torvalds", "Hamilton", "Bartik", "Wilson"}
	places = []place{
		{"Springfield", "IL", "62701"}, {"Albany", "NY", "12207"}, {"Sacramento", "CA", "95814"},
		{"Austin", "TX", "78701"}, {"Olympia", "WA", "98501"}, {"Denver", "CO", "80202"},
	}
	shirtSizes = []string{"XS", "SM", "MD", "LG", "XL", "2XL", "3XL"}
)

// generateContacts returns n contacts for vendor v. Emails (and Bland's phone numbers) depend only on
// the position, so they are distinct; names and places are drawn from seed, so a run is repeatable.
func generateContacts(v vendor, n int, seed uint64) []contactSpec {
	rng := rand.New(rand.NewPCG(seed, uint64(len(v.name))))
	out := make([]contactSpec, 0, n)
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("chaos.%s.%03d@example.com", v.name, i)
		if i%4 == 0 {
			email = fmt.Sprintf("Chaos.%s.%03d@Example.COM", strings.ToUpper(v.name[:1])+v.name[1:], i)
		}
		out = append(out, contactSpec{
			Seq:   i,
			Email: email,
			First: firstNames[rng.IntN(len(firstNames))],
			Last:  lastNames[rng.IntN(len(lastNames))],
			// 555-01xx numbers are reserved for fiction; four digits keep up to 9999 contacts distinct.
			Phone: fmt.Sprintf("+1415555%04d", i),
			Place: places[rng.IntN(len(places))],
		})
	}
	return out
}

// renderContacts is the configuration (one resource block per contact) for generation gen. The
// provider block and required_providers live in providerConfig, so a test can use these blocks with
// its own provider factories.
func renderContacts(v vendor, contacts []contactSpec, gen int) []byte {
	f := hclwrite.NewEmptyFile()
	root := f.Body()
	for i, c := range contacts {
		if i > 0 {
			root.AppendNewline()
		}
		blk := root.AppendNewBlock("resource", []string{v.resourceType, c.resourceName()})
		v.body(blk.Body(), c, gen)
	}
	return hclwrite.Format(f.Bytes())
}

// providerConfig names the provider by its registry address (resolved to the local build through the
// CLI configuration's dev_overrides); credentials and base URLs come from the environment.
const providerConfig = `terraform {
  required_providers {
    contacts = {
      source = "contacts-provider/contacts"
    }
  }
}

provider "contacts" {}
`

// expectedName is the value of v.nameField the vendor should hold for c after generation gen.
func expectedName(v vendor, c contactSpec, gen int) string {
	if v.nameField == "name" {
		return c.First + " " + c.last(gen)
	}
	return c.last(gen)
}
