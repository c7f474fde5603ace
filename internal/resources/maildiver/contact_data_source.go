package maildiver

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

var (
	_ datasource.DataSource                     = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*contactDataSource)(nil)
)

// NewContactDataSource is registered by the provider.
func NewContactDataSource() datasource.DataSource {
	return &contactDataSource{DataSourceBinding: providerdata.NewDataSourceBinding("maildiver", "MailDiver",
		func(d *providerdata.Data) *maildiver.Client { return d.MailDiver })}
}

type contactDataSource struct {
	providerdata.DataSourceBinding[maildiver.Client]
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maildiver_contact"
}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one contact of a MailDiver audience, by `id` (documented `GET` route) or by `email` " +
			"(searched through the audience's contact list, documented; addresses compare trimmed and lower-cased, as MailDiver stores them).",
		Attributes: map[string]schema.Attribute{
			"audience_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The audience to look in: a UUID in lower case (documented id format).",
				Validators:          []validator.String{mailDiverID()},
			},
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The contact's id, a UUID in lower case. Exactly one of `id` and `email` must be set.",
				Validators:          []validator.String{mailDiverID()},
			},
			"email": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address. Exactly one of `id` and `email` must be set. It is " +
					"compared as MailDiver stores addresses: trimmed and lower-cased.",
				Validators: []validator.String{validate.EmailAddress()},
			},
			"first_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "The contact's first name, or null."},
			"last_name":     schema.StringAttribute{Computed: true, MarkdownDescription: "The contact's last name, or null."},
			"is_subscribed": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the contact receives emails."},
			"created_at":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the contact was created (RFC 3339, UTC)."},
			"updated_at":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the contact was last changed (RFC 3339, UTC)."},
		},
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactModel
	resp.Diagnostics.Append(tfmodel.GetConfig(ctx, req.Config, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.ReadyToRead(req, resp) {
		return
	}
	audienceID := cfg.AudienceID.ValueString()

	var (
		c   *maildiver.Contact
		err error
	)
	if !cfg.ID.IsNull() {
		c, err = d.API().RefreshContact(ctx, audienceID, cfg.ID.ValueString())
	} else {
		c, err = d.API().FindContactByEmail(ctx, audienceID, cfg.Email.ValueString(), emailRule.Same)
	}
	if errors.Is(err, maildiver.ErrNotFound) {
		what := "id " + cfg.ID.ValueString()
		if cfg.ID.IsNull() {
			what = "email " + cfg.Email.ValueString()
		}
		resp.Diagnostics.AddError("MailDiver contact not found",
			fmt.Sprintf("Audience %s has no contact with %s (%s).", audienceID, what, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading MailDiver contact failed", err.Error())
		return
	}
	cfg.setFromContact(audienceID, c)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &cfg)...)
}
