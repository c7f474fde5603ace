package maildiver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
	"github.com/contacts-provider/terraform-provider-contacts/internal/identity"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

var (
	_ resource.Resource                = (*contactResource)(nil)
	_ resource.ResourceWithIdentity    = (*contactResource)(nil)
	_ resource.ResourceWithConfigure   = (*contactResource)(nil)
	_ resource.ResourceWithImportState = (*contactResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*contactResource)(nil)
)

// NewContactResource is registered by the provider.
func NewContactResource() resource.Resource {
	return &contactResource{ResourceBinding: providerdata.NewResourceBinding("maildiver", "MailDiver",
		func(d *providerdata.Data) *maildiver.Client { return d.MailDiver })}
}

type contactResource struct {
	providerdata.ResourceBinding[maildiver.Client]
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maildiver_contact"
}

// nameAttribute describes first_name and last_name, which share MailDiver's rule (seed: 1-100 characters).
func nameAttribute(which string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: fmt.Sprintf("The contact's %s name, 1 to 100 characters (counted as characters, not bytes). "+
			"MailDiver cannot clear a name once set, so removing this argument stops managing it: the value on the "+
			"server is kept and shown in state, and later changes made elsewhere are not reported as drift.", which),
		Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, 100)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact in a MailDiver audience.\n\n" +
			"Create sends `POST /audiences/{audienceId}/contacts` (an *assumed* route: MailDiver documents no create " +
			"endpoint publicly), read `GET .../contacts/{contactId}` (documented), update the seed's " +
			"`PATCH .../contacts/{contactId}` with only the changed fields, then reads the contact back, and delete " +
			"`DELETE .../contacts/{contactId}` (assumed).\n\n" +
			"If the answer to a create is lost (the connection drops after the request was sent, a server error, an " +
			"interrupt), the provider does not send it again blindly: it looks the contact up by email and records it, " +
			"so no duplicate is made and nothing is left out of the state (see the Failure handling guide).\n\n" +
			"Import with `AUDIENCE_ID/CONTACT_ID` or `AUDIENCE_ID/email:ADDRESS`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The contact's id (a UUIDv7 string).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"audience_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The audience the contact belongs to: a MailDiver id, a UUID in lower case such as " +
					"`01959b50-eda7-7597-acb1-cfeffdd53400` (documented id format). Changing it replaces the contact.",
				Validators:    []validator.String{mailDiverID()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"email": schema.StringAttribute{
				Required:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address, in its plain form `local@domain`. MailDiver stores it " +
					"trimmed and lower-cased (assumed), so an address that is the same once surrounding spaces are trimmed and " +
					"letters lower-cased (`ADA@Example.COM` and `ada@example.com`, `İnci@…` and `inci@…`) is the same address " +
					"and plans no change. See the guide *What counts as the same value*.",
				Validators:    []validator.String{validate.EmailAddress()},
				PlanModifiers: []planmodifier.String{customtypes.UseStateWhenSame(emailRule)},
			},
			"first_name": nameAttribute("first"),
			"last_name":  nameAttribute("last"),
			"is_subscribed": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the contact receives emails. When not set, MailDiver's value is kept " +
					"(new contacts are subscribed) and not managed.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was created (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was last changed (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{customtypes.UseStateWhenConfigUnchanged()},
			},
		},
	}
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, nil)
	var plan contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	audienceID, email := plan.AudienceID.ValueString(), plan.Email.ValueString()
	policy := r.Settle()
	started := time.Now()

	// A create whose answer is lost is never sent again blindly: settle.Run looks the contact up by
	// email (unique in an audience, assumed) and sends it again only when it is not there.
	res, err := settle.Run(ctx, policy, settle.Create[*maildiver.Contact]{
		Send: func(ctx context.Context) (*maildiver.Contact, error) {
			return r.API().CreateContact(ctx, audienceID, plan.createFields())
		},
		Find:     func(ctx context.Context) (*maildiver.Contact, bool, error) { return r.findCreated(ctx, &plan, started) },
		Conflict: func(err error) bool { return errors.Is(err, maildiver.ErrConflict) },
	})
	var exists *settle.ExistsError
	switch {
	case err == nil:
	case settle.ReportCreateFailure(ctx, resp, err, &plan, started, "MailDiver contact creation failed",
		fmt.Sprintf("MailDiver contact %s in audience %s", email, audienceID), importHint(audienceID, email)):
		return
	case errors.Is(err, maildiver.ErrConflict), errors.As(err, &exists):
		resp.Diagnostics.AddAttributeError(path.Root("email"), "MailDiver contact already exists", r.conflictDetail(ctx, audienceID, email, err))
		return
	default:
		resp.Diagnostics.AddError("MailDiver contact creation failed", err.Error())
		return
	}
	c := res.Value
	if res.Recovered {
		resp.Diagnostics.AddWarning("MailDiver's answer to the create was lost",
			fmt.Sprintf("The answer to the create request for %s was lost (%v). The provider did not send it again blindly: "+
				"it looked the contact up by email, found the one MailDiver had created (id %s), and recorded it.",
				email, res.Lost[len(res.Lost)-1], c.ID))
	}
	plan.setFromContact(audienceID, c)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &plan)...)
}

