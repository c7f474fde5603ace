package bland

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
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
	_ resource.ResourceWithConfigValidators = (*contactResource)(nil)
	_ resource.ResourceWithImportState      = (*contactResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*contactResource)(nil)
)

// NewContactResource is registered by the provider.
func NewContactResource() resource.Resource {
	return &contactResource{ResourceBinding: providerdata.NewResourceBinding("bland", "Bland",
		func(d *providerdata.Data) *bland.Client { return d.Bland })}
}

type contactResource struct {
	providerdata.ResourceBinding[bland.Client]
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bland_contact"
}

// identifierRule is the rule phone_number, email and external_id share.
const identifierRule = "At least one of `phone_number`, `email` and `external_id` must be set. Removing it from the " +
	"configuration stops managing it (Bland has no way to remove an identifier): the contact keeps it and the state shows it."

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact at Bland AI, identified by a phone number, an email and/or an external id, with " +
			"free-form metadata.\n\n" +
			"~> **Destroying this resource does not delete the contact.** Bland has no delete endpoint: `terraform destroy` " +
			"(or removing the resource, or a replacement) only removes the contact from the Terraform state and warns that it " +
			"still exists at Bland. Delete it in Bland's dashboard if it must go.\n\n" +
			"**Create** sends Bland's `POST /v1/contacts/resolve`, which finds *or* creates a contact by its identifiers. " +
			"When Bland already has a contact with one of them, the apply fails with that contact's id and the " +
			"`terraform import` command, and nothing is changed at Bland; set `adopt_existing = true` to adopt it instead. " +
			"Adopting changes only what the configuration sets: the name, identifiers it lacks and the metadata keys given.\n\n" +
			"**Metadata** is shared with Bland's calls and agents, which write keys of their own. This resource manages only " +
			"the keys in `metadata`: an update sends the keys that changed (Bland merges them in) and `null` for keys removed " +
			"from the configuration, which removes them at Bland (an *assumed* behaviour: Bland documents only the merge). Keys " +
			"other systems add never show as drift and are never removed; a managed key changed elsewhere is drift and is put " +
			"back. `metadata_all` shows the whole object.\n\n" +
			"**Phone numbers** cannot be changed in place: Bland's update (`PATCH /v1/contacts/{id}`) has no `phone_number`. " +
			"A new `phone_number` replaces the resource, which creates a new contact and leaves the old one at Bland. A plan " +
			"that would give the new contact the email or external id the old one holds fails, since Bland would resolve it to " +
			"the old contact.\n\n" +
			"If the answer to the create is lost (the connection drops after the request was sent, a server error, an " +
			"interrupt), the provider sends the resolve again, which cannot create a duplicate, and records the contact Bland " +
			"answers with, with a warning; if that fails too, it looks the contact up with Bland's find (see the Failure " +
			"handling guide).\n\n" +
			"**Replacing** the resource with the same identifiers (`terraform apply -replace`, a tainted resource) keeps the " +
			"contact: the destroy lets it go, and the create takes that very contact back and makes it match the configuration.\n\n" +
			"Import with the contact id, or `phone_number:NUMBER`, `email:ADDRESS` or `external_id:ID`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The contact's id (a UUID).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone_number": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: phoneRule.Type(),
				MarkdownDescription: "The contact's phone number: with its country code after a leading `+` (E.164, " +
					"`+14155550192`, is best), or a 10-digit US number. Spaces, dashes, dots and parentheses may be used; letters " +
					"and extensions may not (as Bland documents for the numbers it calls; assumed for contacts). Numbers compare " +
					"by meaning: `+1 415-555-0192`, `(415) 555-0192` and `+14155550192` are the same number and plan no change. " +
					"**Changing it to another number replaces the resource**: Bland's update cannot change a phone number, so the " +
					"provider creates a new contact with the new number, and the old contact stays at Bland (there is no delete " +
					"endpoint). A number the contact already holds (after a merge) is not a change. " + identifierRule,
				Validators: []validator.String{validate.PhoneNumber()},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					customtypes.UseStateWhenSame(phoneRule),
					phoneRequiresReplace(),
				},
			},
			"email": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: emailRule.Type(),
				MarkdownDescription: "The contact's email address, in its plain form `local@domain`. Changing it updates the " +
					"contact in place (Bland's update replaces the contact's email). Bland stores it trimmed and lower-cased " +
					"(assumed), so an address that is the same once surrounding spaces are trimmed and letters lower-cased is the " +
					"same address and plans no change. " + identifierRule,
				Validators:    []validator.String{validate.EmailAddress()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), customtypes.UseStateWhenSame(emailRule)},
			},
			"external_id": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: externalIDRule.Type(),
				MarkdownDescription: "Your own id for the contact (for example a CRM id). Changing it updates the contact " +
					"in place (Bland's update replaces the contact's external id). Bland stores it trimmed (assumed), so surrounding " +
					"spaces do not matter, and it may not be blank. " + identifierRule,
				Validators: []validator.String{validate.NotBlank("Bland stores identifiers trimmed, so a blank one would be empty")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(),
					customtypes.UseStateWhenSame(externalIDRule)},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The contact's name, any text (Bland documents no rule). When not set, the name at Bland " +
					"(if any) is shown and not managed, so changes made elsewhere are not drift.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"metadata": schema.StringAttribute{
				Optional:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "The metadata keys this configuration manages, as a JSON object: use " +
					"`jsonencode({ ... })`. It is compared by meaning, so key order and spacing never plan a change. Only these " +
					"top-level keys are written and compared; other keys of the contact's metadata (written by calls, agents or " +
					"other tools) are left alone. A key removed from this object is removed at Bland; removing the argument " +
					"removes every key it managed. A value may be any JSON except `null` (Bland removes a key sent as null). " +
					"After `terraform import` no key is managed yet: the first apply writes the configured keys and touches no others.",
				Validators:    []validator.String{metadataObject{}},
				PlanModifiers: []planmodifier.String{sameJSON},
			},
			"metadata_all": schema.StringAttribute{
				Computed:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "The contact's whole metadata object at Bland, as JSON, including keys written by other " +
					"systems. Read-only; use `jsondecode(...)` to read a key. It may change on any refresh.",
				PlanModifiers: []planmodifier.String{unchangedAtBland{watch: []watched{watchMetadata}}},
			},
			"adopt_existing": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "What to do when Bland already has a contact with one of the identifiers. `false` (the " +
					"default): the create fails with the existing contact's id and the `terraform import` command, and nothing " +
					"changes at Bland. `true`: adopt that contact, changing only what this configuration sets. The provider keeps " +
					"this setting to itself (it is never sent to Bland), so changing it later changes nothing at Bland.",
			},
			"org_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The Bland organization the contact belongs to.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifiers": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "Every identifier the contact holds at Bland (a merge of contacts can leave several of " +
					"one type), the primary one of each type marked.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":    schema.StringAttribute{Computed: true, MarkdownDescription: "`phone_number`, `email` or `external_id`."},
					"value":   schema.StringAttribute{Computed: true, MarkdownDescription: "The identifier as Bland stores it."},
					"primary": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the contact's primary identifier of its type."},
				}},
				PlanModifiers: []planmodifier.List{unchangedAtBland{watch: []watched{watchEmail, watchExternalID}}},
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was created (ISO 8601, as Bland gives it).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was last changed (ISO 8601, as Bland gives it).",
				PlanModifiers: []planmodifier.String{unchangedAtBland{watch: []watched{
					watchName, watchEmail, watchExternalID, watchMetadata,
				}}},
			},
		},
	}
}

