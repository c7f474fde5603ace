package acctest

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// CollectionFixture describes one vendor's contacts for RunCollectionReads.
type CollectionFixture struct {
	Vendor       string // the mock's vendor name, e.g. "maildiver"
	ResourceType string // e.g. "contacts_maildiver_contact"
	// Provider is the provider block, with refresh_strategy set to strategy in the vendor's block
	// ("" leaves it unset: the default).
	Provider func(m *Mock, strategy string) string
	// Body is the body of a contact resource with this email and first name (Bland: name).
	Body func(email, firstName string) string
	// ImportID is the import id that looks a contact up by email.
	ImportID func(email string) string
	// DataSourceByEmail is the body of the vendor's data source looking a contact up by the HCL
	// expression emailExpr, or nil when the vendor's data source has no lookup by email.
	DataSourceByEmail func(emailExpr string) string
	// DataSourceByID is the body of the vendor's data source looking a contact up by the HCL
	// expression idExpr.
	DataSourceByID func(idExpr string) string
	DataSourceType string
	// NameAttribute is the resource's attribute that Body's firstName sets; StoreNameField the field
	// of the mock's contact that holds it.
	NameAttribute, StoreNameField string
	// CreateOutOfBand creates a contact at the vendor as another system would and returns its id.
	CreateOutOfBand func(t *testing.T, m *Mock, email, firstName string) string
	// ListRoute and GetRoute are the mock's routes of the collection's listing and of a single GET.
	ListRoute, GetRoute string
}

// VendorProvider is a provider block with max_retries 3 and one vendor block holding args (HCL
// expressions by name), plus refresh_strategy when strategy is set.
func VendorProvider(vendor string, args map[string]string, strategy string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nprovider \"contacts\" {\n  max_retries = 3\n  %s {\n", vendor)
	names := make([]string, 0, len(args))
	for k := range args {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "    %s = %s\n", k, args[k])
	}
	if strategy != "" {
		fmt.Fprintf(&b, "    refresh_strategy = %q\n", strategy)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// RunCollectionReads proves, for each refresh_strategy, that refresh never serves a stale contact:
// an out-of-band edit, delete and create between two plans are each seen; data sources read during
// an apply see the contacts that apply created and updated; and refresh costs what the strategy
// says (auto and list: listings and no single GET for a collection that fits on a page; get: single
// GETs and no listing).
func RunCollectionReads(t *testing.T, f CollectionFixture) {
	for _, strategy := range []string{"", "list", "get"} {
		name := strategy
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runCollectionReads(t, f, strategy)
		})
	}
}

