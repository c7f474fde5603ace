package revyops

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
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
	return &contactDataSource{DataSourceBinding: providerdata.NewDataSourceBinding("revyops", "RevyOps",
		func(d *providerdata.Data) *revyops.Client { return d.RevyOps })}
}

type contactDataSource struct {
	providerdata.DataSourceBinding[revyops.Client]
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revyops_contact"
}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one contact of the RevyOps workspace, by `id` (documented `GET` route) or by `email` " +
			"(the list endpoint's email filter, documented; letter case is ignored).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The contact's id, RevyOps' integer id in decimal (for example `\"4021\"`). " +
					"Exactly one of `id` and `email` must be set.",
				Validators: []validator.String{contactID()},
			},
			"email": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address. Exactly one of `id` and `email` must be set. It is " +
					"compared as RevyOps compares addresses: trimmed, ignoring letter case.",
				Validators: []validator.String{validate.EmailAddress()},
			},
			"first_name":     computed("The contact's first name, or null."),
			"last_name":      computed("The contact's last name, or null."),
			"linkedin_url":   computed("The contact's LinkedIn profile URL, or null."),
			"origin":         computed("Where the contact came from, or null."),
			"contact_status": computed("The contact's status, or null."),
			"company_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: "The id of the contact's company, or null."},
			"custom_fields": schema.MapAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "Every custom field of the contact, by field name.",
			},
			"updated_time":              computed("When the contact was last changed (RFC 3339, as RevyOps answers it)."),
			"first_campaign_email_sent": computed("When the first campaign email was sent to the contact, or null."),
			"last_campaign_email_sent":  computed("When the last campaign email was sent to the contact, or null."),
			"last_reply_received":       computed("When the contact last replied, or null."),
			"previous_status":           computed("The contact's status before the last status change, or null."),
			"status_changed_at":         computed("When the contact's status last changed, or null."),
		},
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactDataModel
	resp.Diagnostics.Append(tfmodel.GetConfig(ctx, req.Config, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.ReadyToRead(req, resp) {
		return
	}

	var c *revyops.Contact
	if !cfg.ID.IsNull() {
		id, err := parseID(cfg.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid RevyOps contact id", err.Error())
			return
		}
		c, err = d.API().RefreshContact(ctx, id)
		if errors.Is(err, revyops.ErrNotFound) {
			resp.Diagnostics.AddError("RevyOps contact not found", fmt.Sprintf("RevyOps has no contact with id %d (%s).", id, err))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Reading RevyOps contact failed", err.Error())
			return
		}
	} else {
		email := cfg.Email.ValueString()
		found, err := d.API().FindContactsByEmail(ctx, email, emailRule.Same)
		switch {
		case err != nil:
			resp.Diagnostics.AddError("Reading RevyOps contact failed", err.Error())
			return
		case len(found) == 0:
			resp.Diagnostics.AddError("RevyOps contact not found", fmt.Sprintf("RevyOps has no contact with email %s.", email))
			return
		case len(found) > 1:
			resp.Diagnostics.AddError("Ambiguous RevyOps contact",
				fmt.Sprintf("RevyOps has %d contacts with email %s (%s); look one of them up by id.", len(found), email, contactIDs(found)))
			return
		}
		c = &found[0]
	}
	email := cfg.Email
	resp.Diagnostics.Append(cfg.setFromContact(c)...)
	if email.Same(cfg.Email) {
		cfg.Email = email // keep the configuration's letter case
	}
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &cfg)...)
}
