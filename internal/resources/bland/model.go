// Package bland implements contacts_bland_contact, its data source and its plan-time checks.
//
// Bland's contacts differ from the other vendors' in three ways the code below is shaped around:
// there is no plain create (resolve finds or creates), metadata is merged on update and written by
// other systems too, and there is no delete endpoint.
package bland

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// The identifiers' equality, as Bland stores and looks them up (all assumed, as the mock models it:
// Bland documents no normalization for contacts): phone numbers by meaning (E.164, read as Bland
// documents for the numbers it calls), emails trimmed and lower-cased, external ids trimmed.
const (
	phoneRule      = customtypes.PhoneNumber
	emailRule      = customtypes.EmailLowerCase
	externalIDRule = customtypes.Trimmed
)

// equalityOf is the equality rule of an identifier type.
func equalityOf(typ string) customtypes.Rule {
	switch typ {
	case bland.IdentifierPhoneNumber:
		return phoneRule
	case bland.IdentifierEmail:
		return emailRule
	}
	return externalIDRule
}

// contactModel is the resource's state.
type contactModel struct {
	ID            types.String         `tfsdk:"id"`
	PhoneNumber   customtypes.String   `tfsdk:"phone_number"`
	Email         customtypes.String   `tfsdk:"email"`
	ExternalID    customtypes.String   `tfsdk:"external_id"`
	Name          types.String         `tfsdk:"name"`
	Metadata      jsontypes.Normalized `tfsdk:"metadata"`
	MetadataAll   jsontypes.Normalized `tfsdk:"metadata_all"`
	AdoptExisting types.Bool           `tfsdk:"adopt_existing"`
	OrgID         types.String         `tfsdk:"org_id"`
	Identifiers   types.List           `tfsdk:"identifiers"`
	CreatedAt     types.String         `tfsdk:"created_at"`
	UpdatedAt     types.String         `tfsdk:"updated_at"`
}

// contactDataModel is the data source's state: metadata there is the whole object.
type contactDataModel struct {
	ID          types.String         `tfsdk:"id"`
	PhoneNumber customtypes.String   `tfsdk:"phone_number"`
	Email       customtypes.String   `tfsdk:"email"`
	ExternalID  customtypes.String   `tfsdk:"external_id"`
	Name        types.String         `tfsdk:"name"`
	Metadata    jsontypes.Normalized `tfsdk:"metadata"`
	OrgID       types.String         `tfsdk:"org_id"`
	Identifiers types.List           `tfsdk:"identifiers"`
	CreatedAt   types.String         `tfsdk:"created_at"`
	UpdatedAt   types.String         `tfsdk:"updated_at"`
}

// identifierModel is one element of identifiers.
type identifierModel struct {
	Type    types.String `tfsdk:"type"`
	Value   types.String `tfsdk:"value"`
	Primary types.Bool   `tfsdk:"primary"`
}

var identifierType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"type":    types.StringType,
	"value":   types.StringType,
	"primary": types.BoolType,
}}

func identifiersValue(ctx context.Context, c *bland.Contact) (types.List, diag.Diagnostics) {
	list := make([]identifierModel, 0, len(c.Identifiers))
	for _, id := range c.Identifiers {
		list = append(list, identifierModel{
			Type:    types.StringValue(id.Type),
			Value:   types.StringValue(id.Value),
			Primary: types.BoolValue(id.IsPrimary),
		})
	}
	return types.ListValueFrom(ctx, identifierType, list)
}

// identifierValues returns the values of one type in a state's identifiers list (nil when the list is
// null or unknown).
func identifierValues(ctx context.Context, l types.List, typ string) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var list []identifierModel
	if l.ElementsAs(ctx, &list, false).HasError() {
		return nil
	}
	var out []string
	for _, id := range list {
		if id.Type.ValueString() == typ {
			out = append(out, id.Value.ValueString())
		}
	}
	return out
}

// sameIdentifier compares identifier values as Bland does (equalityOf).
func sameIdentifier(typ, a, b string) bool { return equalityOf(typ).Same(a, b) }

func containsIdentifier(values []string, typ, v string) bool {
	return slices.ContainsFunc(values, func(x string) bool { return sameIdentifier(typ, x, v) })
}

// pickIdentifier chooses the value an identifier argument shows: the wanted value (from the prior
// state or the configuration) when the contact still holds it, else the contact's primary one of
// that type, else null. A contact may hold several of one type after a merge.
func pickIdentifier(c *bland.Contact, typ string, want customtypes.String) customtypes.String {
	rule := equalityOf(typ)
	values := c.Values(typ)
	if !want.IsNull() && !want.IsUnknown() {
		for _, v := range values {
			if rule.Same(v, want.ValueString()) {
				return rule.Value(v)
			}
		}
	}
	if len(values) == 0 {
		return rule.Null()
	}
	return rule.Value(values[0])
}

