package revyops

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
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
	return &contactResource{ResourceBinding: providerdata.NewResourceBinding("revyops", "RevyOps",
		func(d *providerdata.Data) *revyops.Client { return d.RevyOps })}
}

type contactResource struct {
	providerdata.ResourceBinding[revyops.Client]
}

// importPrefixEmail marks an import id that is an email address rather than a contact id.
const importPrefixEmail = "email:"

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revyops_contact"
}

// clearableString is first_name, last_name and linkedin_url: managed when set, cleared when removed.
func clearableString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: description + " Removing the argument clears the value at RevyOps (an empty string is " +
			"sent, *assumed* to clear it), and a value set elsewhere shows as drift.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// unmanagedWhenUnset is origin and contact_status: managed when set; when not set, RevyOps' value is
// shown and left alone (RevyOps itself changes a contact's status as campaigns run).
func unmanagedWhenUnset(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: description + " When not set, RevyOps' value is shown and not managed: changes made " +
			"elsewhere are not reported as drift.",
		Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func readOnlyString(description string, modifiers ...planmodifier.String) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description, PlanModifiers: modifiers}
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact in a RevyOps workspace (outbound sales CRM).\n\n" +
			"Create sends `POST /public/v2/contacts` (documented), read `GET /public/v2/contacts/{id}?structure=NESTED` " +
			"(documented), update the seed's `PATCH /public/v2/contacts/{id}?structure=NESTED` with only what changed, " +
			"taking the new state from its answer, and delete `DELETE /public/contacts/{id}` (a v1 path documented " +
			"only by a public integration).\n\n" +
			"Email is the contact's unique identifier in the workspace (documented), as is the LinkedIn URL: creating " +
			"a contact whose email or LinkedIn URL another contact already has fails with the command that imports " +
			"that contact. If the answer to a create is lost (the connection drops after the request was sent, a server " +
			"error, an interrupt), the provider does not send it again blindly: it looks the contact up by email and " +
			"records it, so no duplicate is made and nothing is left out of the state (see the Failure handling guide).\n\n" +
			"Import with the contact's id (`4021`) or its email (`email:someone@example.com`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The contact's id: RevyOps' integer id, in decimal (for example `\"4021\"`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				Required:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address, unique in the workspace (documented), in its plain form " +
					"`local@domain`. RevyOps trims it and keeps its letter case, but takes addresses that differ only in letter " +
					"case for the same contact (assumed). So an address that is the same once surrounding spaces are trimmed, " +
					"ignoring letter case (Unicode case folding: `ADA@Example.COM` and `ada@example.com`), is the same address " +
					"and plans no change; the address stays at RevyOps as it was first sent. See the guide *What counts as the " +
					"same value*.",
				Validators:    []validator.String{validate.EmailAddress()},
				PlanModifiers: []planmodifier.String{customtypes.UseStateWhenSame(emailRule)},
			},
			"first_name":   clearableString("The contact's first name."),
			"last_name":    clearableString("The contact's last name."),
			"linkedin_url": clearableString("The contact's LinkedIn profile URL, unique in the workspace (seed: 409 when another contact has it)."),
			"origin":       unmanagedWhenUnset("Where the contact came from, as RevyOps records it (free text)."),
			"contact_status": unmanagedWhenUnset("The contact's status in RevyOps (free text). A change records " +
				"`previous_status` and `status_changed_at`."),
			"company_id": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The id of the contact's company. Conflicts with `company_domain`; with `company_domain` set, " +
					"it is the company RevyOps resolved the domain to, and plans no change until the domain changes. With " +
					"neither set, the company is not managed: RevyOps' value is shown. RevyOps answers 401 for a company " +
					"of another client.",
				Validators: []validator.Int64{
					int64validator.AtLeast(1),
					int64validator.ConflictsWith(path.MatchRoot("company_domain")),
				},
				PlanModifiers: []planmodifier.Int64{companyIDFromDomain{}},
			},
			"company_domain": schema.StringAttribute{
				Optional:   true,
				CustomType: domainRule.Type(),
				MarkdownDescription: "The domain of the contact's company, such as `acme.com`, which RevyOps resolves to a " +
					"company (seed); the result is `company_id`. Conflicts with `company_id`. Surrounding spaces, letter case and a " +
					"trailing dot do not matter (RevyOps ignores them, assumed): ` Acme.COM.` is `acme.com` and plans no change. " +
					"A domain no company of the " +
					"workspace has is refused at apply (*assumed*: RevyOps does not document what it does then). If the " +
					"contact's company is changed elsewhere, the next plan sends the domain again.",
				Validators: []validator.String{
					companyDomain(),
					stringvalidator.ConflictsWith(path.MatchRoot("company_id")),
				},
				PlanModifiers: []planmodifier.String{customtypes.UseStateWhenSame(domainRule)},
			},
			"custom_fields": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: fmt.Sprintf("Custom field values by field name, each at most %d characters (seed). Only "+
					"the fields named here are managed; a field name may not be blank (RevyOps refuses it). Fields set elsewhere are never reported as drift, and a field "+
					"removed from this map is cleared at RevyOps (`field_value: null`, *assumed* to clear it). A field "+
					"cannot be set to null: remove it to clear it. After an import no field is managed until the "+
					"configuration names it.", revyops.MaxCustomFieldValueLength),
				Validators: []validator.Map{
					mapvalidator.NoNullValues(),
					mapvalidator.KeysAre(validate.NotBlank("RevyOps refuses a blank field_name (400 \"may not be blank\")")),
					mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(revyops.MaxCustomFieldValueLength)),
				},
			},
			"custom_fields_all": schema.MapAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "Every custom field of the contact, by field name, including those this configuration does not manage.",
				PlanModifiers:       []planmodifier.Map{customtypes.UseStateWhenConfigUnchanged()},
			},
			"updated_time": readOnlyString("When the contact was last changed (RFC 3339, as RevyOps answers it).",
				customtypes.UseStateWhenConfigUnchanged()),
			"first_campaign_email_sent": readOnlyString("When the first campaign email was sent to the contact, or null.",
				stringplanmodifier.UseStateForUnknown()),
			"last_campaign_email_sent": readOnlyString("When the last campaign email was sent to the contact, or null.",
				stringplanmodifier.UseStateForUnknown()),
			"last_reply_received": readOnlyString("When the contact last replied, or null.",
				stringplanmodifier.UseStateForUnknown()),
			"previous_status":   readOnlyString("The contact's status before the last status change, or null.", keptUnlessStatusChanges{}),
			"status_changed_at": readOnlyString("When the contact's status last changed, or null.", keptUnlessStatusChanges{}),
		},
	}
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, nil)
	var plan contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	email := plan.Email.ValueString()
	policy := r.Settle()
	started := time.Now()

	// A create whose answer is lost is never sent again blindly: settle.Run looks the contact up by
	// email (unique per workspace, documented) and sends it again only when it is not there.
	res, err := settle.Run(ctx, policy, settle.Create[*revyops.Contact]{
		Send: func(ctx context.Context) (*revyops.Contact, error) {
			return r.API().CreateContact(ctx, plan.createFields())
		},
		Find:     func(ctx context.Context) (*revyops.Contact, bool, error) { return r.findCreated(ctx, &plan, started) },
		Conflict: func(err error) bool { return errors.Is(err, revyops.ErrConflict) },
	})
	var exists *settle.ExistsError
	switch {
	case err == nil:
	case settle.ReportCreateFailure(ctx, resp, err, &plan, started, "RevyOps contact creation failed",
		"RevyOps contact "+email, importHint(importPrefixEmail+email)):
		return
	case errors.As(err, &exists):
		attr, detail := r.conflictDetail(ctx, &plan, nil, err)
		resp.Diagnostics.AddAttributeError(attr, "RevyOps contact conflicts with another contact", detail)
		return
	default:
		r.addWriteError(ctx, &resp.Diagnostics, "RevyOps contact creation failed", &plan, nil, err)
		return
	}
	c := res.Value
	if res.Recovered {
		resp.Diagnostics.AddWarning("RevyOps' answer to the create was lost",
			fmt.Sprintf("The answer to the create request for %s was lost (%v). The provider did not send it again blindly: "+
				"it looked the contact up by email, found the one RevyOps had created (id %d), and recorded it.",
				email, res.Lost[len(res.Lost)-1], c.ID))
	}
	resp.Diagnostics.Append(plan.setFromContact(c)...)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &plan)...)
}

