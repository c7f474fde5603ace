// Command floorprovider is the benchmark's framework floor: a terraform-plugin-framework provider,
// served exactly as the contacts provider is (internal/protoserver, internal/sdklog,
// internal/gcpolicy), whose one resource, contacts_floor_contact, has the attributes of
// contacts_maildiver_contact and does nothing: no requests, no validators, no custom types. What a
// plan of it costs beyond terraform_data is what the framework and the plugin protocol cost, which no
// provider built on them can go below. cmd/contacts-bench builds it and runs it beside the provider
// under test; it is not part of the released provider.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/contacts-provider/terraform-provider-contacts/internal/gcpolicy"
	"github.com/contacts-provider/terraform-provider-contacts/internal/protoserver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/sdklog"
)

// address is the contacts provider's: the benchmark's CLI configuration for the floor points it here.
const address = "registry.terraform.io/contacts-provider/contacts"

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contacts"
}

func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return floorContact{} }}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// floorContact has contacts_maildiver_contact's attributes, kinds and plan modifiers of computed values.
type floorContact struct{}

func (floorContact) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "contacts_floor_contact"
}

func (floorContact) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"audience_id":   schema.StringAttribute{Required: true},
		"email":         schema.StringAttribute{Required: true},
		"first_name":    schema.StringAttribute{Optional: true},
		"last_name":     schema.StringAttribute{Optional: true},
		"is_subscribed": schema.BoolAttribute{Optional: true, Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
		"created_at":    schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"updated_at":    schema.StringAttribute{Computed: true, PlanModifiers: keep},
	}}
}

// Create stores the plan with the computed values filled in.
func (floorContact) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
	var email types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &email)...)
	for name, value := range map[string]any{
		"id":         types.StringValue("floor-" + email.ValueString()),
		"created_at": types.StringValue("2026-01-01T00:00:00Z"),
		"updated_at": types.StringValue("2026-01-01T00:00:00Z"),
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	var subscribed types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("is_subscribed"), &subscribed)...)
	if subscribed.IsUnknown() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("is_subscribed"), types.BoolValue(true))...)
	}
}

// Read keeps the state as it is.
func (floorContact) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update stores the plan.
func (floorContact) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

// Delete forgets the contact (the framework removes it from the state).
func (floorContact) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func main() {
	for name, value := range sdklog.LevelsOff(os.Environ()) {
		if err := os.Setenv(name, value); err != nil {
			log.Fatal(err.Error())
		}
	}
	gcpolicy.Apply(os.Environ())
	srv, err := protoserver.NewProtocol6(floorProvider{})()
	if err != nil {
		log.Fatal(err.Error())
	}
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return srv }); err != nil {
		log.Fatal(err.Error())
	}
}
