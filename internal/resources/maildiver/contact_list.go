package maildiver

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/listing"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

var (
	_ list.ListResource              = (*contactList)(nil)
	_ list.ListResourceWithConfigure = (*contactList)(nil)
)

// NewContactList returns the list resource of contacts_maildiver_contact, for `terraform query`.
func NewContactList() list.ListResource {
	return &contactList{ListBinding: providerdata.NewListBinding("maildiver", "MailDiver",
		func(d *providerdata.Data) *maildiver.Client { return d.MailDiver })}
}

type contactList struct {
	providerdata.ListBinding[maildiver.Client]
}

// contactListConfig is the list block's configuration.
type contactListConfig struct {
	AudienceID types.String `tfsdk:"audience_id"`
	Email      types.String `tfsdk:"email_contains"`
}

func (l *contactList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maildiver_contact"
}

func (l *contactList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the contacts of one MailDiver audience, in the order of MailDiver's listing (by email), " +
			"50 a page (documented). Each result carries the contact's identity; with `include_resource = true` it also " +
			"carries the resource, as `terraform query -generate-config-out` writes it.",
		Attributes: map[string]schema.Attribute{
			"audience_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The audience to list (a UUID).",
				Validators:          []validator.String{validate.NotBlank("MailDiver has no audience without an id")},
			},
			"email_contains": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only contacts whose email contains this text, in any letter case. MailDiver's listing " +
					"has no filter, so the provider filters the pages it reads.",
			},
		},
	}
}

func (l *contactList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactListConfig
	if !listing.Config(ctx, req, stream, &cfg, l.Ready) {
		return
	}
	audienceID := strings.ToLower(strings.TrimSpace(cfg.AudienceID.ValueString()))
	contains := strings.ToLower(cfg.Email.ValueString())
	stream.Results = listing.Stream(ctx, req,
		func(ctx context.Context, visit func(maildiver.Contact) bool) error {
			return l.API().ListContacts(ctx, audienceID, visit)
		},
		func(c maildiver.Contact) bool { return strings.Contains(strings.ToLower(c.Email), contains) },
		func(ctx context.Context, c maildiver.Contact, r *list.ListResult) {
			r.DisplayName = listing.DisplayName(c.Email, c.FirstName, c.LastName)
			r.Diagnostics.Append(r.Identity.Set(ctx, contactIdentity{AudienceID: types.StringValue(audienceID), ID: types.StringValue(c.ID)})...)
			if req.IncludeResource {
				var m contactModel
				r.Diagnostics.Append(listing.NullModel(ctx, r.Resource, &m)...)
				m.setFromContact(audienceID, &c)
				r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
			}
		},
		"Listing MailDiver contacts failed")
}

// contactIdentity is the resource's identity, as Go values.
type contactIdentity struct {
	AudienceID types.String `tfsdk:"audience_id"`
	ID         types.String `tfsdk:"id"`
}
