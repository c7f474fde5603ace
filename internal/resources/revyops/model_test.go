package revyops

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/revyops"
)

func strMap(kv ...string) types.Map {
	m := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, m)
}

// baseModel is a contact in state: managed tier=gold, company 1 given by domain acme.com.
func baseModel() contactModel {
	return contactModel{
		ID:            types.StringValue("4021"),
		Email:         emailRule.Value("ann@example.com"),
		FirstName:     types.StringValue("Ann"),
		LastName:      types.StringNull(),
		LinkedInURL:   types.StringValue("https://linkedin.com/in/ann"),
		Origin:        types.StringValue("import"),
		ContactStatus: types.StringValue("new"),
		CompanyID:     types.Int64Value(1),
		CompanyDomain: domainRule.Value("acme.com"),
		CustomFields:  strMap("tier", "gold"),
	}
}

func TestUpdateFields(t *testing.T) {
	cases := []struct {
		name   string
		change func(plan, state *contactModel)
		want   string // the JSON body; "" = nothing to send
	}{
		{"no change", func(plan, state *contactModel) {}, ""},
		{"email letter case only", func(plan, _ *contactModel) { plan.Email = emailRule.Value("Ann@Example.com") }, ""},
		{"email", func(plan, _ *contactModel) { plan.Email = emailRule.Value("ann@other.example") }, `{"email":"ann@other.example"}`},
		{"removed names and URL are cleared", func(plan, _ *contactModel) {
			plan.FirstName, plan.LinkedInURL = types.StringNull(), types.StringNull()
		}, `{"linkedin_url":"","first_name":""}`},
		{"origin and status are sent when set", func(plan, _ *contactModel) {
			plan.ContactStatus = types.StringValue("engaged")
		}, `{"contact_status":"engaged"}`},
		{"unmanaged status is not sent", func(plan, _ *contactModel) { plan.ContactStatus = types.StringUnknown() }, ""},
		{"new domain", func(plan, _ *contactModel) {
			plan.CompanyDomain, plan.CompanyID = domainRule.Value("initech.com"), types.Int64Unknown()
		}, `{"company_id":"initech.com"}`},
		{"domain resent after the company changed elsewhere", func(plan, state *contactModel) {
			state.CompanyDomain, state.CompanyID = domainRule.Null(), types.Int64Value(2)
			plan.CompanyID = types.Int64Unknown()
		}, `{"company_id":"acme.com"}`},
		{"company by id", func(plan, _ *contactModel) {
			plan.CompanyDomain, plan.CompanyID = domainRule.Null(), types.Int64Value(2)
		}, `{"company_id":2}`},
		{"same company by id instead of domain", func(plan, _ *contactModel) {
			plan.CompanyDomain = domainRule.Null()
		}, ""},
		{"custom field added, changed and removed", func(plan, state *contactModel) {
			state.CustomFields = strMap("tier", "gold", "region", "emea", "same", "x")
			plan.CustomFields = strMap("tier", "platinum", "size", "L", "same", "x")
		}, `{"contact_custom_fields":[{"field_name":"size","field_value":"L"},{"field_name":"tier","field_value":"platinum"},{"field_name":"region","field_value":null}]}`},
		{"all custom fields removed", func(plan, _ *contactModel) { plan.CustomFields = types.MapNull(types.StringType) },
			`{"contact_custom_fields":[{"field_name":"tier","field_value":null}]}`},
		{"after import nothing is managed yet", func(plan, state *contactModel) { state.CustomFields = types.MapNull(types.StringType) },
			`{"contact_custom_fields":[{"field_name":"tier","field_value":"gold"}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan, state := baseModel(), baseModel()
			tc.change(&plan, &state)
			f, ok := updateFields(&plan, &state)
			got := ""
			if ok {
				b, err := json.Marshal(f)
				if err != nil {
					t.Fatal(err)
				}
				got = string(b)
			}
			if got != tc.want {
				t.Fatalf("body %s, want %s", got, tc.want)
			}
		})
	}
}

func TestCreateFields(t *testing.T) {
	m := baseModel()
	m.Origin, m.ContactStatus = types.StringUnknown(), types.StringUnknown() // not configured: computed
	b, _ := json.Marshal(m.createFields())
	want := `{"email":"ann@example.com","linkedin_url":"https://linkedin.com/in/ann","first_name":"Ann","company_id":"acme.com",` +
		`"contact_custom_fields":[{"field_name":"tier","field_value":"gold"}]}`
	if string(b) != want {
		t.Fatalf("body %s, want %s", b, want)
	}
	m.CompanyDomain, m.CompanyID = domainRule.Null(), types.Int64Unknown()
	if m.createFields().CompanyID != nil {
		t.Fatal("an unconfigured company must not be sent")
	}
}

func TestSetFromContactKeepsManagedFieldsOnly(t *testing.T) {
	empty, status := "", "new"
	company := int64(1)
	c := &revyops.Contact{ID: 4021, Email: "ann@example.com", FirstName: &empty, ContactStatus: &status, CompanyID: &company,
		UpdatedTime: "2026-01-02T03:04:05Z", CustomFields: revyops.CustomFields{"tier": "platinum", "source": "webinar"}}

	m := baseModel()
	m.CustomFields = strMap("tier", "gold", "region", "emea")
	if diags := m.setFromContact(c); diags.HasError() {
		t.Fatal(diags)
	}
	if !m.CustomFields.Equal(strMap("tier", "platinum")) {
		t.Errorf("custom_fields %v: want the managed keys the server has, with its values", m.CustomFields)
	}
	if !m.CustomFieldsAll.Equal(strMap("tier", "platinum", "source", "webinar")) {
		t.Errorf("custom_fields_all %v", m.CustomFieldsAll)
	}
	if !m.FirstName.IsNull() || !m.LinkedInURL.IsNull() || m.ContactStatus.ValueString() != "new" || m.ID.ValueString() != "4021" {
		t.Errorf("strings: first_name %v linkedin_url %v status %v id %v", m.FirstName, m.LinkedInURL, m.ContactStatus, m.ID)
	}
	if m.CompanyDomain.ValueString() != "acme.com" {
		t.Errorf("company_domain is the configuration's, got %v", m.CompanyDomain)
	}

	imported := contactModel{CustomFields: types.MapNull(types.StringType)}
	imported.setFromContact(c)
	if !imported.CustomFields.IsNull() {
		t.Errorf("after import no custom field is managed, got %v", imported.CustomFields)
	}
}

func TestParseID(t *testing.T) {
	for in, ok := range map[string]bool{"4021": true, "1": true, "0": false, "-3": false, "abc": false, "": false, "12a": false} {
		if _, err := parseID(in); (err == nil) != ok {
			t.Errorf("parseID(%q) error %v", in, err)
		}
	}
}
