// Package provider defines the contacts provider: its schema, its configuration from arguments and
// environment variables, and the registration of every vendor's resources and data sources. It holds
// no vendor logic: each vendor's block and settings are in a file of their own (maildiver.go, ...),
// listed once in vendors below.
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
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/collection"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// Defaults for the provider-wide transport settings.
const (
	// DefaultMaxRetries rides out about two and a half minutes of a vendor's failures (backoff from
	// 0.5s doubling to 30s), and a sustained 30% failure rate with a chance of about 2 in a million
	// per request of failing every attempt (0.3^11).
	DefaultMaxRetries       = 10
	DefaultRequestTimeout   = 30 * time.Second
	DefaultMaxRateLimitWait = transport.DefaultMaxRateLimitWait
)

// vendor is everything the provider knows of one vendor: its configuration block, how to turn that
// block (and the environment) into a client, and its resources and data sources.
type vendor struct {
	// name is the block name and the key in providerdata.Data.Unconfigured.
	name  string
	block schema.SingleNestedBlock
	// configure reads the vendor's block from cfg and sets its client in data, or records in
	// data.Unconfigured what the user must set when it has no credentials.
	configure   func(ctx context.Context, cfg tfsdk.Config, env vendorEnv, data *providerdata.Data) diag.Diagnostics
	resources   []func() resource.Resource
	dataSources []func() datasource.DataSource
	// listResources serve `terraform query` (Terraform 1.14+).
	listResources []func() list.ListResource
}

// vendorEnv is what every vendor's configure gets besides its own block.
type vendorEnv struct {
	getenv func(string) string
	// shared holds the provider-wide transport settings (retries, timeout, user agent); a vendor
	// copies it and adds its own base URL, auth and pacing.
	shared transport.Config
}

// newTransport builds one vendor's transport: the provider-wide settings (retries, timeout, user
// agent) plus the vendor's own in tc (base URL, auth, pacing). A base URL it cannot use is an error on
// the block's base_url, saying where the URL came from.
func (env vendorEnv) newTransport(block, displayName, urlSources string, tc transport.Config) (*transport.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	tc.Vendor = block
	tc.MaxRetries, tc.Timeout, tc.UserAgent = env.shared.MaxRetries, env.shared.Timeout, env.shared.UserAgent
	tc.MaxRateLimitWait = env.shared.MaxRateLimitWait
	t, err := transport.New(tc)
	if err != nil {
		diags.AddAttributeError(path.Root(block).AtName("base_url"), "Invalid "+displayName+" base URL",
			fmt.Sprintf("The %s base URL %q (from %s) cannot be used: %s.", displayName, tc.BaseURL, urlSources, err))
	}
	return t, diags
}

// vendors lists every vendor the provider serves. Adding a vendor: a file with its vendor value,
// and one entry here.
var vendors = []vendor{
	mailDiverVendor,
	blandVendor,
	revyOpsVendor,
	corporateMerchVendor,
}

var (
	_ provider.Provider                  = (*ContactsProvider)(nil)
	_ provider.ProviderWithListResources = (*ContactsProvider)(nil)
)

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

func (p *ContactsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contacts"
	resp.Version = p.version
}

// requestsPerMinuteAttribute is the pacing argument every vendor block has.
func requestsPerMinuteAttribute(vendorName string, defaultPerMinute int) schema.Int64Attribute {
	def := "Unset: no pacing beyond the vendor's own rate-limit answers, which are always waited out and retried."
	if defaultPerMinute > 0 {
		def = fmt.Sprintf("Default `%d`, under the vendor's documented limit.", defaultPerMinute)
	}
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Paces requests to %s to at most this many per minute (a token bucket shared by "+
			"all resources of one Terraform run). `0` turns pacing off. %s%s", vendorName, def, transportWhileUnknown),
		Validators: []validator.Int64{int64validator.AtLeast(0)},
	}
}

// refreshStrategyAttribute is a vendor block's refresh_strategy. collection names what one listing
// covers ("an audience", "the account") and pageSize how many contacts a page holds.
func refreshStrategyAttribute(vendorName, collectionName string, pageSize int, note string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("How a refresh (plan, apply, destroy, import) reads %[1]s contacts. "+
			"`auto` (default): contacts are served from a listing of %[2]s, %[3]d contacts a page, shared by all reads of "+
			"one Terraform run, for as long as the pages listed stay under twice the number of contacts read; a contact "+
			"whose page is not reached within that budget is read with its own GET. For R managed contacts in a "+
			"listing of P pages that is at most min(P, 2R) pages plus R GETs: P pages when the configuration covers "+
			"%[2]s, and never more than 3 requests per contact when it holds a few contacts of a large one. "+
			"`list`: the whole listing on the first read (P pages) and every read served from it. `get`: one GET per "+
			"contact (R requests). With any strategy, a contact missing from a listing is confirmed with its own GET "+
			"before it is called gone, and every create, update or delete of %[2]s discards what was listed of it, so "+
			"nothing listed before a write is used after it.%[4]s%[5]s",
			vendorName, collectionName, pageSize, note, transportWhileUnknown),
		Validators: []validator.String{stringvalidator.OneOf(collection.Strategies...)},
	}
}

