package bland

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/settle"
)

// identifiersText names the configured identifiers, for messages: `phone number "+1…" and email "a@b"`.
func (m *contactModel) identifiersText() string {
	var parts []string
	for _, f := range []struct {
		label string
		v     *string
	}{
		{"phone number", knownString(m.PhoneNumber)},
		{"email", knownString(m.Email)},
		{"external id", knownString(m.ExternalID)},
	} {
		if f.v != nil {
			parts = append(parts, fmt.Sprintf("%s %q", f.label, *f.v))
		}
	}
	return strings.Join(parts, " and ")
}

// importID is the import id that finds this configuration's contact by its first identifier in the
// order resolve uses them.
func (m *contactModel) importID() string {
	switch {
	case knownString(m.PhoneNumber) != nil:
		return "phone_number:" + m.PhoneNumber.ValueString()
	case knownString(m.Email) != nil:
		return "email:" + m.Email.ValueString()
	case knownString(m.ExternalID) != nil:
		return "external_id:" + m.ExternalID.ValueString()
	}
	return "<contact id>"
}

// withOnlyKnown is the plan with the contact's id and every value the plan left unknown set to null:
// what the state can record of a contact whose id is known when reading it back failed. The next
// refresh fills in the rest.
func (m *contactModel) withOnlyKnown(ctx context.Context, id string) (contactModel, error) {
	out := *m
	out.ID = types.StringValue(id)
	return out, settle.NullUnknowns(ctx, &out)
}

// holdsCreated reports whether c holds what a resolve of m sets on a contact it creates: the name and
// the metadata keys m sets. A contact that does not existed before: resolve leaves an existing contact
// unchanged (assumed).
func (m *contactModel) holdsCreated(c *bland.Contact) bool {
	if name := knownString(m.Name); name != nil && (c.Name == nil || *c.Name != *name) {
		return false
	}
	want, err := decodeMetadataValue(m.Metadata)
	if err != nil {
		return false
	}
	for k, v := range want {
		if have, ok := c.Metadata[k]; !ok || !jsonEqual(have, v) {
			return false
		}
	}
	return true
}

// madeSince reports whether c is the contact a resolve of m, first sent at since, created: it holds
// what that resolve set, and was created since shortly before it (settle.RecentWindow, for clocks
// that disagree).
func (m *contactModel) madeSince(c *bland.Contact, since time.Time) bool {
	return m.holdsCreated(c) && settle.CreatedSince(c.CreatedAt, since.Add(-settle.RecentWindow))
}