// findCreated looks for the contact a create of m, first sent at since, would have made: the
// audience's contact with m's email (unique in an audience, assumed) that holds what the create sent
// and was created since shortly before it (settle.RecentWindow, for clocks that disagree). A contact
// with the email that does not is someone else's: a *settle.ExistsError.
func (r *contactResource) findCreated(ctx context.Context, m *contactModel, since time.Time) (*maildiver.Contact, bool, error) {
	c, err := r.API().FindContactByEmail(ctx, m.AudienceID.ValueString(), m.Email.ValueString(), emailRule.Same)
	switch {
	case errors.Is(err, maildiver.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	case m.differsFrom(c):
		return nil, false, &settle.ExistsError{ID: c.ID, Reason: "it holds other values than the create sent"}
	case c.Created != 0 && time.UnixMilli(c.Created).Before(since.Add(-settle.RecentWindow)):
		return nil, false, &settle.ExistsError{ID: c.ID, Reason: fmt.Sprintf("it was created at %s, before the create was sent",
			time.UnixMilli(c.Created).UTC().Format(time.RFC3339))}
	}
	return c, true, nil
}

// importHint is how to bring an existing contact under Terraform: by email, as the id is not known.
func importHint(audienceID, email string) string {
	id := audienceID + "/" + importPrefixEmail + email
	return fmt.Sprintf("  terraform import <resource address> '%s'\n\nor, in the configuration:\n\n"+
		"  import {\n    to = <resource address>\n    id = %q\n  }", id, id)
}

func (r *contactResource) conflictDetail(ctx context.Context, audienceID, email string, cause error) string {
	detail := fmt.Sprintf("%s.\n\nAudience %s already has a contact with email %s.", cause, audienceID, email)
	if existing, err := r.API().FindContactByEmail(ctx, audienceID, email, emailRule.Same); err == nil {
		detail += fmt.Sprintf(" To manage it with Terraform, import it:\n\n  terraform import <resource address> %s/%s", audienceID, existing.ID)
	} else {
		detail += " To manage it with Terraform, import it with the id AUDIENCE_ID/CONTACT_ID."
	}
	return detail
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, &req.State)
	var state contactModel
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.ReadyToRead(req, resp) {
		return
	}
	if state.ID.IsNull() {
		// An earlier create whose outcome could not be learned: find out now.
		settle.ReadPending(ctx, req, resp, "MailDiver contact "+state.Email.ValueString(), func(ctx context.Context, since time.Time) (bool, error) {
			c, found, err := r.findCreated(ctx, &state, since)
			if found {
				state.setFromContact(state.AudienceID.ValueString(), c)
				resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
			}
			return found, err
		})
		return
	}
	c, err := r.API().RefreshContact(ctx, state.AudienceID.ValueString(), state.ID.ValueString())
	if errors.Is(err, maildiver.ErrNotFound) {
		resp.Diagnostics.AddWarning("MailDiver contact no longer exists",
			fmt.Sprintf("Contact %s in audience %s was not found at MailDiver (deleted outside Terraform?). "+
				"It is removed from the state; the next plan will create it again.", state.ID.ValueString(), state.AudienceID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading MailDiver contact failed", err.Error())
		return
	}
	state.setFromContact(state.AudienceID.ValueString(), c)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, nil)
	var plan, state contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	audienceID, id := state.AudienceID.ValueString(), state.ID.ValueString()

	if fields, ok := changedFields(&plan, &state); ok {
		err := r.API().UpdateContact(ctx, audienceID, id, fields)
		switch {
		case errors.Is(err, maildiver.ErrConflict):
			resp.Diagnostics.AddAttributeError(path.Root("email"), "MailDiver contact email already used",
				fmt.Sprintf("%s.\n\nAnother contact in audience %s already has email %s; nothing was changed.", err, audienceID, plan.Email.ValueString()))
			return
		case errors.Is(err, maildiver.ErrNotFound):
			resp.Diagnostics.AddError("MailDiver contact no longer exists",
				fmt.Sprintf("%s.\n\nThe contact was deleted outside Terraform during this run; run terraform apply again to create it.", err))
			return
		case errors.Is(err, transport.ErrOutcomeUnknown):
			// The PATCH may have been applied (an answer was lost): record what MailDiver holds now.
			r.Settle().RecordUncertainUpdate(ctx, resp, err, "Updating MailDiver contact failed", "MailDiver",
				func(ctx context.Context) (any, diag.Diagnostics, error) {
					c, rerr := r.API().GetContact(ctx, audienceID, id)
					if rerr == nil {
						state.setFromContact(audienceID, c)
					}
					return &state, nil, rerr
				})
			return
		case err != nil:
			resp.Diagnostics.AddError("Updating MailDiver contact failed", err.Error())
			return
		}
	}

	// The PATCH answers only a message (seed): read the contact back for the server's view, even if
	// Terraform is being interrupted (the update was applied and must be recorded).
	dctx, cancel := r.Settle().Detached(ctx)
	defer cancel()
	c, err := r.API().GetContact(dctx, audienceID, id)
	if err != nil {
		// The update was applied: record what was sent, and leave the rest to the next refresh.
		plan.UpdatedAt = types.StringNull()
		resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &plan)...)
		resp.Diagnostics.AddError("Reading MailDiver contact after update failed",
			fmt.Sprintf("The update was applied, but reading the contact back failed: %s. The state records the values sent; "+
				"the next plan refreshes the rest.", err))
		return
	}
	plan.setFromContact(audienceID, c)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &plan)...)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if state.ID.IsNull() {
		// An earlier create whose outcome could not be learned (not refreshed since): delete what it made.
		found, ok := settle.DeletePending(ctx, req, resp, "MailDiver contact "+state.Email.ValueString(),
			func(ctx context.Context, since time.Time) (string, bool, error) {
				c, found, err := r.findCreated(ctx, &state, since)
				if !found {
					return "", false, err
				}
				return c.ID, true, nil
			})
		if !ok {
			return
		}
		id = found
	}
	if err := r.API().DeleteContact(ctx, state.AudienceID.ValueString(), id); err != nil {
		resp.Diagnostics.AddError("Deleting MailDiver contact failed", err.Error())
	}
}

