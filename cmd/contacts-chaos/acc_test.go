package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
	"github.com/contacts-provider/terraform-provider-contacts/internal/harness"
)

// TestAccGeneratedContactsConverge applies the suite's generated configuration with the provider
// against the mock, and checks the suite's own reading of the state (terraform show -json) and of the
// mock's store: every contact is stored once and in state, an update changes every contact's name in
// place and the store shows it. So the configuration is valid for each vendor's rules, and the checks
// read the real shapes.
func TestAccGeneratedContactsConverge(t *testing.T) {
	for _, v := range vendors {
		t.Run(v.name, func(t *testing.T) {
			m := acctest.NewMock(t)
			env := map[string]string{}
			for _, kv := range v.env(m.URL, acctest.APIKey) {
				k, val, _ := strings.Cut(kv, "=")
				env[k] = val
			}
			mock := harness.MockAt(m.URL)
			contacts := generateContacts(v, 4, 5) // the fourth has a mixed-case email
			// The in-process mock enforces no rate limit: Corporate Merch's pacing is left out to keep the
			// test short (the suite itself runs with it).
			unpaced := `provider "contacts" {
  corporatemerch {
    requests_per_minute = 0
  }
}
`
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(env),
				Steps: []resource.TestStep{
					{
						Config:            unpaced + string(renderContacts(v, contacts, 1)),
						ConfigStateChecks: []statecheck.StateCheck{suiteCheck{v, mock, contacts, 1}},
					},
					{
						Config: unpaced + string(renderContacts(v, contacts, 2)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(v.resourceType+"."+contacts[0].resourceName(), plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(v.resourceType+"."+contacts[3].resourceName(), plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{suiteCheck{v, mock, contacts, 2}},
					},
				},
			})
		})
	}
}

// suiteCheck runs the suite's comparison on the state and the mock's store.
type suiteCheck struct {
	v        vendor
	mock     *harness.Mock
	contacts []contactSpec
	gen      int
}

func (c suiteCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	body, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	state, err := parseState(c.v, body)
	if err != nil {
		resp.Error = err
		return
	}
	raw, err := c.mock.Store(ctx, c.v.name)
	if err != nil {
		resp.Error = err
		return
	}
	store, err := parseStore(c.v, raw)
	if err != nil {
		resp.Error = err
		return
	}
	if cmp := compareStore(c.contacts, state, store); !cmp.consistent() {
		resp.Error = fmt.Errorf("the suite's check fails on a converged apply: %s", cmp)
		return
	}
	if n := namesMatching(c.v, c.contacts, store, c.gen); n != len(c.contacts) {
		resp.Error = fmt.Errorf("the store holds generation %d's name for %d of %d contacts", c.gen, n, len(c.contacts))
	}
}
