// Package provider defines the contacts provider: its schema, its configuration from arguments and
// environment variables, and the registration of every vendor's resources and data sources. It holds
// no vendor logic.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	maildiverres "github.com/contacts-provider/terraform-provider-contacts/internal/resources/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Defaults for the provider-wide transport settings.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
)

// Environment variables read when the matching argument is not set.
const (
	EnvMailDiverAPIKey  = "MAILDIVER_API_KEY"
	EnvMailDiverBaseURL = "MAILDIVER_BASE_URL"
)

var _ provider.Provider = (*ContactsProvider)(nil)

// ContactsProvider is the provider. version is injected at build time (goreleaser ldflags).
type ContactsProvider struct {
	version string
	getenv  func(string) string
}

// New returns a provider factory for providerserver.Serve: settings not in the configuration come from
// the process environment.
func New(version string) func() provider.Provider {
	return NewWithEnvironment(version, os.Getenv)
}

// NewWithEnvironment is New with the environment lookup injected, so tests control exactly which
// variables the provider sees without touching the process environment.
func NewWithEnvironment(version string, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider { return &ContactsProvider{version: version, getenv: getenv} }
}

type providerModel struct {
	MaxRetries     types.Int64     `tfsdk:"max_retries"`
	RequestTimeout types.String    `tfsdk:"request_timeout"`
	MailDiver      *maildiverModel `tfsdk:"maildiver"`
}

type maildiverModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	BaseURL           types.String `tfsdk:"base_url"`
	Domain            types.String `tfsdk:"domain"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
}

func (p *ContactsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contacts"
	resp.Version = p.version
}

func requestsPerMinuteAttribute(vendor string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Paces requests to %s to at most this many per minute (a token bucket), "+
			"across all resources of one Terraform run. Unset or `0`: no pacing beyond the vendor's own rate-limit answers, "+
			"which are always waited out and retried.", vendor),
		Validators: []validator.Int64{int64validator.AtLeast(0)},
	}
}

func (p *ContactsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages people's contact records at SaaS vendors (MailDiver; Bland AI, RevyOps and " +
			"Corporate Merch are planned). Each vendor has an optional block; a vendor's resources can be used only " +
			"when its credentials are set, in the block or in the vendor's environment variables.",
		Attributes: map[string]schema.Attribute{
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a rate limit (429), a "+
					"temporary server error (502, 503, 504) or a connection error, with exponential backoff and jitter, "+
					"waiting as long as the vendor's `Retry-After` asks. A create (POST) is never replayed once it may have "+
					"reached the vendor. Default `%d`.", DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one HTTP attempt may take, as a duration such as `\"30s\"` "+
					"or `\"2m\"`. Default `\"%s\"`.", DefaultRequestTimeout),
				Validators: []validator.String{validate.Duration()},
			},
		},
		Blocks: map[string]schema.Block{
			"maildiver": schema.SingleNestedBlock{
				MarkdownDescription: "MailDiver credentials and endpoint. Required to use `contacts_maildiver_contact`.",
				Attributes: map[string]schema.Attribute{
					"api_key": schema.StringAttribute{
						Optional:  true,
						Sensitive: true,
						MarkdownDescription: "MailDiver API key, sent as `Authorization: Bearer <key>`. " +
							"May be set with the `" + EnvMailDiverAPIKey + "` environment variable instead.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"base_url": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "API base URL, default `" + maildiver.DefaultBaseURL + "`. " +
							"May be set with `" + EnvMailDiverBaseURL + "`. Conflicts with `domain`.",
						Validators: []validator.String{
							validate.HTTPURL(),
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("domain")),
						},
					},
					"domain": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "Domain of a self-hosted MailDiver: for `example.com` the API base is " +
							"`https://api.example.com/v1`. Conflicts with `base_url`.",
						Validators: []validator.String{
							stringvalidator.RegexMatches(hostnamePattern, "must be a domain name such as example.com, without a scheme or path"),
						},
					},
					"requests_per_minute": requestsPerMinuteAttribute("MailDiver"),
				},
			},
		},
	}
}

