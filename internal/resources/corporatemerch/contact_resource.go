package corporatemerch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
	"github.com/contacts-provider/terraform-provider-contacts/internal/identity"
	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

var (
	_ resource.Resource                     = (*contactResource)(nil)
	_ resource.ResourceWithIdentity         = (*contactResource)(nil)
	_ resource.ResourceWithConfigure        = (*contactResource)(nil)
	_ resource.ResourceWithImportState      = (*contactResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*contactResource)(nil)
	_ resource.ResourceWithConfigValidators = (*contactResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*contactResource)(nil)
)

// Allowed values (seed).
var (
	genders      = []string{"male", "female"}
	shirtSizes   = []string{"XS", "SM", "MD", "LG", "XL", "2XL", "3XL"}
	contactTypes = []string{"employee", "client"}
)

// NewContactResource is registered by the provider.
func NewContactResource() resource.Resource {
	return &contactResource{ResourceBinding: providerdata.NewResourceBinding("corporatemerch", "Corporate Merch",
		func(d *providerdata.Data) *corporatemerch.Client { return d.CorporateMerch })}
}

type contactResource struct {
	providerdata.ResourceBinding[corporatemerch.Client]
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_corporatemerch_contact"
}

func requiredText(description string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: description, Validators: []validator.String{notBlank()}}
}

func optionalText(description string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: []validator.String{notBlank()}}
}

func dateAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: description + " A real calendar date written `yyyy-mm-dd`, e.g. `2024-01-15` (seed).",
		Validators:          []validator.String{calendarDate()},
	}
}

func oneOfAttribute(description string, allowed []string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: fmt.Sprintf("%s One of `%s` (seed).", description, strings.Join(allowed, "`, `")),
		Validators:          []validator.String{stringvalidator.OneOf(allowed...)},
	}
}

