// Package adoption tests bringing contacts made outside Terraform under Terraform with the engine's
// own config generation (Terraform 1.14+): `terraform query -generate-config-out` over every vendor's
// list resource, and `terraform plan -generate-config-out` over import blocks with identities.
package adoption

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// seeded is what the test made at each vendor outside Terraform, by vendor: contact ids.
type seeded map[string][]string

// seed makes contacts at every vendor of m as another system would: three in MailDiver's audience,
// one at each other vendor, the Bland one with metadata and the RevyOps one with a custom field
// (which the generated configuration must leave unmanaged, so the plan after import stays empty).
func seed(t *testing.T, m *acctest.Mock) seeded {
	t.Helper()
	out := seeded{}
	post := func(vendor, path string, header http.Header, body any, idOf func([]byte) string) {
		code, raw := m.VendorRequest(t, http.MethodPost, path, header, body)
		if code != http.StatusOK && code != http.StatusCreated {
			t.Fatalf("seeding %s: %d %s", vendor, code, raw)
		}
		out[vendor] = append(out[vendor], idOf(raw))
	}
	idField := func(raw []byte) string {
		var v struct {
			ID   any `json:"id"`
			Data struct {
				ID      any `json:"id"`
				Contact struct {
					ID string `json:"id"`
				} `json:"contact"`
			} `json:"data"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		for _, id := range []any{v.ID, v.Data.ID, v.Data.Contact.ID} {
			if s := fmt.Sprint(id); id != nil && s != "" && s != "<nil>" {
				return strings.TrimSuffix(s, ".0")
			}
		}
		t.Fatalf("no id in %s", raw)
		return ""
	}
	for i, first := range []string{"Ada", "Grace", "Edsger"} {
		post("maildiver", "/maildiver/v1/audiences/"+acctest.MailDiverAudienceID+"/contacts",
			http.Header{"Authorization": {"Bearer " + acctest.APIKey}},
			map[string]any{"email": fmt.Sprintf("seed%d@example.com", i), "first_name": first}, idField)
	}
	post("bland", "/bland/v1/contacts/resolve", http.Header{"Authorization": {acctest.APIKey}},
		map[string]any{"email": "bee@example.com", "name": "Bee", "metadata": map[string]any{"tier": "gold"}}, idField)
	post("revyops", "/revyops/public/v2/contacts", http.Header{"X-Api-Key": {acctest.APIKey}},
		map[string]any{"email": "rey@example.com", "first_name": "Rey",
			"contact_custom_fields": []map[string]any{{"field_name": "tier", "field_value": "gold"}}}, idField)
	post("corporatemerch", "/corporatemerch/v2/contacts", http.Header{"Authorization": {"Bearer " + acctest.APIKey}},
		map[string]any{"first_name": "Cee", "last_name": "Em", "email": "cee@example.com", "country": "US",
			"address": "1 Main St", "city": "Springfield", "state": "IL", "zip_code": "62701", "type": "employee"}, idField)
	return out
}

// providerBlock configures every vendor against the mock.
func providerBlock(m *acctest.Mock) string {
	return fmt.Sprintf(`provider "contacts" {
  maildiver {
    api_key  = %[1]q
    base_url = "%[2]s/maildiver/v1"
  }
  bland {
    api_key  = %[1]q
    base_url = "%[2]s/bland"
  }
  revyops {
    api_key  = %[1]q
    base_url = "%[2]s/revyops"
  }
  corporatemerch {
    api_token           = %[1]q
    base_url            = "%[2]s/corporatemerch/v2"
    requests_per_minute = 0
  }
}
`, acctest.APIKey, m.URL)
}

const requiredProviders = `terraform {
  required_providers {
    contacts = { source = "contacts-provider/contacts" }
  }
}
`

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// storeUnchanged checks that adopting the contacts changed nothing at the vendors: the metadata and
// custom field that the generated configuration does not manage are still there.
func storeUnchanged(t *testing.T, m *acctest.Mock) {
	t.Helper()
	bl := m.Contacts("bland")
	if len(bl) != 1 || fmt.Sprint(bl[0]["metadata"]) != "map[tier:gold]" {
		t.Errorf("Bland holds %v, want the seeded contact with metadata tier=gold", bl)
	}
	ro := m.Contacts("revyops")
	if len(ro) != 1 || !strings.Contains(fmt.Sprint(ro[0]["contact_custom_fields"]), "gold") {
		t.Errorf("RevyOps holds %v, want the seeded contact with custom field tier=gold", ro)
	}
	if n := len(m.Contacts("maildiver")); n != 3 {
		t.Errorf("MailDiver holds %d contacts, want the 3 seeded", n)
	}
	if n := len(m.Contacts("corporatemerch")); n != 1 {
		t.Errorf("Corporate Merch holds %d contacts, want the 1 seeded", n)
	}
}

// One `terraform query -generate-config-out` writes a resource and an import block (by identity) for
// every contact at every vendor; applying them imports everything and changes nothing, and the next
// plan is empty.
func TestAccAdoption_queryGeneratesConfig(t *testing.T) {
	tf := acctest.NeedEngine(t, "1.14.0", true)
	providers := acctest.ProviderDir(t)
	m := acctest.NewMock(t)
	ids := seed(t, m)
	dir := t.TempDir()
	write(t, dir, "main.tf", requiredProviders+providerBlock(m))
	write(t, dir, "contacts.tfquery.hcl", fmt.Sprintf(`
list "contacts_maildiver_contact" "maildiver" {
  provider         = contacts
  include_resource = true
  config {
    audience_id = %q
  }
}
list "contacts_bland_contact" "bland" {
  provider         = contacts
  include_resource = true
}
list "contacts_revyops_contact" "revyops" {
  provider         = contacts
  include_resource = true
}
list "contacts_corporatemerch_contact" "corporatemerch" {
  provider         = contacts
  include_resource = true
}
`, acctest.MailDiverAudienceID))

	tf.Run(t, dir, providers, "query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	for vendor, vids := range ids {
		for _, id := range vids {
			if !strings.Contains(gen, fmt.Sprintf("%q", id)) && !regexp.MustCompile(`id\s*=\s*`+regexp.QuoteMeta(id)+`\b`).MatchString(gen) {
				t.Errorf("generated.tf has no import of %s contact %s:\n%s", vendor, id, gen)
			}
		}
	}
	if n := strings.Count(gen, "import {"); n != 6 {
		t.Errorf("generated.tf has %d import blocks, want 6:\n%s", n, gen)
	}
	for _, readOnly := range []string{"created_at", "updated_at", "metadata_all", "custom_fields_all", "identifiers", "org_id", "updated_time"} {
		if regexp.MustCompile(`(?m)^\s*` + readOnly + `\s*=`).MatchString(gen) {
			t.Errorf("generated.tf sets the read-only attribute %s:\n%s", readOnly, gen)
		}
	}

	out := tf.Run(t, dir, providers, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "6 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the apply of the generated configuration did more than import:\n%s", out)
	}
	if out, code := tf.RunExit(t, dir, providers, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the plan after adopting is not empty (exit %d):\n%s", code, out)
	}
	storeUnchanged(t, m)
}

// `terraform plan -generate-config-out` over one import block per vendor, each by identity, writes
// configuration that imports each contact with no change, and the next plan is empty.
func TestAccAdoption_importBlockGeneratesConfig(t *testing.T) {
	tf := acctest.NeedEngine(t, "1.14.0", true)
	providers := acctest.ProviderDir(t)
	m := acctest.NewMock(t)
	ids := seed(t, m)
	dir := t.TempDir()
	write(t, dir, "main.tf", requiredProviders+providerBlock(m)+fmt.Sprintf(`
import {
  to       = contacts_maildiver_contact.ada
  identity = {
    audience_id = %q
    id          = %q
  }
}
import {
  to       = contacts_bland_contact.bee
  identity = { id = %q }
}
import {
  to       = contacts_revyops_contact.rey
  identity = { id = %s }
}
import {
  to       = contacts_corporatemerch_contact.cee
  identity = { id = %s }
}
`, acctest.MailDiverAudienceID, ids["maildiver"][0], ids["bland"][0], ids["revyops"][0], ids["corporatemerch"][0]))

	tf.Run(t, dir, providers, "plan", "-generate-config-out=generated.tf", "-input=false")
	out := tf.Run(t, dir, providers, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "4 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the apply of the generated configuration did more than import:\n%s", out)
	}
	if out, code := tf.RunExit(t, dir, providers, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the plan after adopting is not empty (exit %d):\n%s", code, out)
	}
	storeUnchanged(t, m)
}

func TestMain(m *testing.M) {
	code := m.Run()
	acctest.RemoveProviderDir()
	os.Exit(code)
}
