// Package corporatemerch implements contacts_corporatemerch_contact, its data source and its
// plan-time checks.
package corporatemerch

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/corporatemerch"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// emailRule is email's equality: Corporate Merch stores addresses trimmed and lower-cased (assumed,
// as the mock models it).
const emailRule = customtypes.EmailLowerCase

// contactModel is the resource's and the data source's state.
type contactModel struct {
	ID                   types.String       `tfsdk:"id"`
	FirstName            types.String       `tfsdk:"first_name"`
	LastName             types.String       `tfsdk:"last_name"`
	Email                customtypes.String `tfsdk:"email"`
	Phone                types.String       `tfsdk:"phone"`
	Gender               types.String       `tfsdk:"gender"`
	ShirtSize            types.String       `tfsdk:"shirt_size"`
	Birthday             types.String       `tfsdk:"birthday"`
	Country              types.String       `tfsdk:"country"`
	Address              types.String       `tfsdk:"address"`
	Address2             types.String       `tfsdk:"address2"`
	City                 types.String       `tfsdk:"city"`
	State                types.String       `tfsdk:"state"`
	PostalCode           types.String       `tfsdk:"postal_code"`
	Company              types.String       `tfsdk:"company"`
	Department           types.String       `tfsdk:"department"`
	JobTitle             types.String       `tfsdk:"job_title"`
	EmploymentStatus     types.String       `tfsdk:"employment_status"`
	ContactType          types.String       `tfsdk:"contact_type"`
	EmploymentType       types.String       `tfsdk:"employment_type"`
	StartDate            types.String       `tfsdk:"start_date"`
	AnniversaryDate      types.String       `tfsdk:"anniversary_date"`
	ClientSince          types.String       `tfsdk:"client_since"`
	Classification       types.String       `tfsdk:"classification"`
	AddressValidated     types.Bool         `tfsdk:"address_validated"`
	AddressForceAccepted types.Bool         `tfsdk:"address_force_accepted"`
	AddressVerified      types.Bool         `tfsdk:"address_verified"`
	Lists                types.Set          `tfsdk:"lists"`
	Labels               types.Set          `tfsdk:"labels"`
}

// attributeOfField maps the client's wire field names to attribute names, to place a 422's per-field
// messages on the attribute the user wrote.
var attributeOfField = map[string]string{
	corporatemerch.FieldFirstName:          "first_name",
	corporatemerch.FieldLastName:           "last_name",
	corporatemerch.FieldEmail:              "email",
	corporatemerch.FieldPhone:              "phone",
	corporatemerch.FieldGender:             "gender",
	corporatemerch.FieldShirtSize:          "shirt_size",
	corporatemerch.FieldBirthday:           "birthday",
	corporatemerch.FieldCountry:            "country",
	corporatemerch.FieldAddress:            "address",
	corporatemerch.FieldAddress2:           "address2",
	corporatemerch.FieldCity:               "city",
	corporatemerch.FieldState:              "state",
	corporatemerch.FieldPostalCode:         "postal_code",
	corporatemerch.FieldCompany:            "company",
	corporatemerch.FieldDepartment:         "department",
	corporatemerch.FieldJobTitle:           "job_title",
	corporatemerch.FieldEmploymentStatus:   "employment_status",
	corporatemerch.FieldContactType:        "contact_type",
	corporatemerch.FieldEmploymentType:     "employment_type",
	corporatemerch.FieldStartDate:          "start_date",
	corporatemerch.FieldAnniversaryDate:    "anniversary_date",
	corporatemerch.FieldClientSince:        "client_since",
	corporatemerch.FieldClassification:     "classification",
	corporatemerch.FieldAddressValidated:   "address_validated",
	corporatemerch.FieldAddressForceAccept: "address_force_accepted",
	corporatemerch.FieldAddressVerified:    "address_verified",
	corporatemerch.FieldLists:              "lists",
	corporatemerch.FieldLabels:             "labels",
}

// contactFields is the body of a create (fullReplace false) or of the PUT that replaces the whole
// contact (fullReplace true). Optional arguments the configuration does not set are not sent, which a
// full replace clears; lists and labels are then sent as [] so that no list or label is kept.
func (m *contactModel) contactFields(ctx context.Context, fullReplace bool) (corporatemerch.ContactFields, diag.Diagnostics) {
	var diags diag.Diagnostics
	f := corporatemerch.ContactFields{
		FirstName:          m.FirstName.ValueString(),
		LastName:           m.LastName.ValueString(),
		Email:              m.Email.ValueString(),
		Phone:              knownString(m.Phone),
		Gender:             knownString(m.Gender),
		ShirtSize:          knownString(m.ShirtSize),
		Birthday:           knownString(m.Birthday),
		Country:            m.Country.ValueString(),
		Address:            knownString(m.Address),
		Address2:           knownString(m.Address2),
		City:               m.City.ValueString(),
		State:              m.State.ValueString(),
		PostalCode:         m.PostalCode.ValueString(),
		Company:            knownString(m.Company),
		Department:         knownString(m.Department),
		JobTitle:           knownString(m.JobTitle),
		EmploymentStatus:   knownString(m.EmploymentStatus),
		Type:               m.ContactType.ValueString(),
		EmploymentType:     knownString(m.EmploymentType),
		StartDate:          knownString(m.StartDate),
		AnniversaryDate:    knownString(m.AnniversaryDate),
		ClientSince:        knownString(m.ClientSince),
		Classification:     knownString(m.Classification),
		AddressValidated:   knownBool(m.AddressValidated),
		AddressForceAccept: knownBool(m.AddressForceAccepted),
		AddressVerified:    knownBool(m.AddressVerified),
	}
	f.Lists, diags = int32s(ctx, m.Lists, fullReplace, diags)
	f.Labels, diags = int32s(ctx, m.Labels, fullReplace, diags)
	return f, diags
}