// findCreated looks for the contact a create of m, first sent at since, would have made: the one with
// m's email (unique per workspace, documented) that holds what the create sent and was last changed
// since shortly before it (RevyOps answers no creation time; settle.RecentWindow allows for clocks that
// disagree). A contact with the email that does not is someone else's: a *settle.ExistsError. More than
// one is an error: the workspace breaks the uniqueness rule.
func (r *contactResource) findCreated(ctx context.Context, m *contactModel, since time.Time) (*revyops.Contact, bool, error) {
	email := m.Email.ValueString()
	found, err := r.API().FindContactsByEmail(ctx, email, emailRule.Same)
	switch {
	case err != nil:
		return nil, false, err
	case len(found) > 1:
		return nil, false, fmt.Errorf("RevyOps has %d contacts with email %s (%s), although email is unique per "+
			"workspace (%w); remove the duplicates in RevyOps, then import the one to keep", len(found), email, contactIDs(found), settle.ErrAmbiguous)
	case len(found) == 0:
		return nil, false, nil
	}
	c := &found[0]
	switch {
	case !m.holdsCreated(c):
		return nil, false, &settle.ExistsError{ID: fmt.Sprint(c.ID), Reason: "it holds other values than the create sent"}
	case !settle.CreatedSince(c.UpdatedTime, since.Add(-settle.RecentWindow)):
		return nil, false, &settle.ExistsError{ID: fmt.Sprint(c.ID), Reason: "it was last changed at " + c.UpdatedTime +
			", before the create was sent"}
	}
	return c, true, nil
}

