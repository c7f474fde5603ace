package providerdata

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

type fakeClient struct{}

func TestResourceBinding(t *testing.T) {
	pick := func(d *Data) *fakeClient {
		if d.Unconfigured["fake"] != "" || len(d.Unknown["fake"]) > 0 {
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

	// The provider's configuration of the fake vendor holds a value known only after apply.
	unknown := func() *Data {
		return &Data{Unconfigured: map[string]string{}, Unknown: map[string][]string{"fake": {"fake.api_key", "fake.base_url"}}}
	}
	configured := func(data *Data) *ResourceBinding[fakeClient] {
		b := NewResourceBinding("fake", "Fake", pick)
		var cresp resource.ConfigureResponse
		b.Configure(ctx, resource.ConfigureRequest{ProviderData: data}, &cresp)
		return &b
	}

	t.Run("configuration known only after apply: the plan goes on without requests", func(t *testing.T) {
		b := configured(unknown())
		var resp resource.ModifyPlanResponse
		b.ModifyPlan(ctx, resource.ModifyPlanRequest{}, &resp)
		if len(resp.Diagnostics) != 0 || resp.Deferred != nil {
			t.Fatalf("a plan must go on, unchanged, while the configuration is unknown: %v %v", resp.Diagnostics, resp.Deferred)
		}
	})

	t.Run("configuration known only after apply: no request is sent, with an error naming the arguments", func(t *testing.T) {
		b := configured(unknown())
		var diags diag.Diagnostics
		if b.Ready(&diags) || b.API() != nil {
			t.Fatal("Ready must fail without a client")
		}
		if !diags.HasError() || !strings.Contains(diags[0].Detail(), "fake.api_key and fake.base_url") ||
			!strings.Contains(diags[0].Summary(), "not known until apply") {
			t.Fatalf("want the unknown-configuration error naming both arguments, got %v", diags)
		}
	})

	t.Run("configuration known only after apply: a refresh keeps the state with a warning", func(t *testing.T) {
		b := configured(unknown())
		var resp resource.ReadResponse
		if b.ReadyToRead(resource.ReadRequest{}, &resp) {
			t.Fatal("ReadyToRead must report that nothing can be read")
		}
		if resp.Diagnostics.HasError() || resp.Deferred != nil || len(resp.Diagnostics) != 1 ||
			resp.Diagnostics[0].Severity() != diag.SeverityWarning || !strings.Contains(resp.Diagnostics[0].Detail(), "fake.api_key") {
			t.Fatalf("want one warning naming the argument and no deferral, got %v %v", resp.Diagnostics, resp.Deferred)
		}
	})

	t.Run("configuration known only after apply: a refresh is deferred when Terraform allows it", func(t *testing.T) {
		b := configured(unknown())
		var resp resource.ReadResponse
		req := resource.ReadRequest{ClientCapabilities: resource.ReadClientCapabilities{DeferralAllowed: true}}
		if b.ReadyToRead(req, &resp) {
			t.Fatal("ReadyToRead must report that nothing can be read")
		}
		if resp.Deferred == nil || resp.Deferred.Reason != resource.DeferredReasonProviderConfigUnknown || len(resp.Diagnostics) != 0 {
			t.Fatalf("want a deferral for unknown provider configuration, got %v %v", resp.Deferred, resp.Diagnostics)
		}
	})

	t.Run("configuration known only after apply: an import fails naming the arguments, or is deferred", func(t *testing.T) {
		var resp resource.ImportStateResponse
		if configured(unknown()).ReadyToImport(resource.ImportStateRequest{}, &resp) {
			t.Fatal("ReadyToImport must refuse while the configuration is unknown")
		}
		if !resp.Diagnostics.HasError() || resp.Deferred != nil ||
			!strings.Contains(resp.Diagnostics[0].Detail(), "import a Fake contact yet: fake.api_key and fake.base_url") {
			t.Fatalf("want the unknown-configuration error, got %v %v", resp.Diagnostics, resp.Deferred)
		}
		resp = resource.ImportStateResponse{}
		req := resource.ImportStateRequest{ClientCapabilities: resource.ImportStateClientCapabilities{DeferralAllowed: true}}
		if configured(unknown()).ReadyToImport(req, &resp) || resp.Deferred == nil ||
			resp.Deferred.Reason != resource.DeferredReasonProviderConfigUnknown || len(resp.Diagnostics) != 0 {
			t.Fatalf("want a deferral, got %v %v", resp.Deferred, resp.Diagnostics)
		}
		for _, data := range []*Data{{}, {Unconfigured: map[string]string{"fake": "set FAKE_KEY"}}} {
			resp = resource.ImportStateResponse{}
			if !configured(data).ReadyToImport(resource.ImportStateRequest{}, &resp) || len(resp.Diagnostics) != 0 {
				t.Fatalf("with a known configuration the import goes on (its Read reports missing credentials): %v", resp.Diagnostics)
			}
		}
	})

	t.Run("with credentials a refresh reads, and without them it fails", func(t *testing.T) {
		var resp resource.ReadResponse
		if !configured(&Data{}).ReadyToRead(resource.ReadRequest{}, &resp) || len(resp.Diagnostics) != 0 {
			t.Fatalf("a configured vendor must read: %v", resp.Diagnostics)
		}
		resp = resource.ReadResponse{}
		if configured(&Data{Unconfigured: map[string]string{"fake": "set FAKE_KEY"}}).ReadyToRead(resource.ReadRequest{}, &resp) ||
			!resp.Diagnostics.HasError() || resp.Deferred != nil {
			t.Fatalf("an unconfigured vendor must fail the read: %v", resp.Diagnostics)
		}
	})
}

func TestDataSourceBinding(t *testing.T) {
	pick := func(d *Data) *fakeClient {
		if d.Unconfigured["fake"] != "" || len(d.Unknown["fake"]) > 0 {
			return nil
		}
		return &fakeClient{}
	}
	ctx := context.Background()
	configured := func(data *Data) *DataSourceBinding[fakeClient] {
		b := NewDataSourceBinding("fake", "Fake", pick)
		var cresp datasource.ConfigureResponse
		b.Configure(ctx, datasource.ConfigureRequest{ProviderData: data}, &cresp)
		return &b
	}
	unknown := &Data{Unknown: map[string][]string{"fake": {"fake.api_key"}}}

	t.Run("configuration known only after apply: an error naming the argument", func(t *testing.T) {
		var resp datasource.ReadResponse
		if configured(unknown).ReadyToRead(datasource.ReadRequest{}, &resp) {
			t.Fatal("nothing can be read")
		}
		if !resp.Diagnostics.HasError() || resp.Deferred != nil ||
			!strings.Contains(resp.Diagnostics[0].Detail(), "read this Fake data source yet: fake.api_key depends on a value") {
			t.Fatalf("want the unknown-configuration error, got %v %v", resp.Diagnostics, resp.Deferred)
		}
	})

	t.Run("configuration known only after apply: deferred when Terraform allows it", func(t *testing.T) {
		var resp datasource.ReadResponse
		req := datasource.ReadRequest{ClientCapabilities: datasource.ReadClientCapabilities{DeferralAllowed: true}}
		if configured(unknown).ReadyToRead(req, &resp) {
			t.Fatal("nothing can be read")
		}
		if resp.Deferred == nil || resp.Deferred.Reason != datasource.DeferredReasonProviderConfigUnknown || len(resp.Diagnostics) != 0 {
			t.Fatalf("want a deferral, got %v %v", resp.Deferred, resp.Diagnostics)
		}
	})

	t.Run("configured: reads; without credentials: the missing-credentials error", func(t *testing.T) {
		var resp datasource.ReadResponse
		if !configured(&Data{}).ReadyToRead(datasource.ReadRequest{}, &resp) || len(resp.Diagnostics) != 0 {
			t.Fatalf("a configured vendor must read: %v", resp.Diagnostics)
		}
		resp = datasource.ReadResponse{}
		configured(&Data{Unconfigured: map[string]string{"fake": "set FAKE_KEY"}}).ReadyToRead(datasource.ReadRequest{}, &resp)
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "set FAKE_KEY") {
			t.Fatalf("want the missing-credentials error, got %v", resp.Diagnostics)
		}
	})
}
