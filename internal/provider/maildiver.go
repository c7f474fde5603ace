package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	maildiverres "github.com/contacts-provider/terraform-provider-contacts/internal/resources/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Environment variables read when the matching argument of the maildiver block is not set.
const (
	EnvMailDiverAPIKey  = "MAILDIVER_API_KEY"
	EnvMailDiverBaseURL = "MAILDIVER_BASE_URL"
)

type maildiverModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	BaseURL           types.String `tfsdk:"base_url"`
	Domain            types.String `tfsdk:"domain"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	RefreshStrategy   types.String `tfsdk:"refresh_strategy"`
}

var mailDiverVendor = vendor{
	name: "maildiver",
	block: schema.SingleNestedBlock{
		MarkdownDescription: "MailDiver credentials and endpoint. Required to use `contacts_maildiver_contact`.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "MailDiver API key, sent as `Authorization: Bearer <key>`. " +
					"May be set with the `" + EnvMailDiverAPIKey + "` environment variable instead." +
					credentialWhitespace + unknownVendorSetting,
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "API base URL, default `" + maildiver.DefaultBaseURL + "`. " +
					"May be set with `" + EnvMailDiverBaseURL + "`. Conflicts with `domain`." + baseURLWhitespace + unknownVendorSetting,
				Validators: []validator.String{
					trimmed(validate.HTTPURL()),
					stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("domain")),
				},
			},
			"domain": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Domain of a self-hosted MailDiver: for `example.com` the API base is " +
					"`https://api.example.com/v1`. Conflicts with `base_url`. Surrounding whitespace is removed." + unknownVendorSetting,
				Validators: []validator.String{
					trimmed(stringvalidator.RegexMatches(hostnamePattern, "must be a domain name such as example.com, without a scheme or path")),
				},
			},
			"requests_per_minute": requestsPerMinuteAttribute("MailDiver", 0),
			"refresh_strategy": refreshStrategyAttribute("MailDiver", "an audience", maildiver.ListPageSize,
				" Lookups by email (the data source, import by email) list the audience in any case: MailDiver has no search."),
		},
	},
	configure:     configureMailDiver,
	resources:     []func() resource.Resource{maildiverres.NewContactResource},
	dataSources:   []func() datasource.DataSource{maildiverres.NewContactDataSource},
	listResources: []func() list.ListResource{maildiverres.NewContactList},
}

func configureMailDiver(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics {
	var m maildiverModel
	known, diags := vendorBlock(ctx, cfg, "maildiver", &m)
	if diags.HasError() {
		return diags
	}
	unknown := unknownArguments("maildiver", map[string]types.String{"api_key": m.APIKey, "base_url": m.BaseURL, "domain": m.Domain})
	if !known {
		unknown = []string{"the provider's maildiver block"}
	}
	apiKey, baseURL := mailDiverSettings(&m, env.getenv)
	if apiKey == "" && known && !m.APIKey.IsUnknown() {
		data.Unconfigured["maildiver"] = "set the " + EnvMailDiverAPIKey +
			" environment variable, or api_key in the provider's maildiver block"
		return diags
	}
	if len(unknown) > 0 {
		data.Unknown["maildiver"] = unknown
		return diags
	}
	t, tdiags := env.newTransport("maildiver", "MailDiver", "base_url, domain or "+EnvMailDiverBaseURL, transport.Config{
		BaseURL:           baseURL,
		Auth:              transport.BearerToken(apiKey), // seed: Authorization: Bearer <api-key>
		RequestsPerMinute: pacing("maildiver", m.RequestsPerMinute, 0, &diags),
	})
	diags.Append(tdiags...)
	if diags.HasError() {
		return diags
	}
	data.MailDiver = maildiver.New(t, refreshStrategy("maildiver", m.RefreshStrategy, &diags))
	return diags
}

// mailDiverSettings resolves MailDiver's key and base URL, without surrounding whitespace: arguments
// first, then the environment, then the default. base_url wins over domain (the schema forbids setting
// both).
func mailDiverSettings(m *maildiverModel, getenv func(string) string) (apiKey, baseURL string) {
	apiKey = setting(m.APIKey, getenv, EnvMailDiverAPIKey)
	baseURL = setting(m.BaseURL, getenv, "")
	if domain := setting(m.Domain, getenv, ""); baseURL == "" && domain != "" {
		baseURL = maildiver.SelfHostedBaseURL(domain)
	}
	if baseURL == "" {
		baseURL = setting(types.StringNull(), getenv, EnvMailDiverBaseURL)
	}
	if baseURL == "" {
		baseURL = maildiver.DefaultBaseURL
	}
	return apiKey, baseURL
}
