// Package providerdata carries what the provider's Configure hands to every resource and data source:
// one API client per vendor, or the reason a vendor cannot be used.
package providerdata

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
)

// Data is the provider's configured state. A nil client means that vendor has no credentials.
type Data struct {
	MailDiver *maildiver.Client
	Bland     *bland.Client
	RevyOps   *revyops.Client

	CorporateMerch *corporatemerch.Client

	// Unconfigured says, per vendor name, what the user must set to use that vendor.
	Unconfigured map[string]string

	// Settle bounds how every resource settles a create whose outcome is unknown (max_retries + 1
	// sends) and finishes a write already sent after an interrupt.
	Settle settle.Policy
}

// FromAny converts the framework's ProviderData, reporting a bug-level error for anything unexpected.
// A nil input (the provider is not configured yet, as during validation) gives nil and no error.
func FromAny(v any) (*Data, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v == nil {
		return nil, diags
	}
	d, ok := v.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is a bug in the provider; please report it.", v))
		return nil, diags
	}
	return d, diags
}

// MissingCredentials is the error a vendor's resources and data sources give when that vendor has no
// credentials, so the message is the same wherever it appears.
func (d *Data) MissingCredentials(vendor, displayName string) diag.Diagnostic {
	how := d.Unconfigured[vendor]
	if how == "" {
		how = fmt.Sprintf("configure the provider's %s block", vendor)
	}
	return diag.NewErrorDiagnostic(displayName+" credentials are not configured",
		fmt.Sprintf("This configuration uses a %s resource or data source, but the provider has no %s credentials: %s.",
			displayName, displayName, how))
}