// int32s reads a set of ids (validated at plan to fit in 32 bits). A null set is nil, or an empty
// slice when the body must say "none".
func int32s(ctx context.Context, set types.Set, emptyWhenNull bool, diags diag.Diagnostics) ([]int32, diag.Diagnostics) {
	if set.IsNull() || set.IsUnknown() {
		if emptyWhenNull {
			return []int32{}, diags
		}
		return nil, diags
	}
	var ids []int64
	diags.Append(set.ElementsAs(ctx, &ids, false)...)
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		out = append(out, int32(id))
	}
	return out, diags
}

// setFromContact copies the server's view of a contact into the model. An empty value at the vendor
// (null, "" or []) reads as null, except that an empty set the model already holds stays an empty set,
// so `lists = []` in a configuration plans no change.
func (m *contactModel) setFromContact(c *corporatemerch.Contact) {
	m.ID = types.StringValue(strconv.FormatInt(c.ID, 10))
	m.FirstName = types.StringValue(c.FirstName)
	m.LastName = types.StringValue(c.LastName)
	m.Email = emailRule.Value(c.Email)
	m.Phone = optionalString(c.Phone)
	m.Gender = optionalString(c.Gender)
	m.ShirtSize = optionalString(c.ShirtSize)
	m.Birthday = optionalDate(c.Birthday)
	m.Country = types.StringValue(c.Country)
	m.Address = optionalString(c.Address)
	m.Address2 = optionalString(c.Address2)
	m.City = types.StringValue(c.City)
	m.State = types.StringValue(c.State)
	m.PostalCode = types.StringValue(c.PostalCode)
	m.Company = optionalString(c.Company)
	m.Department = optionalString(c.Department)
	m.JobTitle = optionalString(c.JobTitle)
	m.EmploymentStatus = optionalString(c.EmploymentStatus)
	m.ContactType = types.StringValue(c.Type)
	m.EmploymentType = optionalString(c.EmploymentType)
	m.StartDate = optionalDate(c.StartDate)
	m.AnniversaryDate = optionalDate(c.AnniversaryDate)
	m.ClientSince = optionalDate(c.ClientSince)
	m.Classification = optionalString(c.Classification)
	m.AddressValidated = types.BoolPointerValue(c.AddressValidated)
	m.AddressForceAccepted = types.BoolPointerValue(c.AddressForceAccept)
	m.AddressVerified = types.BoolPointerValue(c.AddressVerified)
	m.Lists = idSet(m.Lists, c.Lists)
	m.Labels = idSet(m.Labels, c.Labels)
}

func optionalString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

func optionalDate(d corporatemerch.Date) types.String {
	if d == "" {
		return types.StringNull()
	}
	return types.StringValue(string(d))
}

func idSet(prior types.Set, ids corporatemerch.IDList) types.Set {
	if len(ids) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.SetNull(types.Int64Type)
	}
	elems := make([]attr.Value, 0, len(ids))
	for _, id := range ids {
		elems = append(elems, types.Int64Value(id))
	}
	return types.SetValueMust(types.Int64Type, elems)
}

// namedValue is one attribute's value, for comparing two models attribute by attribute.
type namedValue struct {
	name  string
	value attr.Value
}

// arguments lists the model's arguments (everything but id), in schema order.
func (m *contactModel) arguments() []namedValue {
	return []namedValue{
		{"first_name", m.FirstName}, {"last_name", m.LastName}, {"email", m.Email}, {"phone", m.Phone},
		{"gender", m.Gender}, {"shirt_size", m.ShirtSize}, {"birthday", m.Birthday}, {"country", m.Country},
		{"address", m.Address}, {"address2", m.Address2}, {"city", m.City}, {"state", m.State},
		{"postal_code", m.PostalCode}, {"company", m.Company}, {"department", m.Department},
		{"job_title", m.JobTitle}, {"employment_status", m.EmploymentStatus}, {"contact_type", m.ContactType},
		{"employment_type", m.EmploymentType}, {"start_date", m.StartDate}, {"anniversary_date", m.AnniversaryDate},
		{"client_since", m.ClientSince}, {"classification", m.Classification},
		{"address_validated", m.AddressValidated}, {"address_force_accepted", m.AddressForceAccepted},
		{"address_verified", m.AddressVerified}, {"lists", m.Lists}, {"labels", m.Labels},
	}
}

// notStoredAsSent lists the arguments whose value the vendor did not store as the plan has it (email
// compared by its rule, as the vendor trims and lower-cases it), as "name (sent X, stored Y)".
func notStoredAsSent(plan, stored *contactModel) []string {
	want, got := plan.arguments(), stored.arguments()
	var out []string
	for i, w := range want {
		g := got[i]
		if w.value.IsUnknown() {
			continue
		}
		if w.name == "email" {
			if plan.Email.Same(stored.Email) {
				continue
			}
		} else if w.value.Equal(g.value) {
			continue
		}
		out = append(out, fmt.Sprintf("%s (sent %s, stored %s)", w.name, w.value, g.value))
	}
	return out
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

// parseID reads a contact id (assumed: a positive integer).
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a Corporate Merch contact id, which is a positive whole number such as 1234", s)
	}
	return id, nil
}
