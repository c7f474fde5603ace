package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	blandres "github.com/contacts-provider/terraform-provider-contacts/internal/resources/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Environment variables read when the matching argument of the bland block is not set.
const (
	EnvBlandAPIKey  = "BLAND_API_KEY"
	EnvBlandBaseURL = "BLAND_BASE_URL"
)

type blandModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	BaseURL           types.String `tfsdk:"base_url"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
}

var blandVendor = vendor{
	name: "bland",
	block: schema.SingleNestedBlock{
		MarkdownDescription: "Bland AI credentials and endpoint. Required to use `contacts_bland_contact`.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Bland API key, sent as the raw `authorization` header (no `Bearer` prefix). " +
					"May be set with the `" + EnvBlandAPIKey + "` environment variable instead.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "API base URL, default `" + bland.DefaultBaseURL + "` (the `/v1/...` paths are " +
					"appended to it). May be set with `" + EnvBlandBaseURL + "`.",
				Validators: []validator.String{validate.HTTPURL()},
			},
			"requests_per_minute": requestsPerMinuteAttribute("Bland", 0),
		},
	},
	configure:   configureBland,
	resources:   []func() resource.Resource{blandres.NewContactResource},
	dataSources: []func() datasource.DataSource{blandres.NewContactDataSource},
}

func configureBland(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics {
	var m *blandModel
	diags := cfg.GetAttribute(ctx, path.Root("bland"), &m)
	if diags.HasError() {
		return diags
	}
	if m == nil {
		m = &blandModel{}
	}
	diags.Append(unknownStrings("bland", map[string]types.String{"api_key": m.APIKey, "base_url": m.BaseURL})...)
	if diags.HasError() {
		return diags
	}
	apiKey, baseURL := blandSettings(m, env.getenv)
	if apiKey == "" {
		data.Unconfigured["bland"] = "set the " + EnvBlandAPIKey +
			" environment variable, or api_key in the provider's bland block"
		return diags
	}
	t, tdiags := env.newTransport("bland", "Bland", "base_url or "+EnvBlandBaseURL, transport.Config{
		BaseURL:           baseURL,
		Auth:              transport.RawAuthorization(apiKey), // documented: authorization: <api-key>
		RequestsPerMinute: pacing(m.RequestsPerMinute, 0),
	})
	diags.Append(tdiags...)
	if diags.HasError() {
		return diags
	}
	data.Bland = bland.New(t)
	return diags
}

// blandSettings resolves Bland's key and base URL: arguments first, then the environment, then the
// default.
func blandSettings(m *blandModel, getenv func(string) string) (apiKey, baseURL string) {
	return firstNonEmpty(m.APIKey.ValueString(), getenv(EnvBlandAPIKey)),
		firstNonEmpty(m.BaseURL.ValueString(), getenv(EnvBlandBaseURL), bland.DefaultBaseURL)
}
