// Package revyops implements contacts_revyops_contact, its data source and its plan-time checks.
package revyops

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// emailRule is email's equality. RevyOps keeps the letter case it was sent, but email is its unique
// key and addresses that differ only in case are the same contact (assumed, as the mock models it:
// uniqueness and the email filter compare with strings.EqualFold). With no stored lower-case form
// to compare, the same contact is what that comparison says, so the rule is case folding.
const emailRule = customtypes.EmailCaseInsensitive

// domainRule is company_domain's equality: RevyOps resolves a domain trimmed, lower-cased and without
// a trailing dot (assumed, as the mock models it).
const domainRule = customtypes.DomainName

// contactModel is the resource's state.
type contactModel struct {
	ID                     types.String       `tfsdk:"id"`
	Email                  customtypes.String `tfsdk:"email"`
	FirstName              types.String       `tfsdk:"first_name"`
	LastName               types.String       `tfsdk:"last_name"`
	LinkedInURL            types.String       `tfsdk:"linkedin_url"`
	Origin                 types.String       `tfsdk:"origin"`
	ContactStatus          types.String       `tfsdk:"contact_status"`
	CompanyID              types.Int64        `tfsdk:"company_id"`
	CompanyDomain          customtypes.String `tfsdk:"company_domain"`
	CustomFields           types.Map          `tfsdk:"custom_fields"`
	CustomFieldsAll        types.Map          `tfsdk:"custom_fields_all"`
	UpdatedTime            types.String       `tfsdk:"updated_time"`
	FirstCampaignEmailSent types.String       `tfsdk:"first_campaign_email_sent"`
	LastCampaignEmailSent  types.String       `tfsdk:"last_campaign_email_sent"`
	LastReplyReceived      types.String       `tfsdk:"last_reply_received"`
	PreviousStatus         types.String       `tfsdk:"previous_status"`
	StatusChangedAt        types.String       `tfsdk:"status_changed_at"`
}

// contactDataModel is the data source's state: every field as RevyOps holds it.
type contactDataModel struct {
	ID                     types.String       `tfsdk:"id"`
	Email                  customtypes.String `tfsdk:"email"`
	FirstName              types.String       `tfsdk:"first_name"`
	LastName               types.String       `tfsdk:"last_name"`
	LinkedInURL            types.String       `tfsdk:"linkedin_url"`
	Origin                 types.String       `tfsdk:"origin"`
	ContactStatus          types.String       `tfsdk:"contact_status"`
	CompanyID              types.Int64        `tfsdk:"company_id"`
	CustomFields           types.Map          `tfsdk:"custom_fields"`
	UpdatedTime            types.String       `tfsdk:"updated_time"`
	FirstCampaignEmailSent types.String       `tfsdk:"first_campaign_email_sent"`
	LastCampaignEmailSent  types.String       `tfsdk:"last_campaign_email_sent"`
	LastReplyReceived      types.String       `tfsdk:"last_reply_received"`
	PreviousStatus         types.String       `tfsdk:"previous_status"`
	StatusChangedAt        types.String       `tfsdk:"status_changed_at"`
}

// formatID is the Terraform id of a RevyOps contact: its integer id in decimal.
func formatID(id int64) types.String { return types.StringValue(strconv.FormatInt(id, 10)) }

// parseID reads a Terraform id back into RevyOps' integer id.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a RevyOps contact id (a positive integer such as 4021)", s)
	}
	return id, nil
}

// optionalString turns a string RevyOps answers into a Terraform value: RevyOps has no "unset" for
// most of its strings (the seed declares them non-nullable), so an empty or absent one is null.
func optionalString(p *string) types.String {
	if p == nil || *p == "" {
		return types.StringNull()
	}
	return types.StringValue(*p)
}