func (r *contactResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.AtLeastOneOf(pathPhoneNumberExpr, pathEmailExpr, pathExternalIDExpr),
	}
}

var (
	pathPhoneNumberExpr = path.MatchRoot("phone_number")
	pathEmailExpr       = path.MatchRoot("email")
	pathExternalIDExpr  = path.MatchRoot("external_id")
)

// ModifyPlan fails the plan, before any request is sent, when Bland has no credentials or when a phone
// number change could not create a distinct contact; it warns that a destroy or replacement leaves the
// contact at Bland.
func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		// Destroy: no request is sent, so no credentials are needed.
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		resp.Diagnostics.AddWarning("Destroying a Bland contact only removes it from the Terraform state",
			fmt.Sprintf("Bland has no delete endpoint: contact %s will still exist at Bland after this apply. "+
				"Delete it in Bland's dashboard if it must go.", id.ValueString()))
		return
	}
	if !r.CheckCredentials(&resp.Diagnostics) {
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	var plan, state contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || plan.PhoneNumber.IsUnknown() || plan.PhoneNumber.Equal(state.PhoneNumber) ||
		containsIdentifier(identifierValues(ctx, state.Identifiers, bland.IdentifierPhoneNumber), bland.IdentifierPhoneNumber, plan.PhoneNumber.ValueString()) {
		return
	}
	// A replacement: the new contact is resolved by all its identifiers, so one the old contact holds
	// would make Bland answer with the old contact, whose phone number cannot change.
	var shared []string
	if e := plan.Email; !e.IsNull() && !e.IsUnknown() &&
		containsIdentifier(identifierValues(ctx, state.Identifiers, bland.IdentifierEmail), bland.IdentifierEmail, e.ValueString()) {
		shared = append(shared, "email "+e.ValueString())
	}
	if x := plan.ExternalID; !x.IsNull() && !x.IsUnknown() &&
		containsIdentifier(identifierValues(ctx, state.Identifiers, bland.IdentifierExternalID), bland.IdentifierExternalID, x.ValueString()) {
		shared = append(shared, "external id "+x.ValueString())
	}
	if len(shared) > 0 {
		resp.Diagnostics.AddAttributeError(pathPhoneNumber, "Bland cannot change this contact's phone number",
			fmt.Sprintf("Changing phone_number from %s to %s needs a new contact, because Bland cannot change a contact's phone "+
				"number. But the new contact would have the %s, which contact %s already holds, so Bland would answer with that "+
				"contact instead of creating one. Change the %s too, or keep the phone number.",
				state.PhoneNumber.ValueString(), plan.PhoneNumber.ValueString(), strings.Join(shared, " and "), state.ID.ValueString(),
				strings.Join(shared, " and ")))
		return
	}
	resp.Diagnostics.AddAttributeWarning(pathPhoneNumber, "Changing the phone number creates a new Bland contact",
		fmt.Sprintf("Bland cannot change a contact's phone number, so this plan replaces contact %s with a new contact for %s. "+
			"Bland has no delete endpoint: the old contact stays at Bland.", state.ID.ValueString(), plan.PhoneNumber.ValueString()))
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer identity.Record(ctx, resp.Identity, &resp.Diagnostics, identityAttrs, &resp.State, nil)
	var plan contactModel
	resp.Diagnostics.Append(tfmodel.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	in, err := plan.resolveRequest()
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathMetadata, "Invalid metadata", err.Error())
		return
	}
	policy := r.Settle()
	started := time.Now()

	// Resolve finds or creates, so the transport sends it again after a lost answer. When it still
	// fails after an attempt that may have reached Bland, settle.Run finds out with Bland's read-only
	// find whether a contact with these identifiers exists now.
	res, err := settle.Run(ctx, policy, settle.Create[*bland.ResolveResult]{
		Send: func(ctx context.Context) (*bland.ResolveResult, error) { return r.API().ResolveContact(ctx, in) },
		Find: func(ctx context.Context) (*bland.ResolveResult, bool, error) {
			c, err := r.findByIdentifiers(ctx, &plan)
			if errors.Is(err, bland.ErrNotFound) {
				return nil, false, nil
			}
			if err != nil {
				return nil, false, err
			}
			return &bland.ResolveResult{Contact: *c}, true, nil
		},
	})
	if err != nil {
		if !settle.ReportCreateFailure(ctx, resp, err, &plan, started, "Creating Bland contact failed",
			"Bland contact with "+plan.identifiersText(), importHint(plan.importID())) {
			resp.Diagnostics.AddError("Creating Bland contact failed", describeWriteError(err))
		}
		return
	}
	id := res.Value.Contact.ID
	// Whether this apply made the contact: resolve said so, or (when an answer was lost) Bland made it
	// since just before this create.
	lostAnswer := res.Recovered || res.Value.Resent
	createdHere := res.Value.Created || (lostAnswer && plan.madeSince(&res.Value.Contact, started))
	reclaimed := !createdHere && takeReleased(r.API(), id)
	adopting := !createdHere
	if adopting && !reclaimed && !plan.AdoptExisting.ValueBool() {
		resp.Diagnostics.AddError("Bland contact already exists", r.alreadyExistsDetail(ctx, &plan, &res.Value.Contact))
		return
	}

	// From here the contact is this resource's: whatever fails next, its id is kept in the state (and
	// the follow-up requests go on for a while even if Terraform is interrupted).
	dctx, cancel := policy.Detached(ctx)
	defer cancel()
	keep := func(summary string, err error) {
		held, nerr := plan.withOnlyKnown(ctx, id)
		if nerr != nil {
			resp.Diagnostics.AddError("Recording Bland contact "+id+" failed", nerr.Error())
		}
		resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &held)...)
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s.\n\nContact %s is recorded in the state (marked tainted: the next "+
			"apply takes it back and makes it match the configuration).", err, id))
	}

	// Resolve's answer carries no identifiers (documented example): read the contact for them.
	c, err := r.API().GetContact(dctx, id)
	if err != nil {
		keep("Reading Bland contact after create failed", err)
		return
	}
	if adopting {
		if detail, ok := phoneMismatch(&plan, c); !ok {
			if reclaimed {
				markReleased(r.API(), id) // not taken back after all
			}
			resp.Diagnostics.AddAttributeError(pathPhoneNumber, "Bland contact cannot be adopted", detail)
			return
		}
	}
	// A new contact normally has everything already; an adopted one gets what it lacks. A resolve that
	// ignored name or metadata is caught here too.
	fix, err := plan.adoptionUpdate(c)
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathMetadata, "Invalid metadata", err.Error())
		return
	}
	if !fix.IsEmpty() {
		if _, err := r.API().UpdateContact(dctx, c.ID, fix); err != nil {
			keep("Updating Bland contact failed", errors.New(describeWriteError(err)))
			return
		}
		if c, err = r.API().GetContact(dctx, id); err != nil {
			keep("Reading Bland contact after update failed", err)
			return
		}
	}
	switch {
	case reclaimed:
		resp.Diagnostics.AddWarning("Bland contact taken back",
			fmt.Sprintf("Bland cannot delete contacts, so replacing this resource kept contact %s: the destroy let it go and "+
				"this create took it back, changing only what the configuration sets.", c.ID))
	case res.Recovered && !adopting:
		resp.Diagnostics.AddWarning("Bland's answer to the create was lost",
			fmt.Sprintf("Every answer to the resolve request was lost. The provider looked the contact up by its identifiers "+
				"and found contact %s, created just now, and recorded it.", c.ID))
	case lostAnswer && !adopting && !res.Value.Created:
		resp.Diagnostics.AddWarning("Bland's answer to the create was lost",
			fmt.Sprintf("An answer to the resolve request was lost. The provider sent it again (resolve cannot make a second "+
				"contact), and Bland answered with contact %s, created %s by the first request, which was recorded.", c.ID, c.CreatedAt))
	case lostAnswer && adopting:
		resp.Diagnostics.AddWarning("Bland's answer to the create was lost",
			fmt.Sprintf("An answer to the resolve request was lost. The provider sent it again, and Bland answered with the "+
				"existing contact %s (created %s), so it was adopted. If that contact existed before this apply, it is now "+
				"managed by Terraform: only the fields this configuration sets were changed.", c.ID, c.CreatedAt))
	}

	next := plan
	resp.Diagnostics.Append(next.setFromContact(ctx, c)...)
	next.keepPlanned(&plan)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &next)...)
}