func idSetAttribute(what string) schema.SetAttribute {
	return schema.SetAttribute{
		Optional:    true,
		ElementType: types.Int64Type,
		MarkdownDescription: fmt.Sprintf("Ids of the %ss to associate the contact with: 32-bit integers, each naming an existing %s "+
			"in Corporate Merch (seed). Corporate Merch refuses unknown ids, and the error names them. Leaving the argument "+
			"out, or setting `[]`, associates none.", what, what),
		Validators: []validator.Set{setvalidator.ValueInt64sAre(int64validator.Between(math.MinInt32, math.MaxInt32))},
	}
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact at Corporate Merch, the swag and gifting platform: an employee or a client, with a " +
			"shipping address, dates to celebrate and the lists and labels it belongs to.\n\n" +
			"Every rule Corporate Merch documents is checked when Terraform plans, before any request is sent: required " +
			"arguments, allowed values, ISO 3166-1 country codes, a `state` that fits the `country`, real calendar dates, " +
			"and at least one of `address` and `address2`. Only ids of lists and labels are left to Corporate Merch, which " +
			"knows which exist.\n\n" +
			"Create sends `POST` (documented). Read is a `GET` of the contact (assumed route); a contact deleted outside " +
			"Terraform is removed from the state with a warning and planned for creation again. Update sends the full " +
			"contact with `PUT` (assumed: the vendor uses PUT for its other updates), so an optional argument removed from " +
			"the configuration is cleared at Corporate Merch. Delete sends `DELETE` (assumed).\n\n" +
			"Corporate Merch allows 40 requests per minute (documented); the provider paces itself to that by default " +
			"(see `requests_per_minute` in the provider's `corporatemerch` block) and waits out any rate-limit answer, so " +
			"a large apply is slow but does not fail.\n\n" +
			"If the answer to a create is lost (the connection drops after the request was sent, a server error, an " +
			"interrupt), the create is not sent again blindly: Corporate Merch accepts a second contact with the same " +
			"email, so the provider first pages through the contact list for contacts with that email that match the " +
			"configuration and were created at most five minutes before. Exactly one is recorded in the state, with a " +
			"warning; none means nothing was created, and the create is sent again; more than one gives an error listing " +
			"their ids, to delete the extras and import the right one (see the Failure handling guide).\n\n" +
			"Import with the contact's id or `email:ADDRESS`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The contact's id, a whole number (assumed) written as a string.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"first_name": requiredText("The contact's first name."),
			"last_name":  requiredText("The contact's last name."),
			"email": schema.StringAttribute{
				Required:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address (a valid email format, seed), in its plain form " +
					"`local@domain`. Corporate Merch stores it trimmed and lower-cased (assumed), so an address that is the same " +
					"once surrounding spaces are trimmed and letters lower-cased (`ADA@Example.COM` and `ada@example.com`, " +
					"`İnci@…` and `inci@…`) is the same address and plans no change: no `PUT` is sent. See the guide *What " +
					"counts as the same value*.",
				Validators:    []validator.String{validate.EmailAddress()},
				PlanModifiers: []planmodifier.String{customtypes.UseStateWhenSame(emailRule)},
			},
			"phone":      optionalText("The contact's phone number."),
			"gender":     oneOfAttribute("The contact's gender.", genders),
			"shirt_size": oneOfAttribute("The contact's preferred shirt size.", shirtSizes),
			"birthday":   dateAttribute("The contact's date of birth."),
			"country": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The 2-letter ISO 3166-1 country code, in upper case as the seed writes it: `US`, `CA`, " +
					"`DE`, `GB` (not `UK`).",
				Validators: []validator.String{countryCode()},
			},
			"address": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The primary street line. At least one of `address` and `address2` is required (seed).",
				Validators:          []validator.String{notBlank()},
			},
			"address2": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The secondary address line (apartment, suite). At least one of `address` and `address2` " +
					"is required (seed).",
				Validators: []validator.String{notBlank()},
			},
			"city": requiredText("The city."),
			"state": requiredText("The state or province (seed): for `country = \"US\"` a 2-letter US state code such as " +
				"`NY` (the 50 states, `DC`, the territories `AS GU MP PR VI UM` and the armed forces codes `AA AE AP` are " +
				"accepted); for `\"CA\"` a Canadian province or territory code such as `ON`; anything non-blank elsewhere, " +
				"e.g. `Bavaria`. The rule follows `country`, also when it comes from a variable."),
			"postal_code": requiredText("The postal or zip code."),
			"company":     optionalText("The name of the contact's company."),
			"department":  optionalText("The department the contact belongs to."),
			"job_title":   optionalText("The contact's job title or position."),
			"employment_status": optionalText("The contact's current employment status, e.g. `active`, `inactive`. The " +
				"vendor names no fixed set, so any text is accepted."),
			"contact_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The type of contact: `employee` or `client` (seed).",
				Validators:          []validator.String{stringvalidator.OneOf(contactTypes...)},
			},
			"employment_type":  optionalText("The type of employment, e.g. `Full-Time`, `Part-Time`, `Contract`."),
			"start_date":       dateAttribute("The contact's employment or engagement start date."),
			"anniversary_date": dateAttribute("The contact's wedding or work anniversary."),
			"client_since":     dateAttribute("The date since which the contact has been a client."),
			"classification":   optionalText("A classification label, e.g. `VIP`, `Regular`."),
			"address_validated": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the address has been validated.",
			},
			"address_force_accepted": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the address was force-accepted despite validation issues.",
			},
			"address_verified": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the address has been verified.",
			},
			"lists":  idSetAttribute("list"),
			"labels": idSetAttribute("contact label"),
		},
	}
}

func (r *contactResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// seed: address is "Required if address2 is not provided", and the other way round.
		resourcevalidator.AtLeastOneOf(path.MatchRoot("address"), path.MatchRoot("address2")),
	}
}

// ValidateConfig applies the state rule, which depends on the country. It waits until both are known:
// `terraform validate` sees variables as unknown, a plan sees their values.
func (r *contactResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var country, state types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("country"), &country)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("state"), &state)...)
	if resp.Diagnostics.HasError() || country.IsNull() || country.IsUnknown() || state.IsNull() || state.IsUnknown() {
		return
	}
	if err := checkStateForCountry(country.ValueString(), state.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("state"), "Invalid state for the country", err.Error()+".")
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
	fields, diags := plan.contactFields(ctx, false)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	started := time.Now()
	email := plan.Email.ValueString()
	policy := r.Settle()
	// Corporate Merch does not refuse a second contact with the same email (as modelled), so a create
	// whose answer is lost must never be sent again before a lookup shows it did not take effect:
	// settle.Run does that, with recentMatch as the lookup.
	res, err := settle.Run(ctx, policy, settle.Create[*corporatemerch.Contact]{
		Send: func(ctx context.Context) (*corporatemerch.Contact, error) { return r.API().CreateContact(ctx, fields) },
		Find: func(ctx context.Context) (*corporatemerch.Contact, bool, error) {
			return r.recentMatch(ctx, &plan, started)
		},
	})
	if err != nil {
		if !settle.ReportCreateFailure(ctx, resp, err, &plan, started, "Corporate Merch contact creation failed",
			"Corporate Merch contact "+email, importHint(importPrefixEmail+email)) {
			addAPIError(&resp.Diagnostics, "Corporate Merch contact creation failed", err)
		}
		return
	}
	created := res.Value
	if res.Recovered {
		resp.Diagnostics.AddWarning("Corporate Merch's answer to the create was lost",
			fmt.Sprintf("The answer to the create request for %s was lost (%v). The provider did not send it again blindly: "+
				"it found the one contact that matches this configuration and was created just now (id %d), and recorded it.",
				email, res.Lost[len(res.Lost)-1], created.ID))
	}

	stored := plan
	stored.setFromContact(created)
	checkStoredAsSent(&resp.Diagnostics, &plan, &stored)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &stored)...)
}

