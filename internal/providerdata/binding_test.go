package providerdata

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

type fakeClient struct{}

func TestResourceBinding(t *testing.T) {
	pick := func(d *Data) *fakeClient {
		if d.Unconfigured["fake"] != "" {
			return nil
		}
		return &fakeClient{}
	}
	ctx := context.Background()

	t.Run("before the provider is configured nothing is reported", func(t *testing.T) {
		b := NewResourceBinding("fake", "Fake", pick)
		var resp resource.ModifyPlanResponse
		b.ModifyPlan(ctx, resource.ModifyPlanRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("unexpected error before configuration: %v", resp.Diagnostics)
		}
	})

	t.Run("without credentials the plan fails saying what to set", func(t *testing.T) {
		b := NewResourceBinding("fake", "Fake", pick)
		var cresp resource.ConfigureResponse
		b.Configure(ctx, resource.ConfigureRequest{ProviderData: &Data{Unconfigured: map[string]string{"fake": "set FAKE_KEY"}}}, &cresp)
		var resp resource.ModifyPlanResponse
		b.ModifyPlan(ctx, resource.ModifyPlanRequest{}, &resp)
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "set FAKE_KEY") {
			t.Fatalf("want the missing-credentials error naming FAKE_KEY, got %v", resp.Diagnostics)
		}
		var diags diag.Diagnostics
		if b.Ready(&diags) || !diags.HasError() || b.API() != nil {
			t.Fatal("Ready must fail and report without a client")
		}
	})

	t.Run("with credentials the client is there", func(t *testing.T) {
		b := NewResourceBinding("fake", "Fake", pick)
		var cresp resource.ConfigureResponse
		b.Configure(ctx, resource.ConfigureRequest{ProviderData: &Data{}}, &cresp)
		var diags diag.Diagnostics
		if !b.Ready(&diags) || diags.HasError() || b.API() == nil {
			t.Fatalf("Ready with a client: %v", diags)
		}
	})

	t.Run("unexpected provider data is a bug report", func(t *testing.T) {
		b := NewResourceBinding("fake", "Fake", pick)
		var cresp resource.ConfigureResponse
		b.Configure(ctx, resource.ConfigureRequest{ProviderData: "not data"}, &cresp)
		if !cresp.Diagnostics.HasError() {
			t.Fatal("want an error for unexpected provider data")
		}
	})
}
