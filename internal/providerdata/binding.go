package providerdata

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
)

// Binding connects one vendor's resource or data source to that vendor's client in the provider's
// configured Data, and gives the same missing-credentials error everywhere.
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

// Ready reports whether the vendor's client is configured; when it is not, it adds the
// missing-credentials error to diags.
func (b *Binding[C]) Ready(diags *diag.Diagnostics) bool {
	if b.client != nil {
		return true
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
// (as during validation) it says nothing.
func (b *Binding[C]) CheckCredentials(diags *diag.Diagnostics) bool {
	if b.data == nil {
		return true
	}
	return b.Ready(diags)
}

// ResourceBinding is embedded by a vendor's resource: it supplies Configure, and a ModifyPlan that
// fails the plan, before any request is sent, when the vendor has no credentials. A resource with a
// ModifyPlan of its own calls CheckCredentials from it.
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

// DataSourceBinding is embedded by a vendor's data source: it supplies Configure.
type DataSourceBinding[C any] struct{ Binding[C] }

// NewDataSourceBinding binds a data source to vendor's client, picked from the provider's Data by pick.
func NewDataSourceBinding[C any](vendor, displayName string, pick func(*Data) *C) DataSourceBinding[C] {
	return DataSourceBinding[C]{newBinding(vendor, displayName, pick)}
}

func (b *DataSourceBinding[C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(b.configure(req.ProviderData)...)
}
