package revyops

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/listing"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
)

var (
	_ list.ListResource              = (*contactList)(nil)
	_ list.ListResourceWithConfigure = (*contactList)(nil)
)

// NewContactList returns the list resource of contacts_revyops_contact, for `terraform query`.
func NewContactList() list.ListResource {
	return &contactList{ListBinding: providerdata.NewListBinding("revyops", "RevyOps",
		func(d *providerdata.Data) *revyops.Client { return d.RevyOps })}
}

type contactList struct {
	providerdata.ListBinding[revyops.Client]
}

type contactListConfig struct {
	Email     types.String `tfsdk:"email"`
	Domain    types.String `tfsdk:"domain"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
}

func (l *contactList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revyops_contact"
}

func (l *contactList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(what string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: what + " RevyOps applies it (a documented filter of its listing)."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the RevyOps workspace's contacts, 100 a page (assumed maximum), filtered by RevyOps itself. " +
			"Each result carries the contact's identity; with `include_resource = true` it also carries the resource as a " +
			"refresh after import would hold it, with no `custom_fields` (the resource manages only the custom fields its " +
			"configuration lists, so adopting a contact claims none of them until you add them) and `company_id` rather " +
			"than `company_domain`.",
		Attributes: map[string]schema.Attribute{
			"email":      filter("Only the contact with this email."),
			"domain":     filter("Only contacts of the company with this domain."),
			"first_name": filter("Only contacts whose first name matches this text."),
			"last_name":  filter("Only contacts whose last name matches this text."),
		},
	}
}

func (l *contactList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactListConfig
	if !listing.Config(ctx, req, stream, &cfg, l.Ready) {
		return
	}
	filter := revyops.ListFilter{
		Email:     strings.TrimSpace(cfg.Email.ValueString()),
		Domain:    strings.TrimSpace(cfg.Domain.ValueString()),
		FirstName: cfg.FirstName.ValueString(),
		LastName:  cfg.LastName.ValueString(),
	}
	stream.Results = listing.Stream(ctx, req,
		func(ctx context.Context, visit func(revyops.Contact) bool) error {
			return l.API().ListContacts(ctx, filter, visit)
		},
		nil,
		func(ctx context.Context, c revyops.Contact, r *list.ListResult) {
			r.DisplayName = listing.DisplayName(c.Email, c.FirstName, c.LastName)
			r.Diagnostics.Append(r.Identity.Set(ctx, contactIdentity{ID: types.Int64Value(c.ID)})...)
			if req.IncludeResource {
				var m contactModel
				r.Diagnostics.Append(listing.NullModel(ctx, r.Resource, &m)...)
				r.Diagnostics.Append(m.setFromContact(&c)...)
				r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
			}
		},
		"Listing RevyOps contacts failed")
}

// contactIdentity is the resource's identity, as Go values.
type contactIdentity struct {
	ID types.Int64 `tfsdk:"id"`
}