// setFromContact copies Bland's view of a contact into the model. The current identifier values and
// metadata keys of m say which identifiers it shows and which metadata keys it manages: m holds the
// prior state on refresh and the plan after a create or update. c must carry its identifiers.
func (m *contactModel) setFromContact(ctx context.Context, c *bland.Contact) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.OrgID = types.StringValue(c.OrgID)
	m.Name = types.StringPointerValue(c.Name)
	m.PhoneNumber = pickIdentifier(c, bland.IdentifierPhoneNumber, m.PhoneNumber)
	m.Email = pickIdentifier(c, bland.IdentifierEmail, m.Email)
	m.ExternalID = pickIdentifier(c, bland.IdentifierExternalID, m.ExternalID)
	m.Identifiers, diags = identifiersValue(ctx, c)
	m.MetadataAll = jsontypes.NewNormalizedValue(encodeMetadata(c.Metadata))
	managed, err := managedMetadata(m.Metadata, c.Metadata)
	if err != nil {
		diags.AddAttributeError(pathMetadata, "Invalid metadata in state", err.Error())
	}
	m.Metadata = managed
	m.CreatedAt = types.StringValue(c.CreatedAt)
	m.UpdatedAt = types.StringValue(c.UpdatedAt)
	return diags
}

// keepPlanned puts back every value the plan knew: Terraform requires the state after an apply to
// match the plan, and Bland's view may have moved on in the meantime (calls and agents write metadata
// too). The next refresh shows any such change. Only the plan's unknown values take Bland's view.
func (m *contactModel) keepPlanned(plan *contactModel) {
	keepKnown(&m.PhoneNumber, plan.PhoneNumber)
	keepKnown(&m.Email, plan.Email)
	keepKnown(&m.ExternalID, plan.ExternalID)
	keepKnown(&m.Name, plan.Name)
	keepKnown(&m.Metadata, plan.Metadata)
	keepKnown(&m.MetadataAll, plan.MetadataAll)
	keepKnown(&m.Identifiers, plan.Identifiers)
	keepKnown(&m.OrgID, plan.OrgID)
	keepKnown(&m.CreatedAt, plan.CreatedAt)
	keepKnown(&m.UpdatedAt, plan.UpdatedAt)
	m.AdoptExisting = plan.AdoptExisting
}

// keepKnown sets *got to planned when the plan knew the value.
func keepKnown[T attr.Value](got *T, planned T) {
	if !planned.IsUnknown() {
		*got = planned
	}
}

