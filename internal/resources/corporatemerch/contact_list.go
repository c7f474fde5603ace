package corporatemerch

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/listing"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
)

var (
	_ list.ListResource              = (*contactList)(nil)
	_ list.ListResourceWithConfigure = (*contactList)(nil)
)

// NewContactList returns the list resource of contacts_corporatemerch_contact, for `terraform query`.
func NewContactList() list.ListResource {
	return &contactList{ListBinding: providerdata.NewListBinding("corporatemerch", "Corporate Merch",
		func(d *providerdata.Data) *corporatemerch.Client { return d.CorporateMerch })}
}

type contactList struct {
	providerdata.ListBinding[corporatemerch.Client]
}

type contactListConfig struct {
	EmailContains types.String `tfsdk:"email_contains"`
	ContactType   types.String `tfsdk:"contact_type"`
}

func (l *contactList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_corporatemerch_contact"
}

func (l *contactList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Corporate Merch account's contacts, 50 a page (documented maximum), paced like every " +
			"other request (40 a minute by default: 50 contacts a request, so 2,000 a minute). Corporate Merch's listing has no " +
			"filters, so the provider filters the pages it reads. Each result carries the contact's identity; with " +
			"`include_resource = true` it also carries the resource as a refresh after import would hold it.",
		Attributes: map[string]schema.Attribute{
			"email_contains": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts whose email contains this text, in any letter case.",
			},
			"contact_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts of this type: `employee` or `client`.",
				Validators:          []validator.String{stringvalidator.OneOf("employee", "client")},
			},
		},
	}
}

func (l *contactList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactListConfig
	if !listing.Config(ctx, req, stream, &cfg, l.Ready) {
		return
	}
	email, typ := strings.ToLower(cfg.EmailContains.ValueString()), cfg.ContactType.ValueString()
	stream.Results = listing.Stream(ctx, req,
		func(ctx context.Context, visit func(corporatemerch.Contact) bool) error {
			return l.API().ListContacts(ctx, visit)
		},
		func(c corporatemerch.Contact) bool {
			return strings.Contains(strings.ToLower(c.Email), email) && (typ == "" || c.Type == typ)
		},
		func(ctx context.Context, c corporatemerch.Contact, r *list.ListResult) {
			r.DisplayName = listing.DisplayName(c.Email, &c.FirstName, &c.LastName)
			r.Diagnostics.Append(r.Identity.Set(ctx, contactIdentity{ID: types.Int64Value(c.ID)})...)
			if req.IncludeResource {
				var m contactModel
				r.Diagnostics.Append(listing.NullModel(ctx, r.Resource, &m)...)
				m.setFromContact(&c)
				r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
			}
		},
		"Listing Corporate Merch contacts failed")
}

// contactIdentity is the resource's identity, as Go values.
type contactIdentity struct {
	ID types.Int64 `tfsdk:"id"`
}
