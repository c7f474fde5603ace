package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// How the provider reads its settings, shared by every vendor block:
//
//   - Surrounding whitespace is removed from every credential and base URL (and MailDiver's domain),
//     in arguments and environment variables alike: a key read with file() ends in a newline, which
//     no HTTP header can carry, and a URL or a key never begins or ends with a space. A credential
//     that is empty or only whitespace counts as not set.
//   - A vendor argument that decides where requests go or who sends them (credentials, base URL,
//     domain) and is known only after apply makes that vendor "unknown" for the plan
//     (providerdata.Data.Unknown); the other vendors are configured as usual.
//   - A setting that only changes how requests are sent (max_retries, request_timeout,
//     requests_per_minute) and is known only after apply takes its default during the plan, with a
//     warning: it cannot change what is planned, and apply uses the value.

// credentialWhitespace ends the description of every credential argument.
const credentialWhitespace = " Surrounding whitespace (such as the newline a key read with `file()` ends in) is removed, " +
	"here and in the environment variable; a value that is empty or only whitespace counts as not set."

// baseURLWhitespace ends the description of every base URL argument.
const baseURLWhitespace = " Surrounding whitespace is removed, here and in the environment variable."

// unknownVendorSetting ends the description of every argument that makes its vendor unknown for a plan.
const unknownVendorSetting = " If its value is known only after apply, that plan does not refresh this vendor's existing " +
	"contacts (a warning says so), plans new ones as usual, and cannot read its data sources or import its contacts; the " +
	"other vendors are not affected (see the provider configuration guide)."

// transportWhileUnknown ends the description of every setting that changes only how requests are sent.
const transportWhileUnknown = " If its value is known only after apply, the requests made while planning use the default " +
	"(with a warning) and apply uses the value: it cannot change what is planned."

// setting returns the value of an argument, else of the environment variable env, with surrounding
// whitespace removed; "" when neither holds more than whitespace. An unknown argument counts as unset
// here: the caller decides what unknown means.
func setting(arg types.String, getenv func(string) string, env string) string {
	if v := strings.TrimSpace(arg.ValueString()); v != "" {
		return v
	}
	if env == "" {
		return ""
	}
	return strings.TrimSpace(getenv(env))
}

// vendorBlock reads the vendor block name into m, a pointer to the block's model. known is false when
// the whole block is unknown (a dynamic block whose for_each is known only after apply).
func vendorBlock(ctx context.Context, cfg tfsdk.Config, name string, m any) (known bool, diags diag.Diagnostics) {
	var obj types.Object
	diags = cfg.GetAttribute(ctx, path.Root(name), &obj)
	if diags.HasError() || obj.IsUnknown() {
		return false, diags
	}
	if obj.IsNull() {
		return true, diags
	}
	diags.Append(obj.As(ctx, m, basetypes.ObjectAsOptions{})...)
	return !diags.HasError(), diags
}

// unknownArguments returns, sorted, the arguments of a vendor block whose values are known only
// after apply, each as "block.name".
func unknownArguments(block string, values map[string]types.String) []string {
	var out []string
	for name, v := range values {
		if v.IsUnknown() {
			out = append(out, block+"."+name)
		}
	}
	sort.Strings(out)
	return out
}

// defaultWhileUnknown is the warning for a transport setting known only after apply.
func defaultWhileUnknown(p path.Path, def string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, "Provider setting not known until apply: default used during plan",
		fmt.Sprintf("%s depends on a value that Terraform knows only after apply. It changes only how requests are sent, "+
			"not what is planned, so the requests of this plan use the default (%s); apply uses the value.", p, def))
}

// pacing returns a vendor's requests-per-minute setting: the argument when set, else the vendor's
// default, which an unknown value also takes during plan (with a warning in diags).
func pacing(block string, v types.Int64, defaultPerMinute int, diags *diag.Diagnostics) int {
	if v.IsUnknown() {
		def := "no pacing"
		if defaultPerMinute > 0 {
			def = fmt.Sprintf("%d a minute", defaultPerMinute)
		}
		diags.Append(defaultWhileUnknown(path.Root(block).AtName("requests_per_minute"), def))
	}
	if v.IsNull() || v.IsUnknown() {
		return defaultPerMinute
	}
	return int(v.ValueInt64())
}

// refreshStrategy returns a vendor's refresh_strategy setting: the argument when set, else auto, which
// an unknown value also takes during plan (with a warning in diags). The schema allows only valid
// names.
func refreshStrategy(block string, v types.String, diags *diag.Diagnostics) collection.Strategy {
	if v.IsUnknown() {
		diags.Append(defaultWhileUnknown(path.Root(block).AtName("refresh_strategy"), string(collection.Auto)))
		return collection.Auto
	}
	s, err := collection.ParseStrategy(v.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(block).AtName("refresh_strategy"), "Invalid refresh_strategy", err.Error())
	}
	return s
}

// trimmed runs a string validator on the value the provider will use: the configured one without
// surrounding whitespace.
func trimmed(inner validator.String) validator.String { return trimmedString{inner} }

type trimmedString struct{ inner validator.String }

func (v trimmedString) Description(ctx context.Context) string {
	return v.inner.Description(ctx) + " (surrounding whitespace is ignored)"
}

func (v trimmedString) MarkdownDescription(ctx context.Context) string {
	return v.inner.MarkdownDescription(ctx) + " (surrounding whitespace is ignored)"
}

func (v trimmedString) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() {
		req.ConfigValue = types.StringValue(strings.TrimSpace(req.ConfigValue.ValueString()))
	}
	v.inner.ValidateString(ctx, req, resp)
}