// findByIdentifiers looks the contact up with Bland's read-only find, by each configured identifier in
// the order resolve uses them (phone number, email, external id; assumed). An error matching
// bland.ErrNotFound means no contact holds any of them.
func (r *contactResource) findByIdentifiers(ctx context.Context, plan *contactModel) (*bland.Contact, error) {
	lookups := []bland.FindRequest{
		{PhoneNumber: knownString(plan.PhoneNumber)},
		{Email: knownString(plan.Email.StringValue)},
		{ExternalID: knownString(plan.ExternalID)},
	}
	notFound := error(&bland.APIError{Status: http.StatusNotFound, Code: bland.CodeNotFound, Message: "no contact holds these identifiers"})
	for _, in := range lookups {
		if in.PhoneNumber == nil && in.Email == nil && in.ExternalID == nil {
			continue
		}
		c, err := r.API().FindContact(ctx, in)
		if errors.Is(err, bland.ErrNotFound) {
			notFound = err
			continue
		}
		return c, err
	}
	return nil, notFound
}

// importHint is how to bring an existing contact under Terraform, given an import id.
func importHint(id string) string {
	return fmt.Sprintf("  terraform import contacts_bland_contact.<name> '%s'\n\nor, in the configuration:\n\n"+
		"  import {\n    to = contacts_bland_contact.<name>\n    id = %q\n  }", id, id)
}

