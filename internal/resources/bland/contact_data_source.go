package bland

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
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
	return &contactDataSource{DataSourceBinding: providerdata.NewDataSourceBinding("bland", "Bland",
		func(d *providerdata.Data) *bland.Client { return d.Bland })}
}

type contactDataSource struct {
	providerdata.DataSourceBinding[bland.Client]
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bland_contact"
}

const lookupRule = "Exactly one of `id`, `phone_number`, `email` and `external_id` must be set."

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Bland AI contact, by `id` (documented `GET /v1/contacts/{id}`) or by one of its " +
			"identifiers (documented `POST /v1/contacts/find`, a read-only search). Reading fails when no contact matches.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The contact's id. " + lookupRule,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"phone_number": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: phoneRule.Type(),
				MarkdownDescription: "A phone number the contact holds, in any format Bland reads (`+1 415-555-0192` finds " +
					"`+14155550192`); when looking up by another attribute, the contact's primary phone number. " + lookupRule,
				Validators: []validator.String{validate.PhoneNumber()},
			},
			"email": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "An email address the contact holds (compared trimmed and lower-cased); when looking up " +
					"by another attribute, the contact's primary email. " + lookupRule,
				Validators: []validator.String{validate.EmailAddress()},
			},
			"external_id": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: externalIDRule.Type(),
				MarkdownDescription: "An external id the contact holds (surrounding spaces do not matter); when looking up by " +
					"another attribute, the contact's primary external id. " + lookupRule,
				Validators: []validator.String{validate.NotBlank("Bland stores identifiers trimmed, so a blank one would be empty")},
			},
			"name": schema.StringAttribute{Computed: true, MarkdownDescription: "The contact's name, or null."},
			"metadata": schema.StringAttribute{
				Computed:            true,
				CustomType:          jsontypes.NormalizedType{},
				MarkdownDescription: "The contact's whole metadata object, as JSON: use `jsondecode(...)` to read a key.",
			},
			"org_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The Bland organization the contact belongs to."},
			"identifiers": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every identifier the contact holds, the primary one of each type marked.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":    schema.StringAttribute{Computed: true, MarkdownDescription: "`phone_number`, `email` or `external_id`."},
					"value":   schema.StringAttribute{Computed: true, MarkdownDescription: "The identifier as Bland stores it."},
					"primary": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the primary identifier of its type."},
				}},
			},
			"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the contact was created (ISO 8601)."},
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the contact was last changed (ISO 8601)."},
		},
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), pathPhoneNumberExpr, pathEmailExpr, pathExternalIDExpr),
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

	var (
		c    *bland.Contact
		err  error
		what string
	)
	switch {
	case !cfg.ID.IsNull():
		what = "id " + cfg.ID.ValueString()
		c, err = d.API().RefreshContact(ctx, cfg.ID.ValueString())
	case !cfg.PhoneNumber.IsNull():
		what = "phone number " + cfg.PhoneNumber.ValueString()
		c, err = d.API().FindContact(ctx, bland.FindRequest{PhoneNumber: knownString(cfg.PhoneNumber)})
	case !cfg.Email.IsNull():
		what = "email " + cfg.Email.ValueString()
		c, err = d.API().FindContact(ctx, bland.FindRequest{Email: knownString(cfg.Email.StringValue)})
	default:
		what = "external id " + cfg.ExternalID.ValueString()
		c, err = d.API().FindContact(ctx, bland.FindRequest{ExternalID: knownString(cfg.ExternalID)})
	}
	if errors.Is(err, bland.ErrNotFound) {
		resp.Diagnostics.AddError("Bland contact not found",
			fmt.Sprintf("Bland has no contact with %s (%s).", what, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading Bland contact failed", err.Error())
		return
	}
	resp.Diagnostics.Append(cfg.setFromContact(ctx, c)...)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &cfg)...)
}