// importHint is how to bring an existing contact under Terraform, given an import id.
func importHint(id string) string {
	return fmt.Sprintf("  terraform import contacts_revyops_contact.<name> '%s'\n\nor, in the configuration:\n\n"+
		"  import {\n    to = contacts_revyops_contact.<name>\n    id = %q\n  }", id, id)
}

func contactIDs(cs []revyops.Contact) string {
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, fmt.Sprint(c.ID))
	}
	return "ids " + strings.Join(ids, ", ")
}

// addWriteError reports a failed create or update with what the user can do about it. state is nil
// for a create; for an update it is the prior state, used to tell which value caused a conflict.
func (r *contactResource) addWriteError(ctx context.Context, diags *diag.Diagnostics, summary string, plan, state *contactModel, err error) {
	switch {
	case errors.Is(err, revyops.ErrConflict):
		attr, detail := r.conflictDetail(ctx, plan, state, err)
		diags.AddAttributeError(attr, "RevyOps contact conflicts with another contact", detail)
	case errors.Is(err, revyops.ErrCompanyNotOwned):
		attr := path.Root("company_id")
		if !plan.CompanyDomain.IsNull() {
			attr = path.Root("company_domain")
		}
		diags.AddAttributeError(attr, summary, err.Error())
	case errors.Is(err, revyops.ErrNotFound) && state != nil:
		diags.AddError("RevyOps contact no longer exists",
			fmt.Sprintf("%s.\n\nThe contact was deleted outside Terraform during this run; run terraform apply again to create it.", err))
	default:
		diags.AddError(summary, err.Error())
	}
}

