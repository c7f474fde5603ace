package corporatemerch_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

// Import by email (the form the unknown-outcome errors give), with the prefix in any case, round-trips.
func TestAccCorporateMerchContact_importByEmail(t *testing.T) {
	m := acctest.NewMock(t)
	cfg := contactConfig(m, dropped)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, Config: cfg, ImportStateId: "email:dora@example.com"},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, Config: cfg, ImportStateId: "EMAIL:Dora@Example.com"},
		},
	})
}
