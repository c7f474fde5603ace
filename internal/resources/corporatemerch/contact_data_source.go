package corporatemerch

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
)

var (
	_ datasource.DataSource              = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*contactDataSource)(nil)
)

// NewContactDataSource is registered by the provider.
func NewContactDataSource() datasource.DataSource {
	return &contactDataSource{DataSourceBinding: providerdata.NewDataSourceBinding("corporatemerch", "Corporate Merch",
		func(d *providerdata.Data) *corporatemerch.Client { return d.CorporateMerch })}
}

type contactDataSource struct {
	providerdata.DataSourceBinding[corporatemerch.Client]
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_corporatemerch_contact"
}

var contactIDPattern = regexp.MustCompile(`^[1-9][0-9]*$`)

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	flag := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
	}
	ids := func(description string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Corporate Merch contact by id (a `GET` of the contact, an assumed route). Arguments " +
			"that are unset at Corporate Merch read as null.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The contact's id, a whole number written as a string, e.g. `\"1234\"`.",
				Validators: []validator.String{stringvalidator.RegexMatches(contactIDPattern,
					"must be a Corporate Merch contact id, a positive whole number such as 1234")},
			},
			"first_name": text("The contact's first name."),
			"last_name":  text("The contact's last name."),
			"email": schema.StringAttribute{
				Computed: true, CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address.",
			},
			"phone":                  text("The contact's phone number."),
			"gender":                 text("`male` or `female`."),
			"shirt_size":             text("One of `XS`, `SM`, `MD`, `LG`, `XL`, `2XL`, `3XL`."),
			"birthday":               text("Date of birth, `yyyy-mm-dd`."),
			"country":                text("2-letter ISO 3166-1 country code."),
			"address":                text("The primary street line."),
			"address2":               text("The secondary address line."),
			"city":                   text("The city."),
			"state":                  text("The state or province."),
			"postal_code":            text("The postal or zip code."),
			"company":                text("The name of the contact's company."),
			"department":             text("The contact's department."),
			"job_title":              text("The contact's job title or position."),
			"employment_status":      text("The contact's employment status."),
			"contact_type":           text("`employee` or `client`."),
			"employment_type":        text("The type of employment."),
			"start_date":             text("Employment or engagement start date, `yyyy-mm-dd`."),
			"anniversary_date":       text("Wedding or work anniversary, `yyyy-mm-dd`."),
			"client_since":           text("Client since, `yyyy-mm-dd`."),
			"classification":         text("A classification label, e.g. `VIP`."),
			"address_validated":      flag("Whether the address has been validated."),
			"address_force_accepted": flag("Whether the address was force-accepted despite validation issues."),
			"address_verified":       flag("Whether the address has been verified."),
			"lists":                  ids("Ids of the lists the contact belongs to."),
			"labels":                 ids("Ids of the contact labels the contact has."),
		},
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
	id, err := parseID(cfg.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid Corporate Merch contact id", err.Error()+".")
		return
	}
	c, err := d.API().RefreshContact(ctx, id)
	if errors.Is(err, corporatemerch.ErrNotFound) {
		resp.Diagnostics.AddError("Corporate Merch contact not found", fmt.Sprintf("Corporate Merch has no contact with id %d (%s).", id, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading Corporate Merch contact failed", err.Error())
		return
	}
	cfg.setFromContact(c)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &cfg)...)
}