// setFromContact copies the server's view of a contact into the model. The custom fields in state
// are the ones m already manages (its custom_fields keys), with the server's values; company_domain
// is the configuration's, never the server's (RevyOps answers only the resolved company_id).
func (m *contactModel) setFromContact(c *revyops.Contact) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = formatID(c.ID)
	m.Email = emailRule.Value(c.Email)
	m.FirstName = optionalString(c.FirstName)
	m.LastName = optionalString(c.LastName)
	m.LinkedInURL = optionalString(c.LinkedInURL)
	m.Origin = optionalString(c.Origin)
	m.ContactStatus = optionalString(c.ContactStatus)
	m.CompanyID = types.Int64PointerValue(c.CompanyID)
	var d diag.Diagnostics
	m.CustomFields, d = managedCustomFields(m.CustomFields, c.CustomFields)
	diags.Append(d...)
	all := make(map[string]attr.Value, len(c.CustomFields))
	for k, v := range c.CustomFields {
		all[k] = types.StringValue(v)
	}
	m.CustomFieldsAll, d = types.MapValue(types.StringType, all)
	diags.Append(d...)
	m.UpdatedTime = optionalString(&c.UpdatedTime)
	m.FirstCampaignEmailSent = optionalString(c.FirstCampaignEmailSent)
	m.LastCampaignEmailSent = optionalString(c.LastCampaignEmailSent)
	m.LastReplyReceived = optionalString(c.LastReplyReceived)
	m.PreviousStatus = optionalString(c.PreviousStatus)
	m.StatusChangedAt = optionalString(c.StatusChangedAt)
	return diags
}

func (m *contactDataModel) setFromContact(c *revyops.Contact) diag.Diagnostics {
	var r contactModel
	diags := r.setFromContact(c)
	m.ID, m.Email, m.FirstName, m.LastName, m.LinkedInURL = r.ID, r.Email, r.FirstName, r.LastName, r.LinkedInURL
	m.Origin, m.ContactStatus, m.CompanyID, m.CustomFields = r.Origin, r.ContactStatus, r.CompanyID, r.CustomFieldsAll
	m.UpdatedTime, m.FirstCampaignEmailSent, m.LastCampaignEmailSent = r.UpdatedTime, r.FirstCampaignEmailSent, r.LastCampaignEmailSent
	m.LastReplyReceived, m.PreviousStatus, m.StatusChangedAt = r.LastReplyReceived, r.PreviousStatus, r.StatusChangedAt
	return diags
}

// managedCustomFields is the state's custom_fields: for each key of managed, the server's value. A
// managed key the server no longer has is left out, so the next plan shows it being set again. A null
// managed map (nothing managed, e.g. right after import) stays null.
func managedCustomFields(managed types.Map, server revyops.CustomFields) (types.Map, diag.Diagnostics) {
	if managed.IsNull() || managed.IsUnknown() {
		return types.MapNull(types.StringType), nil
	}
	out := map[string]attr.Value{}
	for k := range managed.Elements() {
		if v, ok := server[k]; ok {
			out[k] = types.StringValue(v)
		}
	}
	return types.MapValue(types.StringType, out)
}

// stringMap returns the known, non-null entries of a map of strings.
func stringMap(m types.Map) map[string]string {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out[k] = s.ValueString()
		}
	}
	return out
}

// companyRef is the company the configuration asks for: by id, by domain, or none (not managed).
func (m *contactModel) companyRef() *revyops.CompanyRef {
	switch {
	case !m.CompanyID.IsNull() && !m.CompanyID.IsUnknown() && m.CompanyDomain.IsNull():
		return &revyops.CompanyRef{ID: m.CompanyID.ValueInt64()}
	case !m.CompanyDomain.IsNull() && !m.CompanyDomain.IsUnknown():
		return &revyops.CompanyRef{Domain: m.CompanyDomain.ValueString()}
	}
	return nil
}

// createFields is the create body: every argument the configuration sets.
func (m *contactModel) createFields() revyops.ContactFields {
	email := m.Email.ValueString()
	f := revyops.ContactFields{
		Email:         &email,
		FirstName:     knownString(m.FirstName),
		LastName:      knownString(m.LastName),
		LinkedInURL:   knownString(m.LinkedInURL),
		Origin:        knownString(m.Origin),
		ContactStatus: knownString(m.ContactStatus),
		CompanyID:     m.companyRef(),
	}
	if fields := stringMap(m.CustomFields); len(fields) > 0 {
		f.CustomFields = revyops.SetCustomFields(fields)
	}
	return f
}

