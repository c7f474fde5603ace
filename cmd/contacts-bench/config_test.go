package main

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestConfigurationsParse checks that every generated configuration is valid HCL with one block per
// contact, and that settings land in the vendor's block inside the provider block.
func TestConfigurationsParse(t *testing.T) {
	contacts := mailDiverContacts("bench", 3)
	for name, src := range map[string]string{
		"maildiver":      mailDiverConfig(contacts),
		"terraform_data": terraformDataConfig(contacts),
		"corporatemerch": corporateMerchConfig(contacts),
	} {
		f, diags := hclsyntax.ParseConfig([]byte(src), name+".tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s\n%s", name, diags, src)
		}
		if n := len(f.Body.(*hclsyntax.Body).Blocks); n != 3 {
			t.Fatalf("%s: %d blocks, want 3", name, n)
		}
	}
	src := providerBlock(vendorSettings("maildiver", `refresh_strategy = "list"`+"\nrequests_per_minute = 600"))
	f, diags := hclsyntax.ParseConfig([]byte(src), "provider.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s\n%s", diags, src)
	}
	var provider *hclsyntax.Block
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type == "provider" {
			provider = b
		}
	}
	if provider == nil || len(provider.Body.Blocks) != 1 || provider.Body.Blocks[0].Type != "maildiver" ||
		len(provider.Body.Blocks[0].Body.Attributes) != 2 {
		t.Fatalf("settings not in provider { maildiver { ... } }:\n%s", src)
	}
	if got := providerBlock(vendorSettings("maildiver", "  ")); !strings.Contains(got, "provider \"contacts\" {}\n") {
		t.Fatalf("no settings should leave an empty provider block:\n%s", got)
	}
}

func TestMailDiverContactsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range mailDiverContacts("bench", 3000) {
		if seen[c.Email] || seen[c.Name] {
			t.Fatalf("duplicate %+v", c)
		}
		seen[c.Email], seen[c.Name] = true, true
	}
}

func TestFrameworkFloorConfig(t *testing.T) {
	contacts := mailDiverContacts("floor", 2)
	got := frameworkFloorConfig(contacts)
	if strings.Contains(got, "contacts_maildiver_contact") || strings.Count(got, `resource "contacts_floor_contact"`) != 2 {
		t.Fatalf("framework floor configuration:\n%s", got)
	}
	// The same values as the provider's configuration, so that only the resource differs.
	if want := strings.ReplaceAll(mailDiverConfig(contacts), "contacts_maildiver_contact", "contacts_floor_contact"); got != want {
		t.Fatalf("framework floor configuration differs from the provider's beyond the type:\n%s\nwant\n%s", got, want)
	}
}
