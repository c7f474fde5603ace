package main

import (
	"fmt"
	"strings"
)

// mailDiverAudienceID is the audience the mock seeds and keeps across resets
// (internal/mockapi: MailDiverDemoAudienceID); every MailDiver contact of the bench is in it.
const mailDiverAudienceID = "01959b50-eda7-7597-acb1-cfeffdd53400"

// contact is one generated MailDiver contact.
type contact struct {
	Name  string // the resource name: c00001
	Email string
	First string
	Last  string
}

// mailDiverContacts returns n contacts whose emails start with prefix and are distinct by position.
func mailDiverContacts(prefix string, n int) []contact {
	out := make([]contact, n)
	for i := range out {
		out[i] = contact{
			Name:  fmt.Sprintf("c%05d", i+1),
			Email: fmt.Sprintf("%s.%05d@example.com", prefix, i+1),
			First: "Bench",
			Last:  fmt.Sprintf("Contact %d", i+1),
		}
	}
	return out
}

// providerBlock names the provider by its registry address (resolved to the build under test through
// the CLI configuration's dev_overrides); credentials and base URLs come from the environment. body
// is HCL inside the provider block ("" for none).
func providerBlock(body string) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    contacts = {\n      source = \"contacts-provider/contacts\"\n    }\n  }\n}\n\n")
	if strings.TrimSpace(body) == "" {
		b.WriteString("provider \"contacts\" {}\n")
		return b.String()
	}
	b.WriteString("provider \"contacts\" {\n")
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// vendorSettings is the provider-block body that sets one vendor's arguments ("" when there are none).
func vendorSettings(vendor, settings string) string {
	if strings.TrimSpace(settings) == "" {
		return ""
	}
	return vendor + " {\n  " + strings.ReplaceAll(strings.TrimSpace(settings), "\n", "\n  ") + "\n}\n"
}

// mailDiverConfig is one contacts_maildiver_contact per contact.
func mailDiverConfig(contacts []contact) string {
	var b strings.Builder
	for _, c := range contacts {
		fmt.Fprintf(&b, "resource \"contacts_maildiver_contact\" %q {\n  audience_id = %q\n  email       = %q\n  first_name  = %q\n  last_name   = %q\n}\n\n",
			c.Name, mailDiverAudienceID, c.Email, c.First, c.Last)
	}
	return b.String()
}

// frameworkFloorConfig is one contacts_floor_contact of the framework floor per contact, with the
// values and attributes of mailDiverConfig.
func frameworkFloorConfig(contacts []contact) string {
	return strings.ReplaceAll(mailDiverConfig(contacts), `resource "contacts_maildiver_contact"`, `resource "contacts_floor_contact"`)
}

// terraformDataConfig is the same contacts as terraform_data resources: the same number of resources
// and the same values, with nothing behind them (Terraform's floor).
func terraformDataConfig(contacts []contact) string {
	var b strings.Builder
	for _, c := range contacts {
		fmt.Fprintf(&b, "resource \"terraform_data\" %q {\n  input = {\n    audience_id = %q\n    email       = %q\n    first_name  = %q\n    last_name   = %q\n  }\n}\n\n",
			c.Name, mailDiverAudienceID, c.Email, c.First, c.Last)
	}
	return b.String()
}

// corporateMerchConfig is one contacts_corporatemerch_contact per contact, with the fields Corporate
// Merch requires (names, email, type, country, street line, city, state, postal code).
func corporateMerchConfig(contacts []contact) string {
	var b strings.Builder
	for i, c := range contacts {
		fmt.Fprintf(&b, "resource \"contacts_corporatemerch_contact\" %q {\n  first_name   = %q\n  last_name    = %q\n  email        = %q\n"+
			"  contact_type = \"employee\"\n  country      = \"US\"\n  address      = \"%d Bench Way\"\n  city         = \"Springfield\"\n"+
			"  state        = \"IL\"\n  postal_code  = \"62701\"\n}\n\n", c.Name, c.First, c.Last, c.Email, i+1)
	}
	return b.String()
}