// hasUnknown reports whether the plan leaves a value for Bland to tell.
func (m *contactModel) hasUnknown() bool {
	for _, v := range []attr.Value{m.ID, m.PhoneNumber, m.Email, m.ExternalID, m.Name, m.MetadataAll,
		m.OrgID, m.Identifiers, m.CreatedAt, m.UpdatedAt} {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// setFromContact fills the data source's state; want holds the identifier it was looked up by.
func (m *contactDataModel) setFromContact(ctx context.Context, c *bland.Contact) diag.Diagnostics {
	m.ID = types.StringValue(c.ID)
	m.OrgID = types.StringValue(c.OrgID)
	m.Name = types.StringPointerValue(c.Name)
	// The identifier looked up by stays as configured (its letter case included).
	if m.PhoneNumber.IsNull() {
		m.PhoneNumber = pickIdentifier(c, bland.IdentifierPhoneNumber, m.PhoneNumber)
	}
	if m.Email.IsNull() {
		m.Email = pickIdentifier(c, bland.IdentifierEmail, m.Email)
	}
	if m.ExternalID.IsNull() {
		m.ExternalID = pickIdentifier(c, bland.IdentifierExternalID, m.ExternalID)
	}
	m.Metadata = jsontypes.NewNormalizedValue(encodeMetadata(c.Metadata))
	m.CreatedAt = types.StringValue(c.CreatedAt)
	m.UpdatedAt = types.StringValue(c.UpdatedAt)
	var diags diag.Diagnostics
	m.Identifiers, diags = identifiersValue(ctx, c)
	return diags
}

// ---- requests ----

// knownString is v's value, or nil when v is null or unknown (for types.String and customtypes.String).
func knownString(v interface {
	IsNull() bool
	IsUnknown() bool
	ValueString() string
}) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// resolveRequest is the body of the create: every identifier, the name and the metadata the
// configuration sets.
func (m *contactModel) resolveRequest() (bland.ResolveRequest, error) {
	md, err := decodeMetadataValue(m.Metadata)
	if err != nil {
		return bland.ResolveRequest{}, err
	}
	return bland.ResolveRequest{
		PhoneNumber: knownString(m.PhoneNumber),
		Email:       knownString(m.Email.StringValue),
		ExternalID:  knownString(m.ExternalID),
		Name:        knownString(m.Name),
		Metadata:    md,
	}, nil
}

// adoptionUpdate is what an existing contact lacks of what the configuration sets: the fields it sets
// whose values differ, identifiers the contact does not hold yet, and the metadata keys it sets whose
// values differ. Nothing the configuration does not set is ever sent, and no key is removed.
func (m *contactModel) adoptionUpdate(c *bland.Contact) (bland.UpdateRequest, error) {
	var u bland.UpdateRequest
	if name := knownString(m.Name); name != nil && (c.Name == nil || *c.Name != *name) {
		u.Name = name
	}
	if email := knownString(m.Email.StringValue); email != nil && !containsIdentifier(c.Values(bland.IdentifierEmail), bland.IdentifierEmail, *email) {
		u.Email = email
	}
	if ext := knownString(m.ExternalID); ext != nil && !containsIdentifier(c.Values(bland.IdentifierExternalID), bland.IdentifierExternalID, *ext) {
		u.ExternalID = ext
	}
	want, err := decodeMetadataValue(m.Metadata)
	if err != nil {
		return u, err
	}
	for k, v := range want {
		if have, ok := c.Metadata[k]; !ok || !jsonEqual(have, v) {
			if u.Metadata == nil {
				u.Metadata = bland.Metadata{}
			}
			u.Metadata[k] = v
		}
	}
	return u, nil
}

// updateRequest is the PATCH for an in-place update: only what the plan changes. An identifier the
// contact already holds (say a second email after a merge) is not sent: nothing needs to change at
// Bland to show it. Metadata sends the managed keys that are new or changed, and null for the keys
// the configuration no longer sets (null removes a key: assumed, see bland.Metadata).
func updateRequest(ctx context.Context, plan, state *contactModel) (bland.UpdateRequest, error) {
	var u bland.UpdateRequest
	if v := knownString(plan.Name); v != nil && !plan.Name.Equal(state.Name) {
		u.Name = v
	}
	if v := knownString(plan.Email); v != nil && !emailRule.Same(*v, state.Email.ValueString()) &&
		!containsIdentifier(identifierValues(ctx, state.Identifiers, bland.IdentifierEmail), bland.IdentifierEmail, *v) {
		u.Email = v
	}
	if v := knownString(plan.ExternalID); v != nil && !externalIDRule.Same(*v, state.ExternalID.ValueString()) &&
		!containsIdentifier(identifierValues(ctx, state.Identifiers, bland.IdentifierExternalID), bland.IdentifierExternalID, *v) {
		u.ExternalID = v
	}
	changes, err := metadataChanges(plan.Metadata, state.Metadata)
	if err != nil {
		return u, err
	}
	if len(changes) > 0 {
		u.Metadata = changes
	}
	return u, nil
}

// ---- metadata ----

// decodeMetadata parses a JSON object into one raw value per top-level key.
func decodeMetadata(s string) (bland.Metadata, error) {
	var md bland.Metadata
	if err := json.Unmarshal([]byte(s), &md); err != nil {
		return nil, fmt.Errorf("metadata must be a JSON object: %w", err)
	}
	if md == nil {
		return nil, fmt.Errorf("metadata must be a JSON object, not null")
	}
	return md, nil
}

// decodeMetadataValue is decodeMetadata for an attribute value; null and unknown give no keys.
func decodeMetadataValue(v jsontypes.Normalized) (bland.Metadata, error) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	return decodeMetadata(v.ValueString())
}

// encodeMetadata renders an object compactly with sorted keys; no keys gives "{}".
func encodeMetadata(md bland.Metadata) string {
	if md == nil {
		md = bland.Metadata{}
	}
	b, err := json.Marshal(md)
	if err != nil {
		// Values came from json.Unmarshal, so they are valid JSON; this cannot happen.
		panic(fmt.Sprintf("encoding metadata: %v", err))
	}
	return string(b)
}

// managedMetadata returns Bland's values of the keys that managed holds, as a JSON object: the part
// of the contact's metadata this configuration manages. Keys other systems added are left out, so
// they never show as drift; a managed key missing at Bland is left out too, so the plan adds it back.
// A null managed value (metadata not set) stays null.
func managedMetadata(managed jsontypes.Normalized, server bland.Metadata) (jsontypes.Normalized, error) {
	if managed.IsNull() || managed.IsUnknown() {
		return managed, nil
	}
	keys, err := decodeMetadata(managed.ValueString())
	if err != nil {
		return managed, err
	}
	out := bland.Metadata{}
	for k := range keys {
		if v, ok := server[k]; ok {
			out[k] = v
		}
	}
	return jsontypes.NewNormalizedValue(encodeMetadata(out)), nil
}

// metadataChanges is the metadata part of an update from the state's managed keys to the plan's:
// new or changed keys with their planned values, and null for keys the plan drops.
func metadataChanges(plan, state jsontypes.Normalized) (bland.Metadata, error) {
	want, err := decodeMetadataValue(plan)
	if err != nil {
		return nil, err
	}
	have, err := decodeMetadataValue(state)
	if err != nil {
		return nil, err
	}
	out := bland.Metadata{}
	for k, v := range want {
		if old, ok := have[k]; !ok || !jsonEqual(old, v) {
			out[k] = v
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			out[k] = bland.Null
		}
	}
	return out, nil
}

// jsonEqual compares two JSON texts by meaning: key order and spacing do not matter, numbers are
// compared as written (1 and 1.0 differ, as jsontypes.Normalized has it).
func jsonEqual(a, b []byte) bool {
	na, errA := normalizeJSON(a)
	nb, errB := normalizeJSON(b)
	return errA == nil && errB == nil && bytes.Equal(na, nb)
}

func normalizeJSON(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