// importPrefixEmail marks an import id's contact part that is an email address rather than an id.
const importPrefixEmail = "email:"

// identityAttrs is the resource's identity (Terraform 1.12+): what names a MailDiver contact.
var identityAttrs = []identity.Attr{
	{Name: "audience_id", Description: "The id of the audience that holds the contact (a UUID).", Normalize: strings.ToLower},
	{Name: "id", Description: "The contact's id in its audience (a UUID).", Normalize: strings.ToLower},
}

// IdentitySchema declares the resource identity, which import blocks can give instead of an id.
func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema(identityAttrs...)
}

// ImportState takes AUDIENCE_ID/CONTACT_ID (a contact's id is only meaningful inside its audience), or
// AUDIENCE_ID/email:ADDRESS, which looks the contact up by email in the audience.
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.ReadyToImport(req, resp) {
		return
	}
	if req.ID == "" {
		// An import block with an identity (Terraform 1.12+): Read looks the contact up by it.
		resp.Diagnostics.Append(identity.ToState(ctx, req.Identity, &resp.State, identityAttrs)...)
		return
	}
	audienceID, contactID, ok := strings.Cut(strings.TrimSpace(req.ID), "/")
	email, byEmail := settle.CutImportPrefix(contactID, importPrefixEmail)
	// Ids are UUIDs, which MailDiver writes in lower case (documented): one in upper case is the same id.
	audienceID = strings.ToLower(audienceID)
	if !byEmail {
		contactID = strings.ToLower(contactID)
	}
	if !ok || audienceID == "" || contactID == "" || (!byEmail && strings.Contains(contactID, "/")) || (byEmail && email == "") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected AUDIENCE_ID/CONTACT_ID, for example 01959b50-eda7-7597-acb1-cfeffdd53400/01959faf-16e2-77dd-9585-cd25da58855e, "+
				"or AUDIENCE_ID/email:someone@example.com; got %q.", req.ID))
		return
	}
	if byEmail {
		if !r.Ready(&resp.Diagnostics) {
			return
		}
		c, err := r.API().FindContactByEmail(ctx, audienceID, email, emailRule.Same)
		if err != nil {
			resp.Diagnostics.AddError("Looking up the MailDiver contact to import failed", err.Error())
			return
		}
		contactID = c.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("audience_id"), audienceID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), contactID)...)
}
