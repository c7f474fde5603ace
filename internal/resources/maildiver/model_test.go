package maildiver

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
)

func TestFormatEpochMillis(t *testing.T) {
	cases := map[int64]types.String{
		0:             types.StringNull(),
		1741000000123: types.StringValue("2025-03-03T11:06:40.123Z"),
		1741000000000: types.StringValue("2025-03-03T11:06:40.000Z"),
	}
	for in, want := range cases {
		if got := formatEpochMillis(in); !got.Equal(want) {
			t.Errorf("formatEpochMillis(%d) = %s, want %s", in, got, want)
		}
	}
}

func TestChangedFields(t *testing.T) {
	state := contactModel{
		Email:        emailRule.Value("ann@example.com"),
		FirstName:    types.StringValue("Ann"),
		LastName:     types.StringValue("Lee"),
		IsSubscribed: types.BoolValue(true),
	}
	cases := []struct {
		name   string
		edit   func(*contactModel)
		wantOK bool
		check  func(maildiver.ContactFields) bool
	}{
		{"nothing changed", func(*contactModel) {}, false, func(f maildiver.ContactFields) bool { return f == (maildiver.ContactFields{}) }},
		{"only letter case of email", func(m *contactModel) { m.Email = emailRule.Value("Ann@Example.com") }, false,
			func(f maildiver.ContactFields) bool { return f.Email == nil }},
		{"last name only", func(m *contactModel) { m.LastName = types.StringValue("Smith") }, true,
			func(f maildiver.ContactFields) bool {
				return f.LastName != nil && *f.LastName == "Smith" && f.FirstName == nil && f.Email == nil && f.IsSubscribed == nil
			}},
		{"unsubscribe", func(m *contactModel) { m.IsSubscribed = types.BoolValue(false) }, true,
			func(f maildiver.ContactFields) bool {
				return f.IsSubscribed != nil && !*f.IsSubscribed && f.LastName == nil
			}},
		{"new email", func(m *contactModel) { m.Email = emailRule.Value("ann@new.example") }, true,
			func(f maildiver.ContactFields) bool { return f.Email != nil && *f.Email == "ann@new.example" }},
		{"unknown values are not sent", func(m *contactModel) { m.FirstName = types.StringUnknown() }, false,
			func(f maildiver.ContactFields) bool { return f.FirstName == nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := state
			tc.edit(&plan)
			f, ok := changedFields(&plan, &state)
			if ok != tc.wantOK || !tc.check(f) {
				t.Fatalf("changedFields = %+v, %v", f, ok)
			}
		})
	}
}

func TestSetFromContactKeepsNullNames(t *testing.T) {
	var m contactModel
	m.setFromContact("aud", &maildiver.Contact{ID: "c1", Email: "x@example.com", IsSubscribed: false, Created: 1, Updated: 2})
	if !m.FirstName.IsNull() || !m.LastName.IsNull() {
		t.Fatalf("names the server does not have must be null, got %s %s", m.FirstName, m.LastName)
	}
	if m.ID.ValueString() != "c1" || m.AudienceID.ValueString() != "aud" || m.IsSubscribed.ValueBool() {
		t.Fatalf("unexpected model %+v", m)
	}
}