// phoneMismatch checks that an existing contact holds the configured phone number: Bland cannot add
// or change one by update.
func phoneMismatch(plan *contactModel, c *bland.Contact) (string, bool) {
	phone := knownString(plan.PhoneNumber)
	if phone == nil || containsIdentifier(c.Values(bland.IdentifierPhoneNumber), bland.IdentifierPhoneNumber, *phone) {
		return "", true
	}
	held := "no phone number"
	if phones := c.Values(bland.IdentifierPhoneNumber); len(phones) > 0 {
		held = "phone number " + strings.Join(phones, ", ")
	}
	return fmt.Sprintf("Bland answered with existing contact %s, which matches another identifier of this configuration "+
		"but holds %s, not %s. Bland cannot add or change a contact's phone number, so this contact cannot be adopted as "+
		"configured. Nothing was changed at Bland. Use that contact's phone number, or identifiers no other contact holds.",
		c.ID, held, *phone), false
}

// alreadyExistsDetail explains a resolve that found an existing contact: which one, which of the
// configured identifiers it holds, and how to import or adopt it.
func (r *contactResource) alreadyExistsDetail(ctx context.Context, plan *contactModel, found *bland.Contact) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Bland already has a contact with these identifiers: id %s", found.ID)
	if found.CreatedAt != "" {
		fmt.Fprintf(&b, ", created %s", found.CreatedAt)
	}
	b.WriteString(". Bland's resolve returned it without creating a contact, and the provider changed nothing.")
	// Best effort: name the identifiers it holds (resolve's answer has none).
	if c, err := r.API().GetContact(ctx, found.ID); err == nil {
		var matched []string
		for _, f := range []struct {
			typ, label string
			v          *string
		}{
			{bland.IdentifierPhoneNumber, "phone number", knownString(plan.PhoneNumber)},
			{bland.IdentifierEmail, "email", knownString(plan.Email.StringValue)},
			{bland.IdentifierExternalID, "external id", knownString(plan.ExternalID)},
		} {
			if f.v != nil && containsIdentifier(c.Values(f.typ), f.typ, *f.v) {
				matched = append(matched, f.label+" "+*f.v)
			}
		}
		if len(matched) > 0 {
			fmt.Fprintf(&b, " It holds the %s.", strings.Join(matched, " and "))
		}
		if detail, ok := phoneMismatch(plan, c); !ok {
			b.WriteString("\n\n" + detail)
			return b.String()
		}
	}
	fmt.Fprintf(&b, "\n\nTo manage it with Terraform, import it:\n\n  terraform import contacts_bland_contact.<name> %s\n\n"+
		"or set adopt_existing = true on this resource to adopt it: the provider then changes only what the configuration "+
		"sets (its name, identifiers it lacks and the given metadata keys).", found.ID)
	return b.String()
}

