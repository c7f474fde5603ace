package acctest

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// IdentityFixture is one vendor's contact for RunIdentity.
type IdentityFixture struct {
	Vendor  string // the mock's vendor name
	Address string // resource address in Config
	// Config is the provider block and the resource at Address with this first name (Bland: name).
	Config func(m *Mock, firstName string) string
	// IntID says the vendor's ids are whole numbers (the identity holds a number).
	IntID bool
	// Extra is the identity's other attributes and their expected values (MailDiver: audience_id).
	Extra map[string]string
}

// RunIdentity proves the resource's identity (Terraform 1.12+): it names the contact the vendor holds
// after create, stays the same across refresh and update, and an import block with that identity
// imports the contact with no change planned.
func RunIdentity(t *testing.T, f IdentityFixture) {
	m := NewMock(t)
	// the one contact the mock holds: its id, which the identity must carry
	storedID := func() (string, error) {
		cs := m.Contacts(f.Vendor)
		if len(cs) != 1 {
			return "", fmt.Errorf("the mock holds %d %s contacts, want 1", len(cs), f.Vendor)
		}
		return fmt.Sprint(cs[0]["id"]), nil
	}
	expect := func() statecheck.StateCheck {
		checks := map[string]knownvalue.Check{}
		if f.IntID {
			checks["id"] = knownvalue.Int64Func(func(v int64) error {
				want, err := storedID()
				if err == nil && strconv.FormatInt(v, 10) != want {
					err = fmt.Errorf("identity id %d, want the stored contact's %s", v, want)
				}
				return err
			})
		} else {
			checks["id"] = knownvalue.StringFunc(func(v string) error {
				want, err := storedID()
				if err == nil && v != want {
					err = fmt.Errorf("identity id %q, want the stored contact's %q", v, want)
				}
				return err
			})
		}
		for k, v := range f.Extra {
			checks[k] = knownvalue.StringExact(v)
		}
		return statecheck.ExpectIdentity(f.Address, checks)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: Factories(nil),
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBelow(tfversion.Version1_12_0), // resource identity is Terraform 1.12+
		},
		Steps: []resource.TestStep{
			{Config: f.Config(m, "Ada"), ConfigStateChecks: []statecheck.StateCheck{expect()}},
			{Config: f.Config(m, "Augusta"), ConfigStateChecks: []statecheck.StateCheck{expect()}},
			{
				// Refresh with nothing to change.
				Config: f.Config(m, "Augusta"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect()},
			},
			{
				Config:          f.Config(m, "Augusta"),
				ResourceName:    f.Address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