// recentMatch looks for the contact a create whose answer was lost may have made. Corporate Merch has
// no documented unique key, so it is a contact with the same email that matches the whole
// configuration and was created since shortly before the request (settle.RecentWindow). found is false
// when there is none; more than one is an error listing them.
func (r *contactResource) recentMatch(ctx context.Context, plan *contactModel, started time.Time) (*corporatemerch.Contact, bool, error) {
	email := plan.Email.ValueString()
	candidates, err := r.API().FindContactsByEmail(ctx, email, emailRule.Same)
	if err != nil {
		return nil, false, err
	}
	var matches []string
	var match *corporatemerch.Contact
	for i := range candidates {
		c := &candidates[i]
		got := *plan
		got.setFromContact(c)
		if len(notStoredAsSent(plan, &got)) == 0 && createdSince(c, started.Add(-settle.RecentWindow)) {
			matches = append(matches, strconv.FormatInt(c.ID, 10))
			match = c
		}
	}
	switch {
	case len(matches) > 1:
		return nil, false, fmt.Errorf("Corporate Merch now holds %d contacts with email %s that match this configuration and "+
			"were created in the last minutes (ids %s), so which one this create made cannot be told (%w); delete the extra ones in "+
			"Corporate Merch, then import the one to keep", len(matches), email, strings.Join(matches, ", "), settle.ErrAmbiguous)
	case len(matches) == 1:
		return match, true, nil
	}
	return nil, false, nil
}

// importHint is how to bring an existing contact under Terraform, given an import id.
func importHint(id string) string {
	return fmt.Sprintf("  terraform import contacts_corporatemerch_contact.<name> '%s'\n\nor, in the configuration:\n\n"+
		"  import {\n    to = contacts_corporatemerch_contact.<name>\n    id = %q\n  }", id, id)
}

// createdSince reports whether the contact was created at or after t. A contact without a readable
// creation time (the field is assumed) may be recent.
func createdSince(c *corporatemerch.Contact, t time.Time) bool {
	if c.CreatedAt == nil {
		return true
	}
	return settle.CreatedSince(*c.CreatedAt, t)
}

// checkStoredAsSent reports, rather than leave Terraform to call the result inconsistent, arguments
// that Corporate Merch did not store as sent (for example an optional argument that a PUT without it
// did not clear, if the vendor's PUT merges instead of replacing).
func checkStoredAsSent(diags *diag.Diagnostics, plan, stored *contactModel) {
	if bad := notStoredAsSent(plan, stored); len(bad) > 0 {
		diags.AddError("Corporate Merch did not store the contact as sent",
			fmt.Sprintf("Contact %s was saved, but Corporate Merch holds other values than the configuration for: %s.\n\n"+
				"Terraform records what Corporate Merch holds, and the next plan shows what differs. If this repeats, "+
				"Corporate Merch changes these values itself (or keeps values a full-contact PUT left out); please report "+
				"it with this message.",
				stored.ID.ValueString(), strings.Join(bad, "; ")))
	}
}