// conflictDetail explains a 409: which value another contact already has, and how to import that
// contact. RevyOps' list can be searched by email (documented) but not by LinkedIn URL, so a LinkedIn
// conflict names the URL only.
func (r *contactResource) conflictDetail(ctx context.Context, plan, state *contactModel, cause error) (path.Path, string) {
	email := plan.Email.ValueString()
	self := ""
	if state != nil {
		self = state.ID.ValueString()
	}
	emailSent := state == nil || !plan.Email.Same(state.Email)
	if emailSent {
		found, err := r.API().FindContactsByEmail(ctx, email, emailRule.Same)
		if err == nil {
			for _, c := range found {
				if id := fmt.Sprint(c.ID); id != self {
					return path.Root("email"), fmt.Sprintf("%s.\n\nContact %s already has the email %s; nothing was changed. "+
						"To manage that contact with Terraform, import it:\n\n"+
						"  terraform import contacts_revyops_contact.<name> %s\n\nor by email:\n\n"+
						"  terraform import contacts_revyops_contact.<name> %s%s",
						cause, id, email, id, importPrefixEmail, email)
				}
			}
		}
	}
	linkedIn := plan.LinkedInURL.ValueString()
	linkedInSent := linkedIn != "" && (state == nil || !plan.LinkedInURL.Equal(state.LinkedInURL))
	if linkedInSent {
		return path.Root("linkedin_url"), fmt.Sprintf("%s.\n\nAnother contact already has the LinkedIn URL %s; nothing was changed. "+
			"RevyOps cannot be searched by LinkedIn URL: find that contact in RevyOps and import it with\n\n"+
			"  terraform import contacts_revyops_contact.<name> <contact id>\n\nor use another URL.", cause, linkedIn)
	}
	return path.Root("email"), fmt.Sprintf("%s.\n\nAnother contact already has the email %s or the LinkedIn URL of this one; "+
		"nothing was changed. To manage it with Terraform, import it:\n\n  terraform import contacts_revyops_contact.<name> %s%s",
		cause, email, importPrefixEmail, email)
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, &req.State)
	var state contactModel
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.ReadyToRead(req, resp) {
		return
	}
	if state.ID.IsNull() {
		// An earlier create whose outcome could not be learned: find out now.
		settle.ReadPending(ctx, req, resp, "RevyOps contact "+state.Email.ValueString(), func(ctx context.Context, since time.Time) (bool, error) {
			c, found, err := r.findCreated(ctx, &state, since)
			if found {
				resp.Diagnostics.Append(state.setFromContact(c)...)
				resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
			}
			return found, err
		})
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid RevyOps contact id in state", err.Error())
		return
	}
	c, err := r.API().RefreshContact(ctx, id)
	if errors.Is(err, revyops.ErrNotFound) {
		resp.Diagnostics.AddWarning("RevyOps contact no longer exists",
			fmt.Sprintf("Contact %d was not found at RevyOps (deleted outside Terraform?). It is removed from the state; "+
				"the next plan will create it again.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading RevyOps contact failed", err.Error())
		return
	}
	if !state.CompanyDomain.IsNull() && !sameCompany(state.CompanyID, c.CompanyID) {
		// The company the domain resolved to was changed elsewhere. RevyOps answers only ids, so the
		// domain of the new company is unknown: forgetting the domain makes the next plan send it again.
		tflog.Info(ctx, "RevyOps contact's company changed outside Terraform; company_domain will be applied again",
			map[string]any{"contact_id": id, "company_domain": state.CompanyDomain.ValueString()})
		state.CompanyDomain = domainRule.Null()
	}
	resp.Diagnostics.Append(state.setFromContact(c)...)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, nil)
	var plan, state contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid RevyOps contact id in state", err.Error())
		return
	}

	var c *revyops.Contact
	if fields, ok := updateFields(&plan, &state); ok {
		c, err = r.API().UpdateContact(ctx, id, fields)
	} else {
		// Only what RevyOps is not told about changed (company_domain given up, say): read the contact
		// for the computed values.
		c, err = r.API().GetContact(ctx, id)
	}
	if errors.Is(err, transport.ErrOutcomeUnknown) {
		// The PATCH may have been applied (an answer was lost): record what RevyOps holds now.
		r.Settle().RecordUncertainUpdate(ctx, resp, err, "Updating RevyOps contact failed", "RevyOps",
			func(ctx context.Context) (any, diag.Diagnostics, error) {
				held, rerr := r.API().GetContact(ctx, id)
				if rerr != nil {
					return nil, nil, rerr
				}
				return &state, state.setFromContact(held), nil
			})
		return
	}
	if err != nil {
		// The state is left as it was: nothing, or all of the PATCH, failed.
		r.addWriteError(ctx, &resp.Diagnostics, "Updating RevyOps contact failed", &plan, &state, err)
		return
	}
	resp.Diagnostics.Append(plan.setFromContact(c)...)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &plan)...)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	if state.ID.IsNull() {
		// An earlier create whose outcome could not be learned (not refreshed since): delete what it made.
		found, ok := settle.DeletePending(ctx, req, resp, "RevyOps contact "+state.Email.ValueString(),
			func(ctx context.Context, since time.Time) (string, bool, error) {
				c, found, err := r.findCreated(ctx, &state, since)
				if !found {
					return "", false, err
				}
				return fmt.Sprint(c.ID), true, nil
			})
		if !ok {
			return
		}
		state.ID = types.StringValue(found)
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid RevyOps contact id in state", err.Error())
		return
	}
	if err := r.API().DeleteContact(ctx, id); err != nil {
		resp.Diagnostics.AddError("Deleting RevyOps contact failed", err.Error())
	}
}

// identityAttrs is the resource's identity (Terraform 1.12+): what names a RevyOps contact.
var identityAttrs = []identity.Attr{
	{Name: "id", Int: true, Description: "The contact's id at RevyOps (a whole number)."},
}

// IdentitySchema declares the resource identity, which import blocks can give instead of an id.
func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema(identityAttrs...)
}

// ImportState takes the contact's id (4021) or its email (email:someone@example.com), looked up with the
// list endpoint's email filter (documented).
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.ReadyToImport(req, resp) {
		return
	}
	if req.ID == "" {
		// An import block with an identity (Terraform 1.12+): Read looks the contact up by it.
		resp.Diagnostics.Append(identity.ToState(ctx, req.Identity, &resp.State, identityAttrs)...)
		return
	}
	raw := strings.TrimSpace(req.ID)
	email, byEmail := settle.CutImportPrefix(raw, importPrefixEmail)
	if !byEmail {
		id, err := parseID(raw)
		if err != nil {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("Expected a RevyOps contact id such as 4021, or email:someone@example.com; got %q.", req.ID))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), formatID(id))...)
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	id, ok := settle.ImportByEmail(ctx, &resp.Diagnostics, "RevyOps", req.ID, email, func(ctx context.Context, email string) ([]string, error) {
		found, err := r.API().FindContactsByEmail(ctx, email, emailRule.Same)
		ids := make([]string, 0, len(found))
		for _, c := range found {
			ids = append(ids, fmt.Sprint(c.ID))
		}
		return ids, err
	})
	if ok {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
}
