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

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	corporatemerchres "github.com/contacts-provider/terraform-provider-contacts/internal/resources/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Environment variables read when the matching argument of the corporatemerch block is not set.
const (
	EnvCorporateMerchAPIToken = "CORPORATEMERCH_API_TOKEN"
	EnvCorporateMerchBaseURL  = "CORPORATEMERCH_BASE_URL"
)

type corporateMerchModel struct {
	APIToken          types.String `tfsdk:"api_token"`
	BaseURL           types.String `tfsdk:"base_url"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	RefreshStrategy   types.String `tfsdk:"refresh_strategy"`
}

var corporateMerchVendor = vendor{
	name: "corporatemerch",
	block: schema.SingleNestedBlock{
		MarkdownDescription: "Corporate Merch credentials and endpoint. Required to use `contacts_corporatemerch_contact`. " +
			"Corporate Merch allows 40 requests per minute per client (documented): the provider paces itself to that, " +
			"follows the `X-RateLimit-Remaining` and `X-RateLimit-Reset` headers, and waits out any 429 as long as " +
			"`Retry-After` asks, so a large apply takes longer but does not fail.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Corporate Merch API token, sent as `Authorization: Bearer <token>` (seed). " +
					"May be set with the `" + EnvCorporateMerchAPIToken + "` environment variable instead." +
					credentialWhitespace + unknownVendorSetting,
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "API base URL, default `" + corporatemerch.DefaultBaseURL + "` (documented by " +
					"integrators). May be set with `" + EnvCorporateMerchBaseURL + "`." + baseURLWhitespace + unknownVendorSetting,
				Validators: []validator.String{trimmed(validate.HTTPURL())},
			},
			"requests_per_minute": requestsPerMinuteAttribute("Corporate Merch", corporatemerch.DefaultRequestsPerMinute),
			"refresh_strategy": refreshStrategyAttribute("Corporate Merch", "the account", corporatemerch.ListPageSize,
				" Lookups by email (import by email) list the account in any case: the listing has no email filter."),
		},
	},
	configure:     configureCorporateMerch,
	resources:     []func() resource.Resource{corporatemerchres.NewContactResource},
	dataSources:   []func() datasource.DataSource{corporatemerchres.NewContactDataSource},
	listResources: []func() list.ListResource{corporatemerchres.NewContactList},
}

func configureCorporateMerch(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics {
	var m corporateMerchModel
	known, diags := vendorBlock(ctx, cfg, "corporatemerch", &m)
	if diags.HasError() {
		return diags
	}
	unknown := unknownArguments("corporatemerch", map[string]types.String{"api_token": m.APIToken, "base_url": m.BaseURL})
	if !known {
		unknown = []string{"the provider's corporatemerch block"}
	}
	token, baseURL := corporateMerchSettings(&m, env.getenv)
	if token == "" && known && !m.APIToken.IsUnknown() {
		data.Unconfigured["corporatemerch"] = "set the " + EnvCorporateMerchAPIToken +
			" environment variable, or api_token in the provider's corporatemerch block"
		return diags
	}
	if len(unknown) > 0 {
		data.Unknown["corporatemerch"] = unknown
		return diags
	}
	t, tdiags := env.newTransport("corporatemerch", "Corporate Merch", "base_url or "+EnvCorporateMerchBaseURL, transport.Config{
		BaseURL:           baseURL,
		Auth:              transport.BearerToken(token), // seed: Authorization: Bearer <token>
		RequestsPerMinute: pacing("corporatemerch", m.RequestsPerMinute, corporatemerch.DefaultRequestsPerMinute, &diags),
		RateLimitWindow:   corporatemerch.RateLimitWindow,
	})
	diags.Append(tdiags...)
	if diags.HasError() {
		return diags
	}
	data.CorporateMerch = corporatemerch.New(t, refreshStrategy("corporatemerch", m.RefreshStrategy, &diags))
	return diags
}

// corporateMerchSettings resolves Corporate Merch's token and base URL, without surrounding
// whitespace: arguments first, then the environment, then the default.
func corporateMerchSettings(m *corporateMerchModel, getenv func(string) string) (token, baseURL string) {
	token = setting(m.APIToken, getenv, EnvCorporateMerchAPIToken)
	if baseURL = setting(m.BaseURL, getenv, EnvCorporateMerchBaseURL); baseURL == "" {
		baseURL = corporatemerch.DefaultBaseURL
	}
	return token, baseURL
}
