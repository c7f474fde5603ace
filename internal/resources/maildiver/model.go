// Package maildiver implements contacts_maildiver_contact, its data source and its plan-time checks.
package maildiver

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// emailRule is email's equality: MailDiver stores addresses trimmed and lower-cased (assumed, as the
// mock models it), so an address that lower-cases to the stored one is the same address.
const emailRule = customtypes.EmailLowerCase

// contactModel is the resource's and the data source's state.
type contactModel struct {
	ID           types.String       `tfsdk:"id"`
	AudienceID   types.String       `tfsdk:"audience_id"`
	Email        customtypes.String `tfsdk:"email"`
	FirstName    types.String       `tfsdk:"first_name"`
	LastName     types.String       `tfsdk:"last_name"`
	IsSubscribed types.Bool         `tfsdk:"is_subscribed"`
	CreatedAt    types.String       `tfsdk:"created_at"`
	UpdatedAt    types.String       `tfsdk:"updated_at"`
}

// timestampLayout is RFC 3339 with milliseconds, the precision MailDiver keeps.
const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

// formatEpochMillis turns MailDiver's epoch milliseconds into an RFC 3339 timestamp in UTC; zero
// (absent) gives null.
func formatEpochMillis(ms int64) types.String {
	if ms == 0 {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(ms).UTC().Format(timestampLayout))
}

// setFromContact copies the server's view of a contact into the model.
func (m *contactModel) setFromContact(audienceID string, c *maildiver.Contact) {
	m.ID = types.StringValue(c.ID)
	m.AudienceID = types.StringValue(audienceID)
	m.Email = emailRule.Value(c.Email)
	m.FirstName = types.StringPointerValue(c.FirstName)
	m.LastName = types.StringPointerValue(c.LastName)
	m.IsSubscribed = types.BoolValue(c.IsSubscribed)
	m.CreatedAt = formatEpochMillis(c.Created)
	m.UpdatedAt = formatEpochMillis(c.Updated)
}

// createFields is the create body: every argument the configuration sets.
func (m *contactModel) createFields() maildiver.ContactFields {
	email := m.Email.ValueString()
	return maildiver.ContactFields{
		Email:        &email,
		FirstName:    knownString(m.FirstName),
		LastName:     knownString(m.LastName),
		IsSubscribed: knownBool(m.IsSubscribed),
	}
}

// changedFields is the update body: only the arguments whose planned value differs from the state,
// so a PATCH never rewrites what it does not change. ok is false when nothing needs sending.
func changedFields(plan, state *contactModel) (f maildiver.ContactFields, ok bool) {
	if !plan.Email.IsUnknown() && !plan.Email.IsNull() && !plan.Email.Same(state.Email) {
		f.Email, ok = knownString(plan.Email.StringValue), true
	}
	if v := knownString(plan.FirstName); v != nil && !plan.FirstName.Equal(state.FirstName) {
		f.FirstName, ok = v, true
	}
	if v := knownString(plan.LastName); v != nil && !plan.LastName.Equal(state.LastName) {
		f.LastName, ok = v, true
	}
	if v := knownBool(plan.IsSubscribed); v != nil && !plan.IsSubscribed.Equal(state.IsSubscribed) {
		f.IsSubscribed, ok = v, true
	}
	return f, ok
}

// differsFrom reports whether the contact on the server lacks something the configuration sets.
func (m *contactModel) differsFrom(c *maildiver.Contact) bool {
	want := m.createFields()
	switch {
	case want.FirstName != nil && (c.FirstName == nil || *c.FirstName != *want.FirstName):
		return true
	case want.LastName != nil && (c.LastName == nil || *c.LastName != *want.LastName):
		return true
	case want.IsSubscribed != nil && c.IsSubscribed != *want.IsSubscribed:
		return true
	}
	return false
}

func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

func knownBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}
