package providerdata

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
)

// Binding connects one vendor's resource or data source to that vendor's client in the provider's
// configured Data, and gives the same missing-credentials and unknown-configuration answers everywhere.
type Binding[C any] struct {
	vendor, displayName string
	pick                func(*Data) *C
	data                *Data // nil until the provider is configured
	client              *C
}

func newBinding[C any](vendor, displayName string, pick func(*Data) *C) Binding[C] {
	return Binding[C]{vendor: vendor, displayName: displayName, pick: pick}
}

func (b *Binding[C]) configure(providerData any) diag.Diagnostics {
	data, diags := FromAny(providerData)
	if data != nil {
		b.data, b.client = data, b.pick(data)
	}
	return diags
}

// API is the vendor's client. It is nil without credentials: call Ready first.
func (b *Binding[C]) API() *C { return b.client }

// Settle is the provider's policy for settling unknown create outcomes and finishing sent writes
// (defaults before the provider is configured).
func (b *Binding[C]) Settle() settle.Policy {
	if b.data == nil {
		return settle.Policy{}
	}
	return b.data.Settle
}

// configurationUnknown reports whether the vendor's configuration holds values Terraform knows only
// after apply (so there is no client during this plan).
func (b *Binding[C]) configurationUnknown() bool {
	return b.client == nil && b.data != nil && len(b.data.Unknown[b.vendor]) > 0
}

// Ready reports whether the vendor's client is configured. When it is not, it adds to diags the
// missing-credentials error, or, when the vendor's configuration is not known until apply, the error
// saying that the request cannot be sent yet.
func (b *Binding[C]) Ready(diags *diag.Diagnostics) bool {
	if b.client != nil {
		return true
	}
	if b.configurationUnknown() {
		diags.Append(b.data.ConfigurationUnknown(b.vendor, b.displayName, "send this "+b.displayName+" request"))
		return false
	}
	data := b.data
	if data == nil {
		data = &Data{}
	}
	diags.Append(data.MissingCredentials(b.vendor, b.displayName))
	return false
}

// CheckCredentials adds the missing-credentials error when the provider is configured without this
// vendor's credentials, and reports whether the plan may go on. Before the provider is configured
// (as during validation) it says nothing, and when the vendor's configuration is known only after
// apply the plan goes on without requests: Terraform configures the provider again, with the values
// known, before it applies, and a missing credential is reported then.
func (b *Binding[C]) CheckCredentials(diags *diag.Diagnostics) bool {
	if b.data == nil || b.configurationUnknown() {
		return true
	}
	return b.Ready(diags)
}

// ResourceBinding is embedded by a vendor's resource: it supplies Configure, and a ModifyPlan that
// fails the plan, before any request is sent, when the vendor has no credentials. A resource with a
// ModifyPlan of its own calls CheckCredentials from it. Read calls ReadyToRead instead of Ready, and
// ImportState starts with ReadyToImport.
type ResourceBinding[C any] struct{ Binding[C] }

// NewResourceBinding binds a resource to vendor's client, picked from the provider's Data by pick.
func NewResourceBinding[C any](vendor, displayName string, pick func(*Data) *C) ResourceBinding[C] {
	return ResourceBinding[C]{newBinding(vendor, displayName, pick)}
}

func (b *ResourceBinding[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	resp.Diagnostics.Append(b.configure(req.ProviderData)...)
}

func (b *ResourceBinding[C]) ModifyPlan(_ context.Context, _ resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	b.CheckCredentials(&resp.Diagnostics)
}

// ReadyToRead is Ready for a resource's Read. When the vendor's configuration is known only after
// apply, the contact cannot be refreshed: Read returns false and leaves resp.State as it is (the
// framework fills it with the prior state). If Terraform allows deferred actions the refresh is
// deferred (reason: provider configuration unknown); otherwise a warning says the state was not
// refreshed, and the plan goes on, so the other vendors' resources plan and apply as usual.
func (b *ResourceBinding[C]) ReadyToRead(req resource.ReadRequest, resp *resource.ReadResponse) bool {
	if !b.configurationUnknown() {
		return b.Ready(&resp.Diagnostics)
	}
	if req.ClientCapabilities.DeferralAllowed {
		resp.Deferred = &resource.Deferred{Reason: resource.DeferredReasonProviderConfigUnknown}
		return false
	}
	resp.Diagnostics.Append(b.data.NotRefreshed(b.vendor, b.displayName))
	return false
}

// ReadyToImport is called first by a resource's ImportState. An import is followed by a Read, and
// neither can reach the vendor while its configuration is known only after apply: the import is then
// deferred if Terraform allows deferred actions, and is otherwise an error naming the arguments. It
// returns true in every other case (a request the import itself sends still calls Ready).
func (b *ResourceBinding[C]) ReadyToImport(req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if !b.configurationUnknown() {
		return true
	}
	if req.ClientCapabilities.DeferralAllowed {
		resp.Deferred = &resource.Deferred{Reason: resource.DeferredReasonProviderConfigUnknown}
		return false
	}
	resp.Diagnostics.Append(b.data.ConfigurationUnknown(b.vendor, b.displayName, "import a "+b.displayName+" contact"))
	return false
}

// DataSourceBinding is embedded by a vendor's data source: it supplies Configure. Read calls
// ReadyToRead.
type DataSourceBinding[C any] struct{ Binding[C] }

// NewDataSourceBinding binds a data source to vendor's client, picked from the provider's Data by pick.
func NewDataSourceBinding[C any](vendor, displayName string, pick func(*Data) *C) DataSourceBinding[C] {
	return DataSourceBinding[C]{newBinding(vendor, displayName, pick)}
}

func (b *DataSourceBinding[C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(b.configure(req.ProviderData)...)
}

// ReadyToRead is Ready for a data source's Read. When the vendor's configuration is known only after
// apply, nothing can be read: the read is deferred if Terraform allows deferred actions, and is
// otherwise an error (a data source must return known values during plan).
func (b *DataSourceBinding[C]) ReadyToRead(req datasource.ReadRequest, resp *datasource.ReadResponse) bool {
	if b.configurationUnknown() {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
			return false
		}
		resp.Diagnostics.Append(b.data.ConfigurationUnknown(b.vendor, b.displayName, "read this "+b.displayName+" data source"))
		return false
	}
	return b.Ready(&resp.Diagnostics)
}

// ListBinding is embedded by a vendor's list resource (terraform query, Terraform 1.14+): it supplies
// Configure. List calls Ready.
type ListBinding[C any] struct{ Binding[C] }

// NewListBinding binds a list resource to vendor's client, picked from the provider's Data by pick.
func NewListBinding[C any](vendor, displayName string, pick func(*Data) *C) ListBinding[C] {
	return ListBinding[C]{newBinding(vendor, displayName, pick)}
}

func (b *ListBinding[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	resp.Diagnostics.Append(b.configure(req.ProviderData)...)
}