func (p *ContactsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	blocks := map[string]schema.Block{}
	for _, v := range vendors {
		blocks[v.name] = v.block
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages people's contact records at SaaS vendors. Each vendor has an optional block; " +
			"a vendor's resources and data sources can be used only when its credentials are set, in the block or in " +
			"the vendor's environment variables. Requests that are safe to repeat are retried on rate limits (429), " +
			"server errors (5xx) and connection errors; a create is never sent twice blindly (see the Failure handling " +
			"guide). A vendor argument known only after apply (such as a key from another resource) affects only that " +
			"vendor: its new contacts plan as usual, its existing ones are not refreshed during that plan, and its data " +
			"sources cannot be read until the value is known; the other vendors plan and apply as usual. " +
			"See the provider configuration guide.",
		Attributes: map[string]schema.Attribute{
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a request is retried, with exponential backoff and "+
					"jitter (0.5s doubling up to 30s), when it failed in a way another attempt may fix: for reads, updates "+
					"and deletes (safe to repeat) a server error (5xx), a rate limit without a wait hint (429) or a "+
					"connection error; for a create only the answers that say it was not processed (429, 503) and errors "+
					"before it was sent. A create that may have reached the vendor is never sent again blindly: the "+
					"provider looks the contact up first (see the Failure handling guide). Waiting out a 429 that says "+
					"how long to wait does not count as a retry (see `max_rate_limit_wait`). Default `%d`.%s", DefaultMaxRetries, transportWhileUnknown),
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The longest one request may spend, in total, waiting out a vendor's "+
					"rate limit (a 429 with `Retry-After` or `X-RateLimit-Reset`, or the hold the provider puts on all "+
					"requests to a vendor after one such answer), as a duration such as `\"5m\"`. Such waits are not "+
					"retries. Beyond it the vendor's 429 is reported. Default `\"%s\"`.%s", DefaultMaxRateLimitWait, transportWhileUnknown),
				Validators: []validator.String{validate.Duration()},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one HTTP attempt may take, as a duration such as `\"30s\"` "+
					"or `\"2m\"`. Default `\"%s\"`.%s", DefaultRequestTimeout, transportWhileUnknown),
				Validators: []validator.String{validate.Duration()},
			},
		},
		Blocks: blocks,
	}
}

func (p *ContactsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	shared, diags := p.sharedTransportConfig(ctx, req.Config, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerdata.Data{
		Unconfigured: map[string]string{},
		Unknown:      map[string][]string{},
		Settle:       settle.Policy{MaxSends: shared.MaxRetries + 1, Grace: settle.DefaultGrace},
	}
	env := vendorEnv{getenv: p.getenv, shared: shared}
	for _, v := range vendors {
		resp.Diagnostics.Append(v.configure(ctx, req.Config, env, data)...)
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

// sharedTransportConfig holds the provider-wide settings every vendor's transport starts from. They
// change only how requests are sent, so one known only after apply takes its default during plan.
func (p *ContactsProvider) sharedTransportConfig(ctx context.Context, cfg tfsdk.Config, terraformVersion string) (transport.Config, diag.Diagnostics) {
	out := transport.Config{
		MaxRetries:       DefaultMaxRetries,
		Timeout:          DefaultRequestTimeout,
		MaxRateLimitWait: DefaultMaxRateLimitWait,
		UserAgent: fmt.Sprintf("terraform-provider-contacts/%s (+https://registry.terraform.io/providers/contacts-provider/contacts) Terraform/%s",
			p.version, terraformVersion),
	}
	var (
		diags          diag.Diagnostics
		maxRetries     types.Int64
		requestTimeout types.String
		maxRateWait    types.String
	)
	diags.Append(cfg.GetAttribute(ctx, path.Root("max_retries"), &maxRetries)...)
	diags.Append(cfg.GetAttribute(ctx, path.Root("request_timeout"), &requestTimeout)...)
	diags.Append(cfg.GetAttribute(ctx, path.Root("max_rate_limit_wait"), &maxRateWait)...)
	if diags.HasError() {
		return out, diags
	}
	switch {
	case maxRateWait.IsUnknown():
		diags.Append(defaultWhileUnknown(path.Root("max_rate_limit_wait"), fmt.Sprintf("%q", DefaultMaxRateLimitWait)))
	case !maxRateWait.IsNull():
		if d, err := time.ParseDuration(maxRateWait.ValueString()); err == nil {
			out.MaxRateLimitWait = d
		}
	}
	switch {
	case maxRetries.IsUnknown():
		diags.Append(defaultWhileUnknown(path.Root("max_retries"), fmt.Sprint(DefaultMaxRetries)))
	case !maxRetries.IsNull():
		out.MaxRetries = int(maxRetries.ValueInt64())
	}
	switch {
	case requestTimeout.IsUnknown():
		diags.Append(defaultWhileUnknown(path.Root("request_timeout"), fmt.Sprintf("%q", DefaultRequestTimeout)))
	case !requestTimeout.IsNull():
		if d, err := time.ParseDuration(requestTimeout.ValueString()); err == nil {
			out.Timeout = d
		}
	}
	return out, diags
}

// hostnamePattern is a DNS name: labels of letters, digits and hyphens separated by dots.
var hostnamePattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

func (p *ContactsProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, v := range vendors {
		out = append(out, v.resources...)
	}
	return out
}

// ListResources are the list resources of `terraform query` (Terraform 1.14+), one per resource.
func (p *ContactsProvider) ListResources(context.Context) []func() list.ListResource {
	var out []func() list.ListResource
	for _, v := range vendors {
		out = append(out, v.listResources...)
	}
	return out
}

func (p *ContactsProvider) DataSources(context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, v := range vendors {
		out = append(out, v.dataSources...)
	}
	return out
}
