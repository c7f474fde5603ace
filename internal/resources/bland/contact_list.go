package bland

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/listing"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
)

var (
	_ list.ListResource              = (*contactList)(nil)
	_ list.ListResourceWithConfigure = (*contactList)(nil)
)

// NewContactList returns the list resource of contacts_bland_contact, for `terraform query`.
func NewContactList() list.ListResource {
	return &contactList{ListBinding: providerdata.NewListBinding("bland", "Bland",
		func(d *providerdata.Data) *bland.Client { return d.Bland })}
}

type contactList struct {
	providerdata.ListBinding[bland.Client]
}

type contactListConfig struct {
	EmailContains types.String `tfsdk:"email_contains"`
	NameContains  types.String `tfsdk:"name_contains"`
}

func (l *contactList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bland_contact"
}

func (l *contactList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Bland account's contacts, in the order of Bland's listing, 200 a page (documented). " +
			"Bland's listing has no filters, so the provider filters the pages it reads. Each result carries the " +
			"contact's identity; with `include_resource = true` it also carries the resource as a refresh after import " +
			"would hold it: its primary identifiers and name, and no `metadata` (the resource manages only the metadata " +
			"keys its configuration lists, so adopting a contact claims none of them until you add them).",
		Attributes: map[string]schema.Attribute{
			"email_contains": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts with an email identifier that contains this text, in any letter case.",
			},
			"name_contains": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts whose name contains this text, in any letter case.",
			},
		},
	}
}

func (l *contactList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactListConfig
	if !listing.Config(ctx, req, stream, &cfg, l.Ready) {
		return
	}
	email, name := strings.ToLower(cfg.EmailContains.ValueString()), strings.ToLower(cfg.NameContains.ValueString())
	stream.Results = listing.Stream(ctx, req,
		func(ctx context.Context, visit func(bland.Contact) bool) error {
			return l.API().ListContacts(ctx, visit)
		},
		func(c bland.Contact) bool {
			if name != "" && (c.Name == nil || !strings.Contains(strings.ToLower(*c.Name), name)) {
				return false
			}
			if email == "" {
				return true
			}
			for _, e := range c.Values(bland.IdentifierEmail) {
				if strings.Contains(strings.ToLower(e), email) {
					return true
				}
			}
			return false
		},
		func(ctx context.Context, c bland.Contact, r *list.ListResult) {
			r.DisplayName = displayName(&c)
			r.Diagnostics.Append(r.Identity.Set(ctx, contactIdentity{ID: types.StringValue(c.ID)})...)
			if req.IncludeResource {
				var m contactModel
				r.Diagnostics.Append(listing.NullModel(ctx, r.Resource, &m)...)
				r.Diagnostics.Append(m.setFromContact(ctx, &c)...)
				r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
			}
		},
		"Listing Bland contacts failed")
}

// contactIdentity is the resource's identity, as Go values.
type contactIdentity struct {
	ID types.String `tfsdk:"id"`
}

// displayName is how `terraform query` shows a contact: its name and first identifier.
func displayName(c *bland.Contact) string {
	var ident string
	for _, t := range []string{bland.IdentifierEmail, bland.IdentifierPhoneNumber, bland.IdentifierExternalID} {
		if v := c.Values(t); len(v) > 0 {
			ident = v[0]
			break
		}
	}
	return listing.DisplayName(ident, c.Name)
}
