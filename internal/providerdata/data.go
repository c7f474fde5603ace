// Package providerdata carries what the provider's Configure hands to every resource and data source:
// one API client per vendor, or the reason a vendor cannot be used yet.
package providerdata

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
)

// Data is the provider's configured state. A nil client means that vendor has no credentials, or
// that its configuration is not known yet (see Unknown).
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

	// Unknown lists, per vendor name, the provider arguments of that vendor (such as
	// "maildiver.api_key") whose values Terraform knows only after apply. Terraform configures the
	// provider again before it applies, with those values known; until then the vendor has no client:
	// its resources plan without requests and are not refreshed, and its data sources cannot be read.
	Unknown map[string][]string
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

// unknownArguments is the vendor's arguments not known until apply, as one phrase: "maildiver.api_key"
// or "revyops.api_key and revyops.client_id".
func (d *Data) unknownArguments(vendor string) string {
	args := d.Unknown[vendor]
	switch len(args) {
	case 0:
		return "the provider's " + vendor + " block"
	case 1:
		return args[0]
	}
	return strings.Join(args[:len(args)-1], ", ") + " and " + args[len(args)-1]
}

// knownOnlyAfterApply ends every unknown-configuration message: why, and what to do.
const knownOnlyAfterApply = "depends on a value that Terraform knows only after apply. To use it during plan, apply the " +
	"resource it comes from first (terraform apply -target=<that resource>), or set it from a variable or the " +
	"environment variable the argument's documentation names."

// ConfigurationUnknown is the error for a request that cannot be sent because the vendor's
// configuration is not known yet, as for an import or a data source read during plan. action says
// what cannot be done, e.g. "read this data source".
func (d *Data) ConfigurationUnknown(vendor, displayName, action string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(displayName+" configuration not known until apply",
		fmt.Sprintf("The provider cannot %s yet: %s %s", action, d.unknownArguments(vendor), knownOnlyAfterApply))
}

// NotRefreshed is the warning a resource gives when it keeps its state unread because the vendor's
// configuration is not known yet.
func (d *Data) NotRefreshed(vendor, displayName string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(displayName+" contacts not refreshed: configuration not known until apply",
		fmt.Sprintf("The provider cannot reach %s during this plan, so %s contacts already in the state keep the "+
			"values of the last apply and are planned against them: a change made outside Terraform shows in the "+
			"first plan after the value is known. New contacts plan as usual and are created once it is known. "+
			"%s %s", displayName, displayName, d.unknownArguments(vendor), knownOnlyAfterApply))
}