// describeWriteError adds what to do to Bland's answer to a write.
func describeWriteError(err error) string {
	var apiErr *bland.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest {
		return err.Error() + ". Bland refused the values sent; check the arguments named in its message " +
			"(an email or external id may already belong to another contact)"
	}
	return err.Error()
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
		settle.ReadPending(ctx, req, resp, "Bland contact with "+state.identifiersText(), func(ctx context.Context, since time.Time) (bool, error) {
			c, err := r.findByIdentifiers(ctx, &state)
			if errors.Is(err, bland.ErrNotFound) {
				return false, nil
			}
			if err == nil && !state.madeSince(c, since) {
				return false, &settle.ExistsError{ID: c.ID, Reason: "it existed before the create, or holds other values"}
			}
			if err == nil {
				resp.Diagnostics.Append(state.setFromContact(ctx, c)...)
				resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &state)...)
			}
			return err == nil, err
		})
		return
	}
	c, err := r.API().RefreshContact(ctx, state.ID.ValueString())
	if errors.Is(err, bland.ErrNotFound) {
		resp.Diagnostics.AddWarning("Bland contact no longer exists",
			fmt.Sprintf("Contact %s was not found at Bland (deleted, or merged into another contact, outside Terraform). "+
				"It is removed from the state; the next plan will create it again.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading Bland contact failed", err.Error())
		return
	}
	resp.Diagnostics.Append(state.setFromContact(ctx, c)...)
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
	id := state.ID.ValueString()
	in, err := updateRequest(ctx, &plan, &state)
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathMetadata, "Invalid metadata", err.Error())
		return
	}
	if in.IsEmpty() && !plan.hasUnknown() {
		// Only provider-side settings (adopt_existing) or values the contact already holds changed.
		next := plan
		next.keepPlanned(&plan)
		resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &next)...)
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	if !in.IsEmpty() {
		_, err := r.API().UpdateContact(ctx, id, in)
		switch {
		case errors.Is(err, bland.ErrNotFound):
			resp.Diagnostics.AddError("Bland contact no longer exists",
				fmt.Sprintf("%s.\n\nContact %s was deleted or merged outside Terraform during this run; run terraform apply "+
					"again to create it.", err, id))
			return
		case errors.Is(err, transport.ErrOutcomeUnknown):
			// The PATCH may have been applied (an answer was lost): record what Bland holds now.
			r.Settle().RecordUncertainUpdate(ctx, resp, err, "Updating Bland contact failed", "Bland",
				func(ctx context.Context) (any, diag.Diagnostics, error) {
					c, rerr := r.API().GetContact(ctx, id)
					if rerr != nil {
						return nil, nil, rerr
					}
					return &state, state.setFromContact(ctx, c), nil
				})
			return
		case err != nil:
			resp.Diagnostics.AddError("Updating Bland contact failed", describeWriteError(err))
			return
		}
	}
	// The PATCH answer has no identifiers (seed example): read the contact back, even if Terraform is
	// being interrupted (the update was applied and must be recorded).
	dctx, cancel := r.Settle().Detached(ctx)
	defer cancel()
	c, err := r.API().GetContact(dctx, id)
	if err != nil {
		held, nerr := plan.withOnlyKnown(ctx, id)
		if nerr != nil {
			resp.Diagnostics.AddError("Recording Bland contact "+id+" failed", nerr.Error())
		}
		resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &held)...)
		resp.Diagnostics.AddError("Reading Bland contact after update failed",
			fmt.Sprintf("The update was applied, but reading the contact back failed: %s. The state records the values sent; "+
				"the next plan refreshes the rest.", err))
		return
	}
	next := plan
	resp.Diagnostics.Append(next.setFromContact(ctx, c)...)
	next.keepPlanned(&plan)
	resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, &next)...)
}

