package main

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/zclconf/go-cty/cty"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
)

func TestGenerateContactsAreDistinctAndRepeatable(t *testing.T) {
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			a := generateContacts(v, 120, 7)
			if len(a) != 120 {
				t.Fatalf("got %d contacts, want 120", len(a))
			}
			emails, phones, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
			mixed := 0
			for i, c := range a {
				if c.Seq != i+1 || c.resourceName() == "" {
					t.Fatalf("contact %d: seq %d", i, c.Seq)
				}
				e := normalizeEmail(c.Email)
				if emails[e] {
					t.Fatalf("email %s generated twice (case ignored)", c.Email)
				}
				emails[e] = true
				if phones[c.Phone] {
					t.Fatalf("phone %s generated twice", c.Phone)
				}
				phones[c.Phone] = true
				if c.Email != e {
					mixed++
				}
				names[c.First+" "+c.Last] = true
			}
			if mixed != 30 {
				t.Errorf("%d emails in mixed case, want every fourth (30)", mixed)
			}
			if len(names) < 20 {
				t.Errorf("only %d distinct names in 120 contacts", len(names))
			}
			b := generateContacts(v, 120, 7)
			c := generateContacts(v, 120, 8)
			same, differ := true, false
			for i := range a {
				same = same && a[i] == b[i]
				differ = differ || a[i].First != c[i].First || a[i].Last != c[i].Last
			}
			if !same {
				t.Error("the same seed generated different contacts")
			}
			if !differ {
				t.Error("another seed generated the same names")
			}
		})
	}
}

// e164 is the phone form Bland's docs show (+14155550192).
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// TestRenderedConfigurationFitsTheSchema checks every generated block against the provider's own
// resource schema: every required argument is set, no argument is unknown, and the values fit the
// vendors' rules the suite relies on.
func TestRenderedConfigurationFitsTheSchema(t *testing.T) {
	schemas := resourceSchemas(t)
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			attrs, ok := schemas[v.resourceType]
			if !ok {
				t.Fatalf("the provider has no resource %s", v.resourceType)
			}
			contacts := generateContacts(v, 12, 3)
			blocks := parseBlocks(t, renderContacts(v, contacts, 1))
			if len(blocks) != len(contacts) {
				t.Fatalf("%d resource blocks for %d contacts", len(blocks), len(contacts))
			}
			for i, b := range blocks {
				if b.typ != v.resourceType || b.name != contacts[i].resourceName() {
					t.Fatalf("block %d is %s.%s", i, b.typ, b.name)
				}
				for name, required := range attrs {
					if _, set := b.values[name]; required && !set {
						t.Errorf("%s: required argument %s is not set", b.name, name)
					}
				}
				for name := range b.values {
					if _, known := attrs[name]; !known {
						t.Errorf("%s: %s is not an argument of %s", b.name, name, v.resourceType)
					}
				}
				if got := b.values["email"].AsString(); got != contacts[i].Email {
					t.Errorf("%s: email %q, want %q", b.name, got, contacts[i].Email)
				}
				switch v.name {
				case "maildiver":
					if got := b.values["audience_id"].AsString(); got != mockapi.MailDiverDemoAudienceID {
						t.Errorf("audience_id %q is not the audience the mock seeds", got)
					}
				case "bland":
					if !e164.MatchString(b.values["phone_number"].AsString()) {
						t.Errorf("phone_number %q is not in E.164 form", b.values["phone_number"].AsString())
					}
				case "corporatemerch":
					// seed: for country US the state is a 2-letter state code; one address line is required.
					if b.values["country"].AsString() != "US" || !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(b.values["state"].AsString()) {
						t.Errorf("country %q, state %q", b.values["country"].AsString(), b.values["state"].AsString())
					}
					if _, ok := b.values["address"]; !ok {
						t.Error("no address line")
					}
				}
			}
		})
	}
}

func TestUpdateChangesOnlyTheName(t *testing.T) {
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			contacts := generateContacts(v, 5, 1)
			before := parseBlocks(t, renderContacts(v, contacts, 1))
			after := parseBlocks(t, renderContacts(v, contacts, 2))
			// The argument carrying the name the store's nameField shows.
			arg := v.nameField
			for i := range before {
				var changed []string
				for name, val := range after[i].values {
					if !val.RawEquals(before[i].values[name]) {
						changed = append(changed, name)
					}
				}
				if len(changed) != 1 || changed[0] != arg {
					t.Fatalf("%s: generation 2 changes %v, want only %s", before[i].name, changed, arg)
				}
				if got, want := after[i].values[arg].AsString(), expectedName(v, contacts[i], 2); got != want {
					t.Errorf("%s: %s = %q, expectedName says %q", before[i].name, arg, got, want)
				}
				if got, want := before[i].values[arg].AsString(), expectedName(v, contacts[i], 1); got != want {
					t.Errorf("%s: %s = %q, expectedName says %q", before[i].name, arg, got, want)
				}
			}
		})
	}
}

type parsedBlock struct {
	typ, name string
	values    map[string]cty.Value
}

func parseBlocks(t *testing.T, src []byte) []parsedBlock {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, "contacts.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("generated configuration does not parse: %s\n%s", diags, src)
	}
	var out []parsedBlock
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			t.Fatalf("unexpected block %s %v", b.Type, b.Labels)
		}
		pb := parsedBlock{typ: b.Labels[0], name: b.Labels[1], values: map[string]cty.Value{}}
		for name, a := range b.Body.Attributes {
			val, diags := a.Expr.Value(nil)
			if diags.HasErrors() {
				t.Fatalf("%s.%s: %s", pb.name, name, diags)
			}
			pb.values[name] = val
		}
		out = append(out, pb)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// resourceSchemas maps each resource type of the provider to its arguments (settable attributes)
// and whether each is required.
func resourceSchemas(t *testing.T) map[string]map[string]bool {
	t.Helper()
	ctx := context.Background()
	p := provider.New("test")()
	out := map[string]map[string]bool{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "contacts"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", md.TypeName, sr.Diagnostics)
		}
		args := map[string]bool{}
		for name, a := range sr.Schema.Attributes {
			if a.IsRequired() || a.IsOptional() {
				args[name] = a.IsRequired()
			}
		}
		out[md.TypeName] = args
	}
	if len(out) == 0 || !strings.Contains(strings.Join(keys(out), " "), "contacts_") {
		t.Fatalf("no resources found in the provider: %v", keys(out))
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