func (p *ContactsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	shared, diags := p.sharedTransportConfig(cfg, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	data := &providerdata.Data{Unconfigured: map[string]string{}}

	md, diags := p.configureMailDiver(cfg.MailDiver, shared)
	resp.Diagnostics.Append(diags...)
	if md != nil {
		data.MailDiver = maildiver.New(md)
	} else {
		data.Unconfigured["maildiver"] = "set the " + EnvMailDiverAPIKey +
			" environment variable, or api_key in the provider's maildiver block"
	}

	resp.ResourceData = data
	resp.DataSourceData = data
}

// sharedTransportConfig holds the provider-wide settings every vendor's transport starts from.
func (p *ContactsProvider) sharedTransportConfig(cfg providerModel, terraformVersion string) (transport.Config, diag.Diagnostics) {
	out := transport.Config{
		MaxRetries: DefaultMaxRetries,
		Timeout:    DefaultRequestTimeout,
		UserAgent: fmt.Sprintf("terraform-provider-contacts/%s (+https://registry.terraform.io/providers/contacts-provider/contacts) Terraform/%s",
			p.version, terraformVersion),
	}
	var diags diag.Diagnostics
	if cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() {
		diags.Append(unknownValue(path.Root("max_retries"), "max_retries and request_timeout"))
		return out, diags
	}
	if !cfg.MaxRetries.IsNull() {
		out.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err == nil {
			out.Timeout = d
		}
	}
	return out, diags
}

// configureMailDiver builds MailDiver's transport, or returns nil when no API key is set anywhere.
func (p *ContactsProvider) configureMailDiver(m *maildiverModel, shared transport.Config) (*transport.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m == nil {
		m = &maildiverModel{}
	}
	for name, v := range map[string]types.String{"api_key": m.APIKey, "base_url": m.BaseURL, "domain": m.Domain} {
		if v.IsUnknown() {
			diags.Append(unknownValue(path.Root("maildiver").AtName(name), "maildiver."+name))
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	apiKey, baseURL := mailDiverSettings(m, p.getenv)
	if apiKey == "" {
		return nil, nil
	}
	cfg := maildiver.NewTransportConfig(baseURL, apiKey)
	cfg.MaxRetries, cfg.Timeout, cfg.UserAgent = shared.MaxRetries, shared.Timeout, shared.UserAgent
	if !m.RequestsPerMinute.IsNull() && !m.RequestsPerMinute.IsUnknown() {
		cfg.RequestsPerMinute = int(m.RequestsPerMinute.ValueInt64())
	}
	t, err := transport.New(cfg)
	if err != nil {
		diags.AddAttributeError(path.Root("maildiver").AtName("base_url"), "Invalid MailDiver base URL",
			fmt.Sprintf("The MailDiver base URL %q (from base_url, domain or %s) cannot be used: %s.", baseURL, EnvMailDiverBaseURL, err))
		return nil, diags
	}
	return t, diags
}

// mailDiverSettings resolves MailDiver's key and base URL: arguments first, then the environment, then
// the default. base_url wins over domain (the schema forbids setting both).
func mailDiverSettings(m *maildiverModel, getenv func(string) string) (apiKey, baseURL string) {
	apiKey = firstNonEmpty(m.APIKey.ValueString(), getenv(EnvMailDiverAPIKey))
	baseURL = m.BaseURL.ValueString()
	if baseURL == "" && m.Domain.ValueString() != "" {
		baseURL = maildiver.SelfHostedBaseURL(m.Domain.ValueString())
	}
	return apiKey, firstNonEmpty(baseURL, getenv(EnvMailDiverBaseURL), maildiver.DefaultBaseURL)
}

// hostnamePattern is a DNS name: labels of letters, digits and hyphens separated by dots.
var hostnamePattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// unknownValue is the error for an argument that is not known until apply: credentials must be known
// when Terraform plans.
func unknownValue(p path.Path, what string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Provider argument not known at plan time",
		what+" depends on a value known only after apply. Provider credentials and settings must be known "+
			"when Terraform plans: set them from variables or environment variables.")
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func (p *ContactsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		maildiverres.NewContactResource,
	}
}

func (p *ContactsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		maildiverres.NewContactDataSource,
	}
}
