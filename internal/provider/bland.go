package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
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
	RefreshStrategy   types.String `tfsdk:"refresh_strategy"`
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
					"May be set with the `" + EnvBlandAPIKey + "` environment variable instead." +
					credentialWhitespace + unknownVendorSetting,
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "API base URL, default `" + bland.DefaultBaseURL + "` (the `/v1/...` paths are " +
					"appended to it). May be set with `" + EnvBlandBaseURL + "`." + baseURLWhitespace + unknownVendorSetting,
				Validators: []validator.String{trimmed(validate.HTTPURL())},
			},
			"requests_per_minute": requestsPerMinuteAttribute("Bland", 0),
			"refresh_strategy": refreshStrategyAttribute("Bland", "the account", bland.ListPageSize,
				" Lookups by phone number, email or external id (the data source, import) use Bland's find endpoint: one request each."),
		},
	},
	configure:     configureBland,
	resources:     []func() resource.Resource{blandres.NewContactResource},
	dataSources:   []func() datasource.DataSource{blandres.NewContactDataSource},
	listResources: []func() list.ListResource{blandres.NewContactList},
}

func configureBland(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics {
	var m blandModel
	known, diags := vendorBlock(ctx, cfg, "bland", &m)
	if diags.HasError() {
		return diags
	}
	unknown := unknownArguments("bland", map[string]types.String{"api_key": m.APIKey, "base_url": m.BaseURL})
	if !known {
		unknown = []string{"the provider's bland block"}
	}
	apiKey, baseURL := blandSettings(&m, env.getenv)
	if apiKey == "" && known && !m.APIKey.IsUnknown() {
		data.Unconfigured["bland"] = "set the " + EnvBlandAPIKey +
			" environment variable, or api_key in the provider's bland block"
		return diags
	}
	if len(unknown) > 0 {
		data.Unknown["bland"] = unknown
		return diags
	}
	t, tdiags := env.newTransport("bland", "Bland", "base_url or "+EnvBlandBaseURL, transport.Config{
		BaseURL:           baseURL,
		Auth:              transport.RawAuthorization(apiKey), // documented: authorization: <api-key>
		RequestsPerMinute: pacing("bland", m.RequestsPerMinute, 0, &diags),
	})
	diags.Append(tdiags...)
	if diags.HasError() {
		return diags
	}
	data.Bland = bland.New(t, refreshStrategy("bland", m.RefreshStrategy, &diags))
	return diags
}

// blandSettings resolves Bland's key and base URL, without surrounding whitespace: arguments first,
// then the environment, then the default.
func blandSettings(m *blandModel, getenv func(string) string) (apiKey, baseURL string) {
	apiKey = setting(m.APIKey, getenv, EnvBlandAPIKey)
	if baseURL = setting(m.BaseURL, getenv, EnvBlandBaseURL); baseURL == "" {
		baseURL = bland.DefaultBaseURL
	}
	return apiKey, baseURL
}