// Delete sends nothing: Bland has no delete endpoint. The contact only leaves the state.
func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(tfmodel.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ID.IsNull() && r.API() != nil {
		// An earlier create whose outcome could not be learned (not refreshed since): let go of what it
		// made, if anything, so that a replacement takes it back.
		if c, err := r.findByIdentifiers(ctx, &state); err == nil && state.madeSince(c, settle.PendingSince(ctx, req.Private)) {
			state.ID = types.StringValue(c.ID)
		}
	}
	markReleased(r.API(), state.ID.ValueString())
	resp.Diagnostics.AddWarning("Bland contact still exists at Bland",
		fmt.Sprintf("Bland has no delete endpoint, so contact %s was only removed from the Terraform state: it still "+
			"exists at Bland, with its identifiers and metadata. Delete it in Bland's dashboard if it must go; to manage it "+
			"again, import it with terraform import contacts_bland_contact.<name> %s.", state.ID.ValueString(), state.ID.ValueString()))
}

// identityAttrs is the resource's identity (Terraform 1.12+): what names a Bland contact.
var identityAttrs = []identity.Attr{
	{Name: "id", Description: "The contact's id at Bland (a UUID)."},
}

// IdentitySchema declares the resource identity, which import blocks can give instead of an id.
func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema(identityAttrs...)
}

