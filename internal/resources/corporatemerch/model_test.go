package corporatemerch

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
)

func ids(vs ...int64) types.Set {
	elems := make([]attr.Value, 0, len(vs))
	for _, v := range vs {
		elems = append(elems, types.Int64Value(v))
	}
	return types.SetValueMust(types.Int64Type, elems)
}

// minimal is a configuration with the required arguments only; every optional one is null.
func minimal() contactModel {
	m := contactModel{
		ID: types.StringNull(), FirstName: types.StringValue("Ada"), LastName: types.StringValue("Lovelace"),
		Email: emailRule.Value("Ada@Example.com"), Country: types.StringValue("US"), Address: types.StringValue("1 Main St"),
		City: types.StringValue("Springfield"), State: types.StringValue("IL"), PostalCode: types.StringValue("62701"),
		ContactType: types.StringValue("employee"),
		Lists:       types.SetNull(types.Int64Type), Labels: types.SetNull(types.Int64Type),
	}
	for _, p := range []*types.String{&m.Phone, &m.Gender, &m.ShirtSize, &m.Birthday, &m.Address2, &m.Company, &m.Department,
		&m.JobTitle, &m.EmploymentStatus, &m.EmploymentType, &m.StartDate, &m.AnniversaryDate, &m.ClientSince, &m.Classification} {
		*p = types.StringNull()
	}
	for _, p := range []*types.Bool{&m.AddressValidated, &m.AddressForceAccepted, &m.AddressVerified} {
		*p = types.BoolNull()
	}
	return m
}

func body(t *testing.T, m contactModel, fullReplace bool) string {
	t.Helper()
	f, diags := m.contactFields(context.Background(), fullReplace)
	if diags.HasError() {
		t.Fatal(diags)
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A create sends what the configuration sets; the full-contact PUT also says "no lists, no labels"
// when the configuration has none, so that a PUT clears them.
func TestContactFields(t *testing.T) {
	m := minimal()
	create := body(t, m, false)
	for _, absent := range []string{`"lists"`, `"labels"`, `"phone_number"`, `"unit"`, `"address_validated"`} {
		if strings.Contains(create, absent) {
			t.Errorf("create body %s sends %s", create, absent)
		}
	}
	put := body(t, m, true)
	if !strings.Contains(put, `"lists":[]`) || !strings.Contains(put, `"labels":[]`) || strings.Contains(put, `"unit"`) {
		t.Errorf("PUT body %s", put)
	}

	m.Lists, m.Labels = ids(3, 1), ids()
	m.AddressForceAccepted = types.BoolValue(false)
	m.Address2 = types.StringValue("Suite 5")
	got := body(t, m, false)
	for _, want := range []string{`"labels":[]`, `"address_forced":false`, `"unit":"Suite 5"`, `"email":"Ada@Example.com"`} {
		if !strings.Contains(got, want) {
			t.Errorf("body %s lacks %s", got, want)
		}
	}
	if !strings.Contains(got, `"lists":[1,3]`) && !strings.Contains(got, `"lists":[3,1]`) {
		t.Errorf("body %s lacks the lists", got)
	}
}

// Reading the server's contact: empty values read as null, except an empty set the model already
// holds; what the server stores as sent compares equal to the plan.
func TestSetFromContactAndStoredAsSent(t *testing.T) {
	plan := minimal()
	plan.Lists = ids()                              // the configuration says lists = []
	plan.Birthday = types.StringValue("1990-01-15") // a date
	plan.AddressVerified = types.BoolValue(false)   // an explicit false
	plan.Classification = types.StringValue("VIP")  // an optional text
	c := &corporatemerch.Contact{
		ID: 1001, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Country: "US",
		Address: ptr("1 Main St"), Address2: ptr(""), City: "Springfield", State: "IL", PostalCode: "62701", Type: "employee",
		Birthday: "1990-01-15", AddressVerified: ptr(false), Classification: ptr("VIP"), Lists: corporatemerch.IDList{},
	}
	got := plan
	got.setFromContact(c)
	if got.ID.ValueString() != "1001" {
		t.Errorf("id %s", got.ID)
	}
	if !got.Address2.IsNull() || !got.Phone.IsNull() || !got.Labels.IsNull() || !got.StartDate.IsNull() {
		t.Errorf("empty values must read as null: address2 %s phone %s labels %s start_date %s", got.Address2, got.Phone, got.Labels, got.StartDate)
	}
	if got.Lists.IsNull() || len(got.Lists.Elements()) != 0 {
		t.Errorf("lists = [] in the plan must stay an empty set, got %s", got.Lists)
	}
	if bad := notStoredAsSent(&plan, &got); len(bad) != 0 {
		t.Errorf("stored as sent, yet reported: %v", bad)
	}

	// Imported (no prior): [] from the server is null.
	var imported contactModel
	imported.Lists, imported.Labels = types.SetNull(types.Int64Type), types.SetNull(types.Int64Type)
	imported.setFromContact(c)
	if !imported.Lists.IsNull() {
		t.Errorf("imported lists %s, want null", imported.Lists)
	}

	// What the server did not store as sent is named, with both values.
	c.City, c.Phone, c.Lists = "Chicago", ptr("555"), corporatemerch.IDList{2}
	got = plan
	got.setFromContact(c)
	bad := strings.Join(notStoredAsSent(&plan, &got), "; ")
	for _, want := range []string{`phone (sent <null>, stored "555")`, `city (sent "Springfield", stored "Chicago")`, `lists (sent [], stored [2])`} {
		if !strings.Contains(bad, want) {
			t.Errorf("report %q lacks %q", bad, want)
		}
	}
	if strings.Contains(bad, "email") {
		t.Errorf("an email differing only in letter case was reported: %s", bad)
	}
}

func TestParseID(t *testing.T) {
	for in, ok := range map[string]bool{"1": true, "1234": true, "0": false, "-4": false, "12a": false, "": false, "ada@example.com": false} {
		if _, err := parseID(in); (err == nil) != ok {
			t.Errorf("parseID(%q) = %v, want accepted=%v", in, err, ok)
		}
	}
}

func ptr[T any](v T) *T { return &v }