// updateFields is the update body: only what differs between the plan and the state, so a PATCH
// never rewrites what it does not change. ok is false when nothing needs sending.
//
//   - first_name, last_name and linkedin_url removed from the configuration are cleared.
//   - origin and contact_status are sent only when the configuration sets them.
//   - The company is sent by id when company_id is configured and differs, by domain when the domain
//     changed or the company it resolved to was changed elsewhere (the plan's company_id is then unknown).
//   - Custom fields are sent when added or changed; a field removed from custom_fields is cleared
//     (field_value null). Fields this configuration never managed are not sent.
func updateFields(plan, state *contactModel) (f revyops.ContactFields, ok bool) {
	if !plan.Email.IsUnknown() && !plan.Email.Same(state.Email) {
		email := plan.Email.ValueString()
		f.Email, ok = &email, true
	}
	for _, s := range []struct {
		dst         **string
		plan, state types.String
	}{
		{&f.FirstName, plan.FirstName, state.FirstName},
		{&f.LastName, plan.LastName, state.LastName},
		{&f.LinkedInURL, plan.LinkedInURL, state.LinkedInURL},
	} {
		if s.plan.IsUnknown() || s.plan.Equal(s.state) {
			continue
		}
		if *s.dst = knownString(s.plan); *s.dst == nil {
			*s.dst = revyops.ClearedText()
		}
		ok = true
	}
	for _, s := range []struct {
		dst         **string
		plan, state types.String
	}{
		{&f.Origin, plan.Origin, state.Origin},
		{&f.ContactStatus, plan.ContactStatus, state.ContactStatus},
	} {
		if v := knownString(s.plan); v != nil && !s.plan.Equal(s.state) {
			*s.dst, ok = v, true
		}
	}
	switch {
	case plan.CompanyDomain.IsNull() && knownInt(plan.CompanyID) && !plan.CompanyID.Equal(state.CompanyID):
		f.CompanyID, ok = &revyops.CompanyRef{ID: plan.CompanyID.ValueInt64()}, true
	case !plan.CompanyDomain.IsNull() && (plan.CompanyID.IsUnknown() || !sameDomain(plan.CompanyDomain, state.CompanyDomain)):
		f.CompanyID, ok = &revyops.CompanyRef{Domain: plan.CompanyDomain.ValueString()}, true
	}

	want, have := stringMap(plan.CustomFields), stringMap(state.CustomFields)
	changed := map[string]string{}
	for k, v := range want {
		if old, present := have[k]; !present || old != v {
			changed[k] = v
		}
	}
	f.CustomFields = revyops.SetCustomFields(changed)
	for _, k := range sortedKeys(have) {
		if _, kept := want[k]; !kept {
			f.CustomFields = append(f.CustomFields, revyops.CustomFieldPatch{Name: k, Value: nil})
		}
	}
	if len(f.CustomFields) > 0 {
		ok = true
	} else {
		f.CustomFields = nil
	}
	return f, ok
}

func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// sameDomain reports whether two company_domain values name the same domain (domainRule); null is
// the same only as null.
func sameDomain(a, b customtypes.String) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return a.Equal(b)
	}
	return a.Same(b)
}

func knownInt(v types.Int64) bool { return !v.IsNull() && !v.IsUnknown() }

// sameCompany reports whether a company id in state is the one the server answered.
func sameCompany(state types.Int64, server *int64) bool {
	if server == nil {
		return state.IsNull()
	}
	return knownInt(state) && state.ValueInt64() == *server
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// holdsCreated reports whether c holds what a create of m sends: the names, LinkedIn URL, origin,
// status and custom fields m sets (the company is resolved by RevyOps, so it is not compared). A
// contact that does not is not the one that create made.
func (m *contactModel) holdsCreated(c *revyops.Contact) bool {
	same := func(want *string, got *string) bool { return want == nil || (got != nil && *got == *want) }
	if !same(knownString(m.FirstName), c.FirstName) || !same(knownString(m.LastName), c.LastName) ||
		!same(knownString(m.LinkedInURL), c.LinkedInURL) || !same(knownString(m.Origin), c.Origin) ||
		!same(knownString(m.ContactStatus), c.ContactStatus) {
		return false
	}
	for name, v := range stringMap(m.CustomFields) {
		if c.CustomFields[name] != v {
			return false
		}
	}
	return true
}