// ImportState takes the contact id, or an identifier looked up with Bland's find: phone_number:NUMBER,
// email:ADDRESS or external_id:ID. Which metadata keys the configuration manages is not known yet:
// metadata stays unset until the first apply writes the configured keys (touching no others).
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.ReadyToImport(req, resp) {
		return
	}
	if req.ID == "" {
		// An import block with an identity (Terraform 1.12+): Read looks the contact up by it.
		resp.Diagnostics.Append(identity.ToState(ctx, req.Identity, &resp.State, identityAttrs)...)
		return
	}
	id := strings.TrimSpace(req.ID)
	for _, p := range importPrefixes {
		value, ok := settle.CutImportPrefix(id, p.prefix)
		if !ok {
			continue
		}
		if strings.TrimSpace(value) == "" {
			break
		}
		if !r.Ready(&resp.Diagnostics) {
			return
		}
		c, err := r.API().FindContact(ctx, p.find(value))
		if err != nil {
			resp.Diagnostics.AddError("Looking up the Bland contact to import failed", err.Error())
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), c.ID)...)
		return
	}
	if id == "" || strings.Contains(id, "/") || strings.Contains(id, ":") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected a Bland contact id, for example aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, or phone_number:+14155550192, "+
				"email:someone@example.com or external_id:crm-42; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// importPrefixes are the import ids that name an identifier instead of a contact id.
var importPrefixes = []struct {
	prefix string
	find   func(string) bland.FindRequest
}{
	{"phone_number:", func(v string) bland.FindRequest { return bland.FindRequest{PhoneNumber: &v} }},
	{"email:", func(v string) bland.FindRequest { return bland.FindRequest{Email: &v} }},
	{"external_id:", func(v string) bland.FindRequest { return bland.FindRequest{ExternalID: &v} }},
}