// addAPIError adds err, placing a validation failure's per-field messages on the attributes they
// concern (Corporate Merch names unknown list and label ids there).
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	var apiErr *corporatemerch.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, corporatemerch.ErrValidation) || len(apiErr.FieldErrors) == 0 {
		diags.AddError(summary, err.Error())
		return
	}
	for _, field := range apiErr.Fields() {
		msgs := strings.Join(apiErr.FieldErrors[field], " ")
		name, ok := attributeOfField[field]
		if !ok {
			diags.AddError(summary, fmt.Sprintf("Corporate Merch refused the contact: %s: %s", field, msgs))
			continue
		}
		detail := fmt.Sprintf("Corporate Merch refused %s: %s", name, msgs)
		if name == "lists" || name == "labels" {
			detail += fmt.Sprintf("\n\nUse ids of %s that exist in Corporate Merch.", name)
		}
		diags.AddAttributeError(path.Root(name), summary, fmt.Sprintf("%s\n\n(Corporate Merch answered %s %s with %d: %s)",
			detail, apiErr.Method, apiErr.Path, apiErr.Status, apiErr.Message))
	}
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
		// An earlier create whose outcome could not be learned: find out now, with the same lookup.
		settle.ReadPending(ctx, req, resp, "Corporate Merch contact "+state.Email.ValueString(), func(ctx context.Context, since time.Time) (bool, error) {
			c, found, err := r.recentMatch(ctx, &state, since)
			if found {
				state.setFromContact(c)
				resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
			}
			return found, err
		})
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid Corporate Merch contact id", err.Error()+".")
		return
	}
	c, err := r.API().RefreshContact(ctx, id)
	if errors.Is(err, corporatemerch.ErrNotFound) {
		resp.Diagnostics.AddWarning("Corporate Merch contact no longer exists",
			fmt.Sprintf("Contact %d was not found at Corporate Merch (deleted outside Terraform?). It is removed from the "+
				"state; the next plan will create it again.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading Corporate Merch contact failed", err.Error())
		return
	}
	state.setFromContact(c)
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
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid Corporate Merch contact id", err.Error()+".")
		return
	}
	fields, diags := plan.contactFields(ctx, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.API().UpdateContact(ctx, id, fields)
	switch {
	case errors.Is(err, corporatemerch.ErrNotFound):
		resp.Diagnostics.AddError("Corporate Merch contact no longer exists",
			fmt.Sprintf("%s.\n\nContact %d was deleted outside Terraform during this run; apply again to create it.", err, id))
		return
	case errors.Is(err, transport.ErrOutcomeUnknown):
		// The PUT may have been applied (an answer was lost): record what Corporate Merch holds now.
		r.Settle().RecordUncertainUpdate(ctx, resp, err, "Updating Corporate Merch contact failed", "Corporate Merch",
			func(ctx context.Context) (any, diag.Diagnostics, error) {
				c, rerr := r.API().GetContact(ctx, id)
				if rerr == nil {
					state.setFromContact(c)
				}
				return &state, nil, rerr
			})
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Updating Corporate Merch contact failed", err)
		return
	}
	stored := plan
	stored.setFromContact(updated)
	checkStoredAsSent(&resp.Diagnostics, &plan, &stored)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &stored)...)
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
	if state.ID.IsNull() {
		// An earlier create whose outcome could not be learned (not refreshed since): delete what it made.
		found, ok := settle.DeletePending(ctx, req, resp, "Corporate Merch contact "+state.Email.ValueString(),
			func(ctx context.Context, since time.Time) (string, bool, error) {
				c, found, err := r.recentMatch(ctx, &state, since)
				if !found {
					return "", false, err
				}
				return strconv.FormatInt(c.ID, 10), true, nil
			})
		if !ok {
			return
		}
		state.ID = types.StringValue(found)
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid Corporate Merch contact id", err.Error()+".")
		return
	}
	if err := r.API().DeleteContact(ctx, id); err != nil {
		resp.Diagnostics.AddError("Deleting Corporate Merch contact failed", err.Error())
	}
}

// importPrefixEmail marks an import id that is an email address rather than a contact id.
const importPrefixEmail = "email:"

// identityAttrs is the resource's identity (Terraform 1.12+): what names a Corporate Merch contact.
var identityAttrs = []identity.Attr{
	{Name: "id", Int: true, Description: "The contact's id at Corporate Merch (a whole number)."},
}

// IdentitySchema declares the resource identity, which import blocks can give instead of an id.
func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema(identityAttrs...)
}

// ImportState takes the contact's id, or email:ADDRESS, which pages through the contact list (the API
// has no search) for the one contact with that email.
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
	if email, byEmail := settle.CutImportPrefix(raw, importPrefixEmail); byEmail {
		if !r.Ready(&resp.Diagnostics) {
			return
		}
		id, ok := settle.ImportByEmail(ctx, &resp.Diagnostics, "Corporate Merch", req.ID, email, func(ctx context.Context, email string) ([]string, error) {
			found, err := r.API().FindContactsByEmail(ctx, email, emailRule.Same)
			ids := make([]string, 0, len(found))
			for _, c := range found {
				ids = append(ids, strconv.FormatInt(c.ID, 10))
			}
			return ids, err
		})
		if !ok {
			return
		}
		raw = id
	}
	if _, err := parseID(raw); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("Expected a Corporate Merch contact id, for example 1234, or email:someone@example.com: %s.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), raw)...)
}