func runCollectionReads(t *testing.T, f CollectionFixture, strategy string) {
	m := NewMock(t)
	email := func(i string) string { return "coll-" + i + "@example.com" }
	res := func(name, mail, first string) string {
		return fmt.Sprintf("\nresource %q %q {\n%s\n}\n", f.ResourceType, name, f.Body(mail, first))
	}
	dsByID := func(name, idExpr, extra string) string {
		return fmt.Sprintf("\ndata %q %q {\n%s\n%s\n}\n", f.DataSourceType, name, f.DataSourceByID(idExpr), extra)
	}
	ds := func(name, emailExpr string) string {
		if f.DataSourceByEmail == nil {
			return ""
		}
		return fmt.Sprintf("\ndata %q %q {\n%s\n}\n", f.DataSourceType, name, f.DataSourceByEmail(emailExpr))
	}
	addr := func(name string) string { return f.ResourceType + "." + name }
	dsAddr := func(name string) string { return "data." + f.DataSourceType + "." + name }
	sameID := func(dsName, resName string) resource.TestCheckFunc {
		if f.DataSourceByEmail == nil {
			return func(*terraform.State) error { return nil }
		}
		return resource.TestCheckResourceAttrPair(dsAddr(dsName), "id", addr(resName), "id")
	}
	checkDS := func(dsName, attr, want string) resource.TestCheckFunc {
		if f.DataSourceByEmail == nil {
			return func(*terraform.State) error { return nil }
		}
		return resource.TestCheckResourceAttr(dsAddr(dsName), attr, want)
	}
	stored := func(id *string, want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			c, ok := m.StoredContact(f.Vendor, *id)
			if !ok {
				return fmt.Errorf("%s holds no contact %s", f.Vendor, *id)
			}
			if got := fmt.Sprint(c[f.StoreNameField]); got != want {
				return fmt.Errorf("%s holds %s %q for contact %s, want %q", f.Vendor, f.StoreNameField, got, *id, want)
			}
			return nil
		}
	}

	// Step 1: three contacts, and a data source that looks the first up by email once it exists.
	config1 := f.Provider(m, strategy) +
		res("c0", email("0"), "Ada") + res("c1", email("1"), "Ada") + res("c2", email("2"), "Ada") +
		ds("d0", addr("c0")+".email")
	// Step 2: the first edited, the second deleted and a fourth created, all out of band; the fourth
	// is imported by email and looked up by a data source.
	config2 := config1 + res("cx", email("x"), "Xavier") +
		fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr("cx"), f.ImportID(email("x"))) +
		ds("dx", fmt.Sprintf("%q", email("x")))
	// Step 3: in one apply, the third is updated and a fifth created; data sources that depend on them
	// are read in that apply, after the writes. Before the update, in the same apply, a data source
	// reads the first contact (which lists the collection, with the third as it was); the update waits
	// for it (depends_on), and a data source read after the update must see the new name.
	config3 := f.Provider(m, strategy) +
		"\nresource \"terraform_data\" \"tick\" {\n  input = \"step 3\"\n}\n" +
		dsByID("early", addr("c0")+".id", "  depends_on = [terraform_data.tick]") +
		res("c0", email("0"), "Ada") + res("c1", email("1"), "Ada") +
		strings.Replace(res("c2", email("2"), "Grace"), "\n}\n", fmt.Sprintf("\n  depends_on = [%s]\n}\n", dsAddr("early")), 1) +
		res("cx", email("x"), "Xavier") + res("c3", email("3"), "Hopper") +
		dsByID("late", addr("c2")+".id", "") +
		ds("d2", addr("c2")+".email") + ds("d3", addr("c3")+".email")
	// Step 4: the same contacts, without data sources (their lookups by email may list the collection
	// whatever the strategy).
	config4 := f.Provider(m, strategy) +
		res("c0", email("0"), "Ada") + res("c1", email("1"), "Ada") + res("c2", email("2"), "Grace") +
		res("cx", email("x"), "Xavier") + res("c3", email("3"), "Hopper")

	var id0, id1, id2, idx, id3, oldID1 string
	var before map[string]int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: Factories(nil),
		Steps: []resource.TestStep{
			{
				Config: config1,
				Check: resource.ComposeAggregateTestCheckFunc(
					CaptureID(addr("c0"), &id0), CaptureID(addr("c1"), &id1), CaptureID(addr("c2"), &id2),
					sameID("d0", "c0"),
				),
			},
			{
				PreConfig: func() {
					if err := m.PatchContact(f.Vendor, id0, map[string]any{f.StoreNameField: "Edited"}); err != nil {
						t.Fatal(err)
					}
					if err := m.DeleteContact(f.Vendor, id1); err != nil {
						t.Fatal(err)
					}
					oldID1 = id1
					idx = f.CreateOutOfBand(t, m, email("x"), "Xavier")
				},
				Config: config2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr("c0"), plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(addr("c1"), plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(addr("c2"), plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(addr("cx"), plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stored(&id0, "Ada"),
					CaptureID(addr("c1"), &id1),
					func(*terraform.State) error {
						if id1 == oldID1 {
							return fmt.Errorf("c1 kept the id %s of the contact deleted out of band", id1)
						}
						return nil
					},
					resource.TestCheckResourceAttrPtr(addr("cx"), "id", &idx),
					sameID("dx", "cx"),
					checkDS("dx", f.NameAttribute, "Xavier"),
				),
			},
			{
				Config: config3,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr("c2"), plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(addr("c3"), plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stored(&id2, "Grace"),
					resource.TestCheckResourceAttr(addr("c2"), f.NameAttribute, "Grace"),
					resource.TestCheckResourceAttr(dsAddr("early"), f.NameAttribute, "Ada"),
					resource.TestCheckResourceAttr(dsAddr("late"), f.NameAttribute, "Grace"),
					CaptureID(addr("c3"), &id3),
					stored(&id3, "Hopper"),
					sameID("d2", "c2"),
					checkDS("d2", f.NameAttribute, "Grace"),
					sameID("d3", "c3"),
					checkDS("d3", f.NameAttribute, "Hopper"),
				),
			},
			{
				// Nothing changes: what refreshing five contacts cost, by strategy.
				PreConfig: func() { before = m.Stats().ByRoute },
				Config:    config4,
				Check: func(*terraform.State) error {
					after := m.Stats().ByRoute
					lists, gets := after[f.ListRoute]-before[f.ListRoute], after[f.GetRoute]-before[f.GetRoute]
					switch strategy {
					case "get":
						if lists != 0 || gets < 5 {
							return fmt.Errorf("refresh_strategy get: %d listings and %d GETs; want none and at least 5", lists, gets)
						}
					default:
						if lists < 1 || gets != 0 {
							return fmt.Errorf("refresh_strategy %q: %d listings and %d GETs; want at least one and none (%s)",
								strategy, lists, gets, routesSince(before, after))
						}
					}
					return nil
				},
			},
		},
	})
}

// routesSince lists the routes requested between two snapshots of the mock's stats.
func routesSince(before, after map[string]int) string {
	var parts []string
	for route, n := range after {
		if d := n - before[route]; d > 0 {
			parts = append(parts, fmt.Sprintf("%s ×%d", route, d))
		}
	}
	return strings.Join(parts, ", ")
}
