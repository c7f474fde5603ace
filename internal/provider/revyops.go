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

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	revyopsres "github.com/contacts-provider/terraform-provider-contacts/internal/resources/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Environment variables read when the matching argument of the revyops block is not set.
const (
	EnvRevyOpsAPIKey   = "REVYOPS_API_KEY"
	EnvRevyOpsClientID = "REVYOPS_CLIENT_ID"
	EnvRevyOpsBaseURL  = "REVYOPS_BASE_URL"
)

// revyOpsDefaultPerMinute keeps under the 10 requests per second RevyOps asks for (documented; not
// enforced): 9 a second.
const revyOpsDefaultPerMinute = (revyops.RequestsPerSecondAsked - 1) * 60

type revyopsModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	ClientID          types.String `tfsdk:"client_id"`
	BaseURL           types.String `tfsdk:"base_url"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	RefreshStrategy   types.String `tfsdk:"refresh_strategy"`
}

var revyOpsVendor = vendor{
	name: "revyops",
	block: schema.SingleNestedBlock{
		MarkdownDescription: "RevyOps credentials and endpoint. Required to use `contacts_revyops_contact`. At least one " +
			"of `api_key` and `client_id` must be set, here or in the environment; each one set is sent.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "RevyOps API key, sent in the `" + revyops.APIKeyHeader + "` header (as integrators do). " +
					"May be set with the `" + EnvRevyOpsAPIKey + "` environment variable instead." +
					credentialWhitespace + unknownVendorSetting,
			},
			"client_id": schema.StringAttribute{
				Optional:  true,
				Sensitive: true, // it authenticates, and it travels in URLs: kept out of plans and logs
				MarkdownDescription: "RevyOps client id, sent as the `" + revyops.ClientIDParam + "` query parameter on every " +
					"request (the official introduction requires it). May be set with the `" + EnvRevyOpsClientID +
					"` environment variable instead." + credentialWhitespace + unknownVendorSetting,
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "API base URL, default `" + revyops.DefaultBaseURL + "`; some integrators report " +
					"`https://app.revyops.com/api` instead. May be set with `" + EnvRevyOpsBaseURL + "`." + baseURLWhitespace + unknownVendorSetting,
				Validators: []validator.String{trimmed(validate.HTTPURL())},
			},
			"requests_per_minute": requestsPerMinuteAttribute("RevyOps", revyOpsDefaultPerMinute),
			"refresh_strategy": refreshStrategyAttribute("RevyOps", "the workspace", revyops.ListPageSize,
				" Lookups by email (the data source, import by email) use the listing's email filter: one request each, or none when a complete listing is at hand."),
		},
	},
	configure:     configureRevyOps,
	resources:     []func() resource.Resource{revyopsres.NewContactResource},
	dataSources:   []func() datasource.DataSource{revyopsres.NewContactDataSource},
	listResources: []func() list.ListResource{revyopsres.NewContactList},
}

func configureRevyOps(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics {
	var m revyopsModel
	known, diags := vendorBlock(ctx, cfg, "revyops", &m)
	if diags.HasError() {
		return diags
	}
	unknown := unknownArguments("revyops", map[string]types.String{"api_key": m.APIKey, "client_id": m.ClientID, "base_url": m.BaseURL})
	if !known {
		unknown = []string{"the provider's revyops block"}
	}
	apiKey, clientID, baseURL := revyOpsSettings(&m, env.getenv)
	if apiKey == "" && clientID == "" && known && !m.APIKey.IsUnknown() && !m.ClientID.IsUnknown() {
		data.Unconfigured["revyops"] = "set the " + EnvRevyOpsAPIKey + " or " + EnvRevyOpsClientID +
			" environment variable, or api_key or client_id in the provider's revyops block"
		return diags
	}
	if len(unknown) > 0 {
		data.Unknown["revyops"] = unknown
		return diags
	}
	perMinute := pacing("revyops", m.RequestsPerMinute, revyOpsDefaultPerMinute, &diags)
	t, tdiags := env.newTransport("revyops", "RevyOps", "base_url or "+EnvRevyOpsBaseURL, transport.Config{
		BaseURL:           baseURL,
		Auth:              revyops.Auth(apiKey, clientID),
		RequestsPerMinute: perMinute,
		Burst:             revyOpsBurst(perMinute),
	})
	diags.Append(tdiags...)
	if diags.HasError() {
		return diags
	}
	data.RevyOps = revyops.New(t, refreshStrategy("revyops", m.RefreshStrategy, &diags))
	return diags
}

// revyOpsBurst is one second's worth of requests: a Terraform run's first reads go out at once, and
// the rate over any longer stretch stays at the configured pace.
func revyOpsBurst(perMinute int) int {
	return max(1, perMinute/60)
}

// revyOpsSettings resolves RevyOps' credentials and base URL, without surrounding whitespace:
// arguments first, then the environment, then the default.
func revyOpsSettings(m *revyopsModel, getenv func(string) string) (apiKey, clientID, baseURL string) {
	apiKey = setting(m.APIKey, getenv, EnvRevyOpsAPIKey)
	clientID = setting(m.ClientID, getenv, EnvRevyOpsClientID)
	if baseURL = setting(m.BaseURL, getenv, EnvRevyOpsBaseURL); baseURL == "" {
		baseURL = revyops.DefaultBaseURL
	}
	return apiKey, clientID, baseURL
}
